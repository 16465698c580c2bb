import operator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import CheckConstraint, F, Q

COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


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

    def check_in_memory(self, exclude=()):
        """Every rule of the model that needs no query: the fields' rules, `clean()`, and the
        check constraints evaluated on the instance's own values, keyed as `full_clean` keys
        them. Uniqueness and references are left to the caller, to check in bulk (so a
        workforce return of 50,000 rows is checked without a query per row)."""
        self.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        errors = {}
        for constraint in self._meta.constraints:
            if isinstance(constraint, CheckConstraint) and holds(constraint.condition, self) is False:
                field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                errors.setdefault(field, []).append(ValidationError(constraint.get_violation_error_message()))
        if errors:
            raise ValidationError(errors)


def holds(condition, instance):
    """A check constraint's condition on an unsaved instance, with SQL's logic: None when it
    compares with a null (a CHECK passes then, as in the database)."""
    if isinstance(condition, Q):
        outcomes = [holds(child, instance) for child in condition.children]
        if condition.connector == Q.AND:
            outcome = False if False in outcomes else None if None in outcomes else True
        else:
            outcome = True if True in outcomes else None if None in outcomes else False
        return outcome if outcome is None or not condition.negated else not outcome
    lookup, expected = condition
    field, _, comparison = lookup.partition("__")
    value = getattr(instance, field)
    if comparison == "isnull":
        return (value is None) == expected
    if isinstance(expected, F):
        expected = getattr(instance, expected.name)
    if value is None or expected is None:
        return None
    return COMPARISONS[comparison or "exact"](value, expected)
