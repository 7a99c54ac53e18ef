"""Writing to the outbox and sending from it."""

import functools
import logging
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, escape

from mvp_portal import bulk

from .models import Notice

logger = logging.getLogger(__name__)


# Links that work as a key (password reset, invitation) are never stored: the
# bodies hold this slot, and ``notice_send`` fills it with a link made from the
# notice's reference by the resolver registered for its kind.
LINK_SLOT = "[[secret-link]]"
_LINK_RESOLVERS: dict[str, Callable[[int], str | None]] = {}


@dataclass(frozen=True)
class NoticeLink:
    """What a mail's link is made from when it is sent: a registered kind and an id."""

    kind: str
    ref: int


def notice_link_register(kind: str, resolve: Callable[[int], str | None]) -> None:
    """``resolve(ref)`` returns the absolute link for ``ref``, or None when it no
    longer applies (the invitation was revoked, the account closed): the notice
    is then cancelled instead of sent. Apps register theirs in ``ready()``."""
    _LINK_RESOLVERS[kind] = resolve


def _render_one(name: str, context: dict, *, autoescape: bool) -> str:
    # Plain text and subjects are not HTML: "O'Brien & Sons" must stay as typed.
    return get_template(name).template.render(Context(context, autoescape=autoescape))


@functools.lru_cache(maxsize=4096)
def _long_date_in(day: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day)


@dataclass(frozen=True)
class MailDate:
    """A date in a mail's context, written in the long form of the language the
    mail is rendered in (see ``_render``)."""

    day: date

    def __str__(self) -> str:
        return _long_date_in(self.day, translation.get_language())


def language_for(recipient, language: str = "") -> str:
    """The language a mail is written in: the one asked for, else the one the
    recipient chose on their account, else the program's default."""
    chosen = language or getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    return chosen if translation.check_for_language(chosen) else settings.LANGUAGE_CODE


def _render(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """Render ``<template>_subject.txt``, ``<template>.txt`` (both without
    autoescaping) and ``<template>.html`` (with it), in ``language``: words,
    dates and numbers as the recipient reads them, whatever the sender's."""
    subject, text, html = _render_raw(template, context, language=language)
    return " ".join(subject.split())[:200], text, html


def _render_raw(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        return (
            _render_one(f"{template}_subject.txt", context, autoescape=False),
            _render_one(f"{template}.txt", context, autoescape=False),
            _render_one(f"{template}.html", context, autoescape=True),
        )


def notice_enqueue(
    *, key: str, to, template: str, context: dict, link: NoticeLink | None = None, language: str = ""
) -> Notice:
    """Queue one e-mail, once per ``key``; it is dispatched after commit.

    ``to`` is a user or an e-mail address. Calling again with the same key
    returns the existing notice and sends nothing more. If the surrounding
    transaction rolls back, the notice vanishes with it and is never sent.

    It is written in the recipient's language (or ``language``, for an address
    whose language is known). A mail carrying a link that works as a key passes ``link``: its templates
    show ``{{ link }}``, stored as a slot and filled only when it is sent. The
    key must not contain a secret either (it travels as a mail header).
    """
    existing = Notice.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if link is not None and link.kind not in _LINK_RESOLVERS:
        raise ValueError(f"No link resolver registered for {link.kind!r}")
    recipient = to if hasattr(to, "email") else None
    to_email = to.email if recipient is not None else str(to)
    extra = {"link": LINK_SLOT} if link is not None else {}
    language = language_for(recipient, language)
    subject, text, html = _render(template, {"recipient": recipient, **context, **extra}, language=language)
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key,
                recipient=recipient,
                to_email=to_email,
                subject=subject,
                body_text=text,
                body_html=html,
                template=template,
                language=language,
                link_kind=link.kind if link is not None else "",
                link_ref=link.ref if link is not None else None,
                dispatched_at=timezone.now(),
            )
    except IntegrityError:
        # Another transaction enqueued the same key first: theirs stands.
        return Notice.objects.get(key=key)
    transaction.on_commit(lambda: notice_dispatch(notice.pk))
    return notice


@dataclass(frozen=True)
class PendingNotice:
    """One notice for ``notices_enqueue_many``; ``to`` is a user."""

    key: str
    to: object
    template: str
    context: dict


# Rendering a batch --------------------------------------------------------------------------
# A batch job (the daily run, an announcement) writes thousands of notices from one template
# whose contexts differ only in a few words: a name, a link. Rendering each through Django's
# templates was most of those jobs' time (bench/NOTES.md). Notices of one template and language
# whose other values are the same are rendered once, with a slot where each of those words
# goes, and each notice's words are written into the slots, escaped in the HTML part as the
# template escapes them. The group's first notice is also rendered in full and compared: if
# the two differ (a filter changed a slot, the template read something the slots hide), every
# notice of the group is rendered on its own.
SHARED_RENDER_MIN = 8
# A job that writes its notices in chunks (an announcement: 40 chunks of 1,000 result notices in
# forty languages) shares its renderings between the chunks, inside ``notices_rendered_together``.
_RENDERINGS: ContextVar[dict | None] = ContextVar("notice_renderings", default=None)


@contextmanager
def notices_rendered_together() -> Iterator[None]:
    """Every ``notices_enqueue_many`` inside the block shares its renderings: a group of notices
    (one template and language, the same values but their own words) is rendered once for the
    block, not once per call, and a group of one is worth rendering with slots, since the next
    chunk may hold more of it. For one run of a job: a row in the context is known by its id."""
    token = _RENDERINGS.set({})
    try:
        yield
    finally:
        _RENDERINGS.reset(token)


_RECIPIENT_READS = re.compile(r"\brecipient\.(\w+)")


def _sources(template: str) -> list[str]:
    return [get_template(f"{template}{part}").template.source for part in ("_subject.txt", ".txt", ".html")]


@functools.lru_cache(maxsize=256)
def _reads_only_the_recipients_name(template: str) -> bool:
    return all(set(_RECIPIENT_READS.findall(source)) <= {"display_name"} for source in _sources(template))


def _slottable(value) -> bool:
    # Empty words change an {% if %}; line breaks change |linebreaksbr: such values stay whole.
    return isinstance(value, str) and value != "" and not any(c in value for c in "\r\n\t\f\v")


def _shared_part(value):
    """What must be equal for two notices to share a rendering, for a value that is not a slot."""
    if isinstance(value, MailDate | date | datetime | int | float | bool | str | type(None)):
        return (type(value).__name__, value)
    if isinstance(value, Model) and value.pk is not None:
        return (value._meta.label, value.pk)
    return ("object", id(value))  # anything else: shared only as the very same object


@dataclass
class _SlottedRecipient:
    display_name: str


_TAG = re.compile(r"{[{%].*?[}%]}", re.S)


@functools.lru_cache(maxsize=1024)
def _shown_whole(template: str, name: str) -> bool:
    """Whether the templates only ever write ``name`` as it is: ``{{ name }}``, or bound by a
    ``{% blocktranslate with x=name %}`` (whose block can only write it). Never compared, tested,
    filtered or asked for an attribute, which would see the slot instead of the word."""
    variable = re.escape(name)
    written = re.compile(rf"{{{{\s*{variable}\s*}}}}")
    bound = re.compile(rf"(?<=[\w]=){variable}(?=\s|%}})")
    used = re.compile(rf"(?<![\w.]){variable}(?!\w)")
    for source in _sources(template):
        for tag in _TAG.findall(written.sub("", source)):
            if tag.startswith("{% blocktranslate"):
                tag = bound.sub("", tag)
            if used.search(tag):
                return False
    return True


def _words(item: PendingNotice, language: str, names: dict) -> dict[str, str]:
    """The notice's own words: its strings, the recipient's name, and a row written whole (a
    technology area) as its name in the notice's language (kept in ``names`` for the batch)."""
    words = {}
    for name, value in item.context.items():
        if not _shown_whole(item.template, name):
            continue
        if isinstance(value, Model):
            key = (language, value._meta.label, value.pk)
            if key not in names or value.pk is None:
                with translation.override(language):
                    names[key] = str(value)
            value = names[key]
        if _slottable(value):
            words[name] = value
    name = getattr(item.to, "display_name", None)
    if _slottable(name) and _shown_whole(item.template, "recipient.display_name"):
        words["recipient.display_name"] = name
    return words


def _group_key(item: PendingNotice, language: str, words: dict) -> tuple:
    rest = tuple(sorted((name, _shared_part(value)) for name, value in item.context.items() if name not in words))
    recipient = None if "recipient.display_name" in words else item.to.display_name  # not a slot: equal, then
    return (item.template, language, tuple(sorted(words)), rest, recipient)


def _fill(rendered: tuple[str, str, str], slots: dict[str, str], words: dict[str, str]) -> tuple[str, str, str]:
    subject, text, html = rendered
    for name, slot in slots.items():
        word = words[name]
        subject, text = subject.replace(slot, word), text.replace(slot, word)
        html = html.replace(slot, conditional_escape(word))
    return subject, text, html


def _render_many(pending: list[PendingNotice]) -> list[tuple[str, str, str, str]]:
    """(language, subject, text, html) of each of ``pending``, as ``_render`` writes them."""
    languages = [language_for(item.to) for item in pending]
    names: dict = {}  # a row's name in a language, written once for the batch (forty languages, a few rows)
    words = [_words(item, language, names) for item, language in zip(pending, languages, strict=True)]
    groups: dict[tuple, list[int]] = {}
    for index, item in enumerate(pending):
        if isinstance(getattr(item.to, "display_name", None), str) and _reads_only_the_recipients_name(item.template):
            groups.setdefault(_group_key(item, languages[index], words[index]), []).append(index)
        else:
            groups[("alone", index)] = [index]
    out: list = [None] * len(pending)
    kept = _RENDERINGS.get()
    for key, members in groups.items():
        if kept is not None and _keepable(key):
            if key not in kept:
                kept[key] = _shared_rendering(pending, members, languages, words)
            shared = kept[key]
        elif len(members) >= SHARED_RENDER_MIN:
            shared = _shared_rendering(pending, members, languages, words)
        else:
            shared = None
        for index in members:
            if shared is not None:
                subject, text, html = _fill(shared[0], shared[1], words[index])
                out[index] = (languages[index], " ".join(subject.split())[:200], text, html)
            else:
                item = pending[index]
                rendered = _render(item.template, {"recipient": item.to, **item.context}, language=languages[index])
                out[index] = (languages[index], *rendered)
    return out


def _keepable(key: tuple) -> bool:
    """Whether a group's key means the same in a later call: not a notice alone, and no value
    known only as the very object it is (its ``id()`` may be another object's by then)."""
    return key[0] != "alone" and all(part[0] != "object" for _name, part in key[3])


def _shared_rendering(pending, members, languages, words):
    """The group's rendering with slots and the slots, or None when it does not match the first in full."""
    first = pending[members[0]]
    token = secrets.token_hex(8)
    # Letters and digits only (escaping leaves them as they are), and none the start of another.
    slots = {name: f"mvpslot{token}x{number}z" for number, name in enumerate(words[members[0]])}
    context = {name: value for name, value in first.context.items() if name not in slots}
    context |= {name: slot for name, slot in slots.items() if "." not in name}
    context["recipient"] = _SlottedRecipient(slots.get("recipient.display_name", first.to.display_name))
    template, language = first.template, languages[members[0]]
    rendered = _render_raw(template, context, language=language)
    subject, text, html = _fill(rendered, slots, words[members[0]])
    whole = _render(template, {"recipient": first.to, **first.context}, language=language)
    if (" ".join(subject.split())[:200], text, html) != whole:
        logger.info("Notices of %s rendered one by one: the shared rendering differs", template)
        return None
    return rendered, slots


def notices_enqueue_many(pending: list[PendingNotice]) -> list[int]:
    """``notice_enqueue`` for many notices in one statement.

    Same contract: one notice per key ever (a key already in the outbox is
    skipped by the unique constraint), written in the caller's transaction,
    dispatched after commit. The number of queries does not grow with the
    notices. Returns the ids of the notices really added.
    """
    if not pending:
        return []
    now = timezone.now()
    rows = []
    for item, (language, subject, text, html) in zip(pending, _render_many(pending), strict=True):
        rows.append(
            {
                "key": item.key,
                "recipient_id": item.to.pk,
                "to_email": item.to.email,
                "subject": subject,
                "body_text": text,
                "body_html": html,
                "template": item.template,
                "language": language,
                "dispatched_at": now,
            }
        )
    ids = bulk.insert_rows(Notice, rows)
    if ids:
        transaction.on_commit(lambda: notices_dispatch(ids))
    return ids


def notice_dispatch(notice_id: int) -> None:
    from .tasks import send_notice

    try:
        send_notice.delay(notice_id)
    except Exception:  # the broker is down: the sweeper will hand it over later
        logger.warning("Could not dispatch notice %s; the sweeper will retry", notice_id, exc_info=True)


# A handful of notices goes to the broker one task each; more, as one message per
# ``DISPATCH_BATCH`` that a worker fans out (``tasks.dispatch_notices``), so that the job
# writing thousands (an announcement's chunk, the daily run) is not held by a broker round
# trip per notice (0.3–0.6 ms each: 12–24 s for 40,000).
DISPATCH_DIRECTLY = 10
DISPATCH_BATCH = 500


def notices_dispatch(notice_ids: list[int]) -> None:
    """Hand committed notices to the broker. Each still ends as one ``send_notice``
    (retried on its own); one that is lost on the way stays queued in the outbox
    and the sweeper hands it over again, as for ``notice_dispatch``."""
    if len(notice_ids) <= DISPATCH_DIRECTLY:
        for notice_id in notice_ids:
            notice_dispatch(notice_id)
        return
    from .tasks import dispatch_notices

    for start in range(0, len(notice_ids), DISPATCH_BATCH):
        batch = list(notice_ids[start : start + DISPATCH_BATCH])
        try:
            dispatch_notices.delay(batch)
        except Exception:  # the broker is down: the sweeper will hand them over later
            logger.warning("Could not dispatch %s notices; the sweeper will retry", len(batch), exc_info=True)


def notice_claim(notice_id: int) -> bool:
    """Take a queued notice for sending; only one caller can win."""
    return (
        Notice.objects.filter(pk=notice_id, state=Notice.State.QUEUED).update(
            state=Notice.State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
        == 1
    )


def notice_send(notice_id: int) -> str:
    """Send one notice if it can be claimed; returns the state it ends in.

    A transient failure puts it back in the queue and re-raises so that the
    caller (the task) can retry with backoff; after ``NOTICE_MAX_ATTEMPTS``
    it is marked failed and stays visible in the admin.
    """
    if not notice_claim(notice_id):
        return "skipped"
    notice = Notice.objects.get(pk=notice_id)
    subject, text, html = notice.subject, notice.body_text, notice.body_html
    if notice.link_kind:
        link = _resolve_link(notice)
        if link is None:
            Notice.objects.filter(pk=notice.pk).update(
                state=Notice.State.CANCELLED, last_error="Its link no longer applies; nothing was sent."
            )
            return Notice.State.CANCELLED
        subject = subject.replace(LINK_SLOT, link)
        text = text.replace(LINK_SLOT, link)
        html = html.replace(LINK_SLOT, escape(link))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.to_email],
        headers={"X-Notice-Key": notice.key},
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as exc:
        gave_up = notice.attempts >= settings.NOTICE_MAX_ATTEMPTS
        Notice.objects.filter(pk=notice.pk, state=Notice.State.SENDING).update(
            state=Notice.State.FAILED if gave_up else Notice.State.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            dispatched_at=timezone.now(),
        )
        raise
    Notice.objects.filter(pk=notice.pk).update(state=Notice.State.SENT, sent_at=timezone.now(), last_error="")
    return Notice.State.SENT


def _resolve_link(notice: Notice) -> str | None:
    resolve = _LINK_RESOLVERS.get(notice.link_kind)
    if resolve is None or notice.link_ref is None:
        logger.error("Notice %s: no link resolver for %r", notice.pk, notice.link_kind)
        return None
    return resolve(notice.link_ref)


def notices_due_for_dispatch(*, now: datetime) -> list[int]:
    """Queued notices whose last hand-over is old (lost by a broker restart, or
    never made), and sending ones abandoned by a dead worker.

    Abandoned ones go back to the queue first. Resending one of those can
    duplicate an e-mail whose SMTP transaction completed just before the
    worker died: the outbox promises at-least-once for that case.
    """
    Notice.objects.filter(state=Notice.State.SENDING, claimed_at__lt=now - settings.NOTICE_STUCK_AFTER).update(
        state=Notice.State.QUEUED, last_error="Abandoned by its worker; requeued"
    )
    stale = now - settings.NOTICE_REDISPATCH_AFTER
    due = Notice.objects.filter(Q(dispatched_at__lt=stale) | Q(dispatched_at__isnull=True), state=Notice.State.QUEUED)
    ids = list(due.values_list("pk", flat=True)[:1000])
    Notice.objects.filter(pk__in=ids).update(dispatched_at=now)
    return ids


def notices_erase_for(*, user, email: str) -> int:
    """A person's account is erased: their notices keep their shape (key, template,
    dates, state) but lose the address and the text; those still queued are cancelled."""
    mine = Notice.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email))
    mine.filter(state__in=[Notice.State.QUEUED, Notice.State.FAILED]).update(
        state=Notice.State.CANCELLED, last_error="The recipient's account was erased; nothing was sent."
    )
    return mine.update(to_email=email, subject="", body_text="", body_html="")
