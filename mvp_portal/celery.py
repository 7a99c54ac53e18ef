"""The Celery application: configured from Django settings (``CELERY_*``).

Tasks live in each app's ``tasks.py`` and are found by autodiscovery; the
periodic schedule lives in the database (django-celery-beat), so operators see
and change it in the admin.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mvp_portal.settings")

app = Celery("mvp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
