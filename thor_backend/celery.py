"""The Celery application: broker is Redis, schedules live in django-celery-beat."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thor_backend.settings")

app = Celery("thor_backend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
