from rest_framework import serializers


def money_field(help_text="", **kwargs):
    """An amount in pounds and pence, sent as a string like "13300.00"."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, help_text=help_text, **kwargs)


def named_by(field):
    """How the API names the record a related field points at, e.g. " By its ods_code."."""
    if isinstance(field, serializers.SlugRelatedField):
        return f" By its {field.slug_field}."
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return f" By its {field.queryset.model._meta.pk.name}."
    return ""


def describe_from_model(fields, meta):
    """Describe each field its serializer leaves undescribed by its model field's help text
    (and a primary key as "The <model>'s id.")."""
    model_fields = {model_field.name: model_field for model_field in meta.get_fields()}
    for name, field in fields.items():
        model_field = model_fields.get(field.source or name)  # source is only set once bound
        if model_field is None:
            continue
        model_help = getattr(model_field, "help_text", "")
        if model_help and field.help_text in (None, model_help):
            field.help_text = model_help + named_by(field)
        elif not field.help_text and getattr(model_field, "primary_key", False):
            field.help_text = f"The {meta.verbose_name}'s id."


class ModelRulesSerializer(serializers.ModelSerializer):
    """The base of every model serializer in the API.

    The model's own rules are the only rules beyond field types: models check themselves as
    they save (`ValidatedModel`), and the API's error handler turns their refusal into DRF's
    field-keyed 400. So no rule is written twice, and none is left out here.

    Related fields offer only the records the requesting user can see: a record out of sight
    is as unknown as one that does not exist.

    A field is described by its model field's help text, declared fields too, so the API docs,
    the admin and forms say the same.
    """

    def get_fields(self):
        fields = super().get_fields()
        describe_from_model(fields, self.Meta.model._meta)
        request = self.context.get("request")
        if request is not None:
            for field in fields.values():
                queryset = getattr(field, "queryset", None)
                if hasattr(queryset, "restrict"):
                    field.queryset = queryset.restrict(request.user, "view")
        return fields

    def get_validators(self):
        # Uniqueness across fields is a model constraint, reported on its field when saving.
        return []


class HistoryEntrySerializer(serializers.Serializer):
    """One change to a record, from its audit history."""

    history_date = serializers.DateTimeField(help_text="When the change was made.")
    history_user = serializers.CharField(
        allow_null=True, help_text="Who made it (username), or null for a command or task."
    )
    history_origin = serializers.ChoiceField(
        choices=["api", "admin", "page", "import", "command", "task"], help_text="Where the change came from."
    )
    history_type = serializers.ChoiceField(
        choices=["created", "changed", "deleted"], help_text="What happened to the record."
    )
    changes = serializers.DictField(
        child=serializers.ListField(allow_null=True),
        help_text="Each field that changed, as [old, new] (old is null when the record was created).",
    )
