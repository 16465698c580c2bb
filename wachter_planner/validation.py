from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, router, transaction


class ValidatedModel(models.Model):
    """Runs every model rule on save, so admin, API, imports and commands share one gate.

    A database constraint that fails is reported on the field a user would change, named in
    `constraint_fields` (SPEC §5: `end_date`, not `non_field_errors`).
    """

    constraint_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.full_clean()
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError:
            # A concurrent request took the value between our check and our write: report
            # the rule it broke, as if we had been second all along.
            self.full_clean()
            raise

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    errors.setdefault(field, []).append(error)
        if errors:
            raise ValidationError(errors)
