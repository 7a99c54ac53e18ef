"""The Celery application: configured from Django settings (``CELERY_*``).

Tasks live in each app's ``tasks.py`` and are found by autodiscovery; the
periodic schedule lives in the database (django-celery-beat), so operators see
and change it in the admin.
"""

import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mvp_portal.settings")

app = Celery("mvp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


NOTICE_TASKS = frozenset({"mvp_portal.notices.tasks.send_notice", "mvp_portal.notices.tasks.dispatch_notices"})


def notice_queue(default_queue: str) -> str:
    """The queue of the e-mail of a deployment whose tasks go to ``default_queue``."""
    return f"{default_queue}.notices"


def route_task(name, args, kwargs, options, task=None, **kw):
    """Notices on their own queue, everything else on the default one. Read
    at each send, so a test that changes the default queue moves both."""
    if name in NOTICE_TASKS:
        return {"queue": notice_queue(app.conf.task_default_queue)}
    return None


@signals.worker_shutdown.connect
def exit_promptly(**kwargs) -> None:
    """With ``CELERY_EXIT_PROMPTLY=1`` (``make run`` sets it), leave as soon as the
    warm shutdown is done: the interpreter's own teardown takes seconds more, and
    honcho kills what has not stopped five seconds after Ctrl-C."""
    if os.environ.get("CELERY_EXIT_PROMPTLY") == "1":
        logging.shutdown()
        os._exit(0)
