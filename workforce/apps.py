from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Clinical-informatics workforce"

    def ready(self):
        from . import signals  # noqa: F401  (connects the recompute triggers)
