from django.core.management.base import BaseCommand, CommandError

from trusts.importing import TrustImportError, import_trust_files


class Command(BaseCommand):
    help = (
        "Import NHS trusts from ODS etr.csv files (24 or 27 fields, no header) and headed CSV "
        "tables. All files are imported together, or, if any row is bad, none."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        try:
            summary = import_trust_files(files)
        except TrustImportError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Trusts imported from {len(files)} file(s): {summary}.")
