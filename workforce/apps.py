from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Clinical-informatics workforce"

    def ready(self):
        # The recompute triggers, and the tasks the recompute wakes by name (every process,
        # not only the worker, must know them: eager runs and the web's own sends need them).
        from . import signals, tasks  # noqa: F401
