import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wachter_planner.settings")

app = Celery("wachter_planner")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
