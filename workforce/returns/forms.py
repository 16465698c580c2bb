from django import forms

from .parsing import MAX_BYTES


class ReturnUploadForm(forms.Form):
    """A workforce return to import, or only to check."""

    file = forms.FileField(
        label="Workforce return",
        help_text="CSV (UTF-8) or XLSX, at most 10 MB and 50,000 rows.",
        widget=forms.ClearableFileInput(attrs={"class": "nhsuk-file-upload", "accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label="Only check it: show what it would change, and write nothing",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is over {MAX_BYTES // (1024 * 1024)} MB: split it into smaller returns."
            )
        return upload
