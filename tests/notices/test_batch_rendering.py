"""A batch job's notices are rendered once per template, language and shared values, with a
slot for each notice's own words (``mvp_portal.notices.services._render_many``): every notice
reads exactly as it would rendered on its own, in its recipient's language."""

from datetime import date

import pytest
from django.test import override_settings

from awards import services as award_services
from directory import services as directory_services
from mvp_portal.accounts.models import User
from mvp_portal.notices import services
from mvp_portal.notices.models import Notice
from tests.awards.conftest import bulk_awards
from tests.conftest import TODAY
from tests.directory.test_summit import nda, summit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# Words that escaping, quoting, scripts, whitespace and a look-alike slot could trip up.
NAMES = [
    "O'Brien & <Sons>",
    'Zoë "Z" Ünal',
    "李小龍",
    "mvpslot0123456789abcdefx1z",
    "  Spaced   out  ",
    "أحمد",
    "Ab",
    "Dana Dossier",
    "Émile Zola",
    "Ke$ha \\ back-slash",
    "R&D <b>bold</b>",
    "Last one",
]
LANGUAGES = ["en", "de", "ar"]


def name_the_people(prefix: str) -> None:
    people = User.objects.filter(email__startswith=f"{prefix}-").order_by("pk")
    for index, person in enumerate(people):
        person.display_name = NAMES[index % len(NAMES)]
        person.language = LANGUAGES[index % len(LANGUAGES)]
    User.objects.bulk_update(people, ["display_name", "language"])


def batches_of(run, module, monkeypatch) -> list[services.PendingNotice]:
    """The notices ``run`` hands to ``notices_enqueue_many`` (through ``module``), written as usual."""
    pending = []
    real = module.notices_enqueue_many
    monkeypatch.setattr(module, "notices_enqueue_many", lambda items: pending.extend(items) or real(items))
    run()
    return pending


def rendered_shared_and_alone(pending, monkeypatch) -> tuple[list, list, int]:
    renders = []
    real = services._render_raw
    monkeypatch.setattr(services, "_render_raw", lambda *a, **k: renders.append(1) or real(*a, **k))
    shared = services._render_many(pending)
    count = len(renders)
    alone = []
    for item in pending:
        language = services.language_for(item.to)
        alone.append(
            (language, *services._render(item.template, {"recipient": item.to, **item.context}, language=language))
        )
    return shared, alone, count


def test_the_renewal_notices_read_as_if_rendered_alone(lead, expertise, monkeypatch):
    bulk_awards(len(NAMES) * 3, starts_on=date(2026, 1, 1), expertise=expertise, prefix="renewing")
    name_the_people("renewing")
    pending = batches_of(lambda: award_services.renewals_open(today=date(2026, 10, 1)), award_services, monkeypatch)
    assert len(pending) == 2 * len(NAMES) * 3  # the MVP and their lead
    shared, alone, renders = rendered_shared_and_alone(pending, monkeypatch)
    assert shared == alone
    assert renders < len(pending) / 4  # a few groups (template and language), each checked once in full
    stored = {n.key: (n.language, n.subject, n.body_text, n.body_html) for n in Notice.objects.all()}
    assert stored == {item.key: row for item, row in zip(pending, shared, strict=True)}
    german = next(text for language, _s, text, _h in shared if language == "de" and "Zoë" in text)
    assert "Hallo Zoë" in german
    html = next(h for _l, _s, _t, h in shared if "O&#x27;Brien &amp; &lt;Sons&gt;" in h)
    assert "<Sons>" not in html


def test_the_summit_invitations_read_as_if_rendered_alone(summit, expertise, monkeypatch):  # noqa: F811
    bulk_awards(len(NAMES) * 3, starts_on=date(2026, 10, 1), expertise=expertise, prefix="invited")
    name_the_people("invited")
    pending = batches_of(
        lambda: directory_services.summit_invitations_send(summit=summit, today=TODAY), directory_services, monkeypatch
    )
    assert len(pending) == len(NAMES) * 3
    shared, alone, renders = rendered_shared_and_alone(pending, monkeypatch)
    assert shared == alone
    assert renders < len(pending) / 4


UPPER = {
    "batch/upper_subject.txt": "{{ word }}",
    "batch/upper.txt": "{{ word|upper }} {{ recipient.display_name }} {% if word == 'word 3' %}three{% endif %}",
    "batch/upper.html": "<p>{{ word|upper }}</p>",
}
WHOLE = {
    "batch/whole_subject.txt": "{{ word }}",
    "batch/whole.txt": "{{ recipient }}: {{ word }}",  # the person as a whole: the slots cannot stand in
    "batch/whole.html": "<p>{{ word }}</p>",
}


def rendered_with(templates: dict, template: str) -> tuple[list, list]:
    people = [User(pk=n, email=f"p{n}@example.org", display_name=f"Person {n}", language="en") for n in range(1, 11)]
    pending = [
        services.PendingNotice(key=f"k{n}", to=person, template=template, context={"word": f"word {n}"})
        for n, person in enumerate(people)
    ]
    loaders = [("django.template.loaders.locmem.Loader", templates)]
    backend = {"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"loaders": loaders}}
    with override_settings(TEMPLATES=[backend]):
        rendered = services._render_many(pending)
        alone = [
            ("en", *services._render(p.template, {"recipient": p.to, **p.context}, language="en")) for p in pending
        ]
    return rendered, alone


def test_a_word_the_template_filters_or_compares_is_never_a_slot():
    rendered, alone = rendered_with(UPPER, "batch/upper")
    assert rendered == alone
    assert rendered[3][2] == "WORD 3 Person 4 three"
    assert not services._shown_whole("batch/upper", "word")
    assert services._shown_whole("batch/upper", "recipient.display_name")


def test_a_shared_rendering_that_differs_from_the_first_is_not_used():
    """The person written whole ({{ recipient }}) renders differently through the slots: the check
    against the first notice, rendered in full, finds it and the group is rendered notice by notice."""
    rendered, alone = rendered_with(WHOLE, "batch/whole")
    assert rendered == alone
    assert rendered[3][2] == "Person 4: word 3"


def test_words_with_line_breaks_or_empty_stay_whole():
    """|linebreaksbr turns a line break into <br>, an {% if %} reads an empty word as false: such
    values are never slots, and notices share a rendering only when those values are equal."""
    assert services._slottable("plain words")
    assert not services._slottable("two\nlines") and not services._slottable("") and not services._slottable(3)


def test_the_result_notices_share_across_technology_areas(monkeypatch):
    """An announcement's notices name each person's technology area: written whole in the
    templates, it is a word of the notice (its name in the recipient's language), not a reason
    to render apart."""
    from mvp_portal.accounts.models import Expertise

    areas = list(Expertise.objects.order_by("pk")[:6])
    areas[0].translations = {"de": {"name": "Künstliche Intelligenz & <ML>"}}
    people = User.objects.bulk_create(
        User(email=f"result-{n}@example.org", display_name=NAMES[n % len(NAMES)], language=LANGUAGES[n % 2])
        for n in range(36)
    )
    pending = [
        result_notice(
            person,
            f"result-{n}",
            expertise=areas[(n // 2) % len(areas)],
            dossier_url=f"/nominations/dossiers/{n}/",
            feedback="Clear talks.\nKeep going." if n == 5 else "",
        )
        for n, person in enumerate(people)
    ]
    shared, alone, renders = rendered_shared_and_alone(pending, monkeypatch)
    assert shared == alone
    assert renders < len(pending) / 4
    german = [html for language, _s, _t, html in shared if language == "de" and "Künstliche" in html]
    assert german and all("Künstliche Intelligenz &amp; &lt;ML&gt;" in html for html in german)


def result_notice(person, key: str, **context) -> services.PendingNotice:
    """An announcement's result notice to ``person``, its context as the announcement writes it
    (``context`` adds or replaces values)."""
    return services.PendingNotice(
        key=key,
        to=person,
        template="awards/emails/result_awarded",
        context={
            "mvp_name": person.display_name,
            "award_date": services.MailDate(date(2027, 1, 1)),
            "starts_on": services.MailDate(date(2027, 1, 1)),
            "ends_on": services.MailDate(date(2027, 12, 31)),
            "previous_ends_on": "",
            "previous_expertise": False,
            "feedback": "",
            **context,
        },
    )


def test_a_job_in_chunks_renders_each_group_once_for_all_its_chunks(monkeypatch):
    """Inside ``notices_rendered_together`` (the announcement, the daily run) the chunks share their
    renderings: a group of fewer notices than a rendering with slots is worth alone in one chunk is
    rendered with slots once (and checked in full once), then only filled in, in every later chunk."""
    people = User.objects.bulk_create(
        User(email=f"chunked-{n}@example.org", display_name=NAMES[n % len(NAMES)], language=LANGUAGES[n % 3])
        for n in range(30)
    )
    chunks = [
        [result_notice(person, f"chunked-{n}", dossier_url=f"/nominations/dossiers/{n}/") for n, person in group]
        for group in (list(enumerate(people))[start : start + 6] for start in range(0, 30, 6))
    ]  # two notices a language in each chunk
    renders = []
    real = services._render_raw
    monkeypatch.setattr(services, "_render_raw", lambda *a, **k: renders.append(1) or real(*a, **k))
    apart = [services._render_many(chunk) for chunk in chunks]
    one_by_one = len(renders)
    renders.clear()
    with services.notices_rendered_together():
        together = [services._render_many(chunk) for chunk in chunks]
    assert together == apart
    assert one_by_one == 30
    assert len(renders) == 2 * len(LANGUAGES)  # with slots and in full, once per language
    with services.notices_rendered_together():  # a new run renders again
        services._render_many(chunks[0])
    assert len(renders) == 4 * len(LANGUAGES)
