from django.apps import AppConfig


class TrustsConfig(AppConfig):
    name = "trusts"
    verbose_name = "NHS trusts"

    def ready(self):
        # `field__any=ids` for every app (wachter_planner owns no models, so no app config).
        from wachter_planner import lookups  # noqa: F401
