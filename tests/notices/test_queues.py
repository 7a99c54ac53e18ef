"""E-mail has a queue of its own, so a long job is never queued behind it."""

from django.conf import settings

from mvp_portal.celery import app, route_task


def test_notices_go_to_their_own_queue_and_everything_else_to_the_default():
    default = app.conf.task_default_queue
    assert route_task("mvp_portal.notices.tasks.send_notice", (1,), {}, {}) == {"queue": f"{default}.notices"}
    batch = route_task("mvp_portal.notices.tasks.dispatch_notices", ([1, 2],), {}, {})
    assert batch == {"queue": f"{default}.notices"}
    assert route_task("awards.tasks.announce_cycle", (1,), {}, {}) is None


def test_a_worker_started_without_queues_takes_from_both():
    assert [q.name for q in settings.CELERY_TASK_QUEUES] == [
        settings.CELERY_TASK_DEFAULT_QUEUE,
        f"{settings.CELERY_TASK_DEFAULT_QUEUE}.notices",
    ]
