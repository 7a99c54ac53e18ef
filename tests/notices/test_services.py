from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.db import transaction
from django.utils import timezone

from mvp_portal.notices import services
from mvp_portal.notices.models import Notice
from mvp_portal.notices.tasks import sweep_notices
from tests.factories import UserFactory


def enqueue(key="k1", to="someone@example.org", number=1):
    return services.notice_enqueue(key=key, to=to, template="notices/emails/test", context={"number": number})


def test_enqueue_renders_subject_text_and_html(db, outsider):
    notice = enqueue(to=outsider)
    assert notice.subject == "Test notice 1"
    assert f"Hello {outsider.display_name}" in notice.body_text
    assert "<b>1</b>" in notice.body_html
    assert notice.to_email == outsider.email and notice.recipient == outsider
    assert notice.state == Notice.State.QUEUED


def test_enqueued_twice_with_the_same_key_is_sent_once(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue()
        second = enqueue(number=2)
    assert first.pk == second.pk
    assert Notice.objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Test notice 1"
    assert Notice.objects.get().state == Notice.State.SENT


def test_a_notice_whose_transaction_rolls_back_is_never_sent(transactional_db, mailoutbox):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        enqueue()
        raise Abort
    assert Notice.objects.count() == 0
    assert mailoutbox == []


def test_the_message_carries_text_and_html(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue()
    message = mailoutbox[0]
    assert "test notice 1" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["X-Notice-Key"] == "k1"


def test_only_one_claim_wins(db):
    notice = enqueue()
    assert services.notice_claim(notice.pk) is True
    assert services.notice_claim(notice.pk) is False
    notice.refresh_from_db()
    assert notice.state == Notice.State.SENDING and notice.attempts == 1


def test_send_skips_a_notice_already_sent(db, mailoutbox):
    notice = enqueue()
    assert services.notice_send(notice.pk) == Notice.State.SENT
    assert services.notice_send(notice.pk) == "skipped"
    assert len(mailoutbox) == 1


def test_transient_failure_requeues_with_the_error_then_gives_up(db, settings, monkeypatch):
    settings.NOTICE_MAX_ATTEMPTS = 2
    notice = enqueue()

    def refuse(self, fail_silently=False):
        raise SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(SMTPServerDisconnected):
        services.notice_send(notice.pk)
    notice.refresh_from_db()
    assert notice.state == Notice.State.QUEUED
    assert "connection lost" in notice.last_error
    with pytest.raises(SMTPServerDisconnected):
        services.notice_send(notice.pk)
    notice.refresh_from_db()
    assert notice.state == Notice.State.FAILED and notice.attempts == 2


def test_sweeper_redispatches_only_stale_queued_notices(db, settings, mailoutbox):
    settings.NOTICE_REDISPATCH_AFTER = timedelta(minutes=1)
    stale = enqueue(key="stale")
    fresh = enqueue(key="fresh")
    Notice.objects.filter(pk=stale.pk).update(dispatched_at=timezone.now() - timedelta(minutes=5))
    # The broker lost "stale"; "fresh" is presumably still on its way.
    assert sweep_notices() == 1
    assert Notice.objects.get(pk=stale.pk).state == Notice.State.SENT
    assert Notice.objects.get(pk=fresh.pk).state == Notice.State.QUEUED
    assert [m.subject for m in mailoutbox] == ["Test notice 1"]


def test_sweeper_requeues_a_notice_abandoned_by_a_dead_worker(db, settings, mailoutbox, clock):
    settings.NOTICE_STUCK_AFTER = timedelta(minutes=10)
    settings.NOTICE_REDISPATCH_AFTER = timedelta(0)
    notice = enqueue()
    services.notice_claim(notice.pk)
    clock.shift(timedelta(minutes=11))
    assert sweep_notices() == 1
    assert Notice.objects.get(pk=notice.pk).state == Notice.State.SENT
    assert len(mailoutbox) == 1


def test_sweeper_leaves_a_notice_being_sent_now(db, settings):
    settings.NOTICE_REDISPATCH_AFTER = timedelta(0)
    notice = enqueue()
    services.notice_claim(notice.pk)
    assert sweep_notices() == 0
    assert Notice.objects.get(pk=notice.pk).state == Notice.State.SENDING


def test_enqueue_many_skips_keys_already_in_the_outbox_and_sends_after_commit(
    db, mailoutbox, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    people = UserFactory.create_batch(3)
    enqueue(key="many-0", to=people[0])
    pending = [
        services.PendingNotice(key=f"many-{i}", to=person, template="notices/emails/test", context={"number": i})
        for i, person in enumerate(people)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, django_assert_max_num_queries(1):
        added = services.notices_enqueue_many(pending)
    assert len(added) == 2
    assert len(callbacks) == 1
    assert sorted(m.subject for m in mailoutbox) == ["Test notice 1", "Test notice 2"]
    assert Notice.objects.filter(key__startswith="many-").count() == 3


def test_many_notices_go_to_the_broker_in_a_few_messages_each_fanned_out_to_one_send_each(
    db, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from mvp_portal.notices import tasks

    monkeypatch.setattr(services, "DISPATCH_BATCH", 10)
    handed, sends = [], []
    real_batch, real_send = tasks.dispatch_notices.delay, tasks.send_notice.delay
    monkeypatch.setattr(tasks.dispatch_notices, "delay", lambda ids: handed.append(ids) or real_batch(ids))
    monkeypatch.setattr(tasks.send_notice, "delay", lambda pk: sends.append(pk) or real_send(pk))
    people = UserFactory.create_batch(25)
    pending = [
        services.PendingNotice(key=f"fan-{i}", to=person, template="notices/emails/test", context={"number": i})
        for i, person in enumerate(people)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ids = services.notices_enqueue_many(pending)
    assert [len(batch) for batch in handed] == [10, 10, 5]  # three messages for 25 notices
    assert sorted(sends) == sorted(ids)  # then each its own send_notice, retried on its own
    assert len(mailoutbox) == 25
    assert Notice.objects.filter(state=Notice.State.SENT).count() == 25


def test_a_few_notices_go_to_the_broker_one_task_each(db, django_capture_on_commit_callbacks, monkeypatch):
    from mvp_portal.notices import tasks

    handed = []
    monkeypatch.setattr(tasks.dispatch_notices, "delay", lambda ids: handed.append(ids))
    monkeypatch.setattr(services, "notice_dispatch", lambda pk: handed.append(pk))
    pending = [
        services.PendingNotice(key=f"few-{i}", to=person, template="notices/emails/test", context={"number": i})
        for i, person in enumerate(UserFactory.create_batch(3))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ids = services.notices_enqueue_many(pending)
    assert handed == ids


def test_a_batch_the_broker_refuses_stays_queued_for_the_sweeper(
    db, settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, clock
):
    from mvp_portal.notices import tasks

    def broker_down(ids):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.dispatch_notices, "delay", broker_down)
    pending = [
        services.PendingNotice(key=f"down-{i}", to=person, template="notices/emails/test", context={"number": i})
        for i, person in enumerate(UserFactory.create_batch(services.DISPATCH_DIRECTLY + 1))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.notices_enqueue_many(pending)  # the commit stands; nothing raised
    assert mailoutbox == []
    settings.NOTICE_REDISPATCH_AFTER = timedelta(minutes=1)
    clock.shift(timedelta(minutes=2))
    assert sweep_notices() == len(pending)
    assert len(mailoutbox) == len(pending)


def test_text_and_subject_are_not_html_escaped_but_html_is(db):
    from tests.factories import UserFactory

    person = UserFactory(display_name="Olga O'Brien & <Sons>")
    notice = services.notice_enqueue(
        key="escape", to=person, template="notices/emails/test", context={"number": "O'Brien & <3>"}
    )
    assert notice.subject == "Test notice O'Brien & <3>"
    assert "Hello Olga O'Brien & <Sons>, this is test notice O'Brien & <3>." in notice.body_text
    assert "&#x27;" not in notice.subject + notice.body_text and "&amp;" not in notice.body_text
    assert "Olga O&#x27;Brien &amp; &lt;Sons&gt;" in notice.body_html
    assert "<b>O&#x27;Brien &amp; &lt;3&gt;</b>" in notice.body_html


def test_a_notice_is_written_in_its_recipients_language_whatever_the_senders(db):
    from datetime import date

    from django.utils import translation

    reader = UserFactory(language="de")
    with translation.override("en"):
        notice = services.notice_enqueue(
            key="language-de", to=reader, template="notices/emails/test", context={"number": 1, "on": date(2027, 1, 1)}
        )
    assert notice.language == "de"
    assert "1. Januar 2027" in notice.body_text and "1. Januar 2027" in notice.body_html


def test_a_notice_without_a_chosen_language_is_in_the_programs_and_an_address_may_name_one(db):
    from datetime import date

    plain = services.notice_enqueue(
        key="language-default", to=UserFactory(), template="notices/emails/test", context={"number": 1}
    )
    assert plain.language == "en"
    spanish = services.notice_enqueue(
        key="language-es",
        to="nadie@example.org",
        template="notices/emails/test",
        context={"number": 1, "on": date(2027, 1, 1)},
        language="es",
    )
    assert spanish.language == "es" and "1 de enero de 2027" in spanish.body_text


def test_many_notices_are_each_in_their_recipients_language(db):
    from datetime import date

    people = [UserFactory(language="fr"), UserFactory(language="ja")]
    services.notices_enqueue_many(
        [
            services.PendingNotice(
                key=f"many-lang-{p.pk}",
                to=p,
                template="notices/emails/test",
                context={"number": 1, "on": date(2027, 1, 1)},
            )
            for p in people
        ]
    )
    by_language = {n.language: n.body_text for n in Notice.objects.filter(key__startswith="many-lang-")}
    assert "1 janvier 2027" in by_language["fr"] and "2027年1月1日" in by_language["ja"]
