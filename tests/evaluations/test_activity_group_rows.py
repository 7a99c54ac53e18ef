"""The rows of a dossier's activity tables (``evaluations/_activities.html``), written in
Python by ``evaluations.rows``, are what the template loops they replaced wrote, byte for
byte: per activity type, the months and the totals per type, in several languages, with
every kind of value the rows show (and values that need escaping), and with a translation
whose placeholders do not fit. The pages render the rows through the tags."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from evaluations import rows as rows_html
from evaluations import services
from nominations.counting import dossier_picture
from nominations.models import ActivityProvenance, SourceConnection
from tests.conftest import TODAY
from tests.factories import ActivityFactory, ActivityTypeFactory, DossierFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "ja", "ar"]

# templates/evaluations/_activities.html's loops as they were, the reference.
FORMER_GROUP_ROWS = """{% load i18n humanize nominations_tags %}{% for activity in group.rows %}
        <tr{% if not activity.standing.counts %} class="table-warning"{% endif %}>
          <td class="text-nowrap">{{ activity.started_on|date:"SHORT_DATE_FORMAT" }}{% if activity.ended_on %} – {{ activity.ended_on|date:"SHORT_DATE_FORMAT" }}{% endif %}</td>
          <td>{{ activity.title }}{% if not activity.standing.counts %} <span class="badge text-bg-warning">{% translate "not counted" %}</span>{% endif %}{% for flag in activity.standing.flags %} <span class="badge text-bg-warning">{{ flag }}</span>{% endfor %}{% if activity.description %}<div class="small text-muted">{{ activity.description|truncatewords:40 }}</div>{% endif %}
            <div>{% provenance activity %}</div></td>
          <td class="num">{{ activity.quantity|intcomma }}</td>
          {% if t.local_second_quantity_label %}<td class="num">{{ activity.second_quantity|default_if_none:"—" }}</td>{% endif %}
          {% if t.local_reach_label %}<td class="num">{{ activity.reach|default_if_none:"—" }}</td>{% endif %}
          <td>{% if activity.url %}<a href="{{ activity.url }}" rel="noopener noreferrer nofollow" target="_blank">{% blocktranslate trimmed with title=activity.title %}link<span class="visually-hidden"> for {{ title }}</span>{% endblocktranslate %}</a>{% else %}—{% endif %}</td>
        </tr>
      {% endfor %}"""  # noqa: E501

FORMER_MONTH_ROWS = """{% load i18n %}{% for bar in picture.months %}
        <tr><th scope="row">{{ bar.month|date:"YEAR_MONTH_FORMAT" }}</th><td class="num">{{ bar.count }}</td>
          <td><progress max="{{ picture.month_max }}" value="{{ bar.count }}" aria-label="{% blocktranslate trimmed count counter=bar.count with month=bar.month|date:'YEAR_MONTH_FORMAT' %}{{ counter }} activity in {{ month }}{% plural %}{{ counter }} activities in {{ month }}{% endblocktranslate %}"></progress></td></tr>
      {% endfor %}"""  # noqa: E501

FORMER_TYPE_ROWS = """{% load i18n humanize %}{% for total in picture.types %}{% with t=total.activity_type %}
      <tr><th scope="row">{{ t.local_name }}</th><td class="num">{{ total.count }}{% if total.not_counted %} <span class="small text-muted">{% blocktranslate trimmed with count=total.not_counted %}(+{{ count }} not counted){% endblocktranslate %}</span>{% endif %}</td>
        <td>{{ t.local_quantity_label }}: {{ total.quantity|intcomma }}{% if t.local_second_quantity_label %} · {{ t.local_second_quantity_label }}: {{ total.second_quantity|intcomma }}{% endif %}{% if t.local_reach_label %} · {{ t.local_reach_label }}: {{ total.reach|intcomma }}{% endif %}</td></tr>
    {% endwith %}{% endfor %}"""  # noqa: E501

LONG_DESCRIPTION = " ".join(f"word{i} <b>&amp;" if i % 7 == 0 else f"word{i}" for i in range(60))


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


def a_dossier_of_every_kind_of_row():
    """A dossier whose activities have every kind of value a row shows."""
    dossier = DossierFactory()
    everything = ActivityTypeFactory(
        slug="rows-talks",
        name="Talks & <sessions>",
        quantity_label="Talks",
        second_quantity_label="Sessions",
        reach_label="Attendees",
        translations={"de": {"name": "Vorträge", "quantity_label": "Vorträge", "reach_label": "Zuhörer"}},
    )
    bare = ActivityTypeFactory(
        slug="rows-posts", name="Posts", quantity_label="Posts", reach_label="", url_required=True
    )
    reach_only = ActivityTypeFactory(slug="rows-videos", name="Videos", quantity_label="Videos", reach_label="Views")

    def add(kind, **values):
        return ActivityFactory(dossier=dossier, activity_type=kind, **values)

    add(everything, title="Dublin <talk> & “quotes” 'too' \"and\" 100%", quantity=1_234_567, second_quantity=None)
    add(everything, title="Cork talk", started_on=date(2026, 3, 2), ended_on=date(2026, 4, 30), second_quantity=12)
    add(everything, title="Same day, same title", started_on=date(2026, 5, 5), url="", reach=None)
    add(everything, title="Same day, same title", started_on=date(2026, 5, 5), url="", reach=2_000_000)  # a repeat
    add(everything, title="Ancient talk", started_on=date(2020, 1, 1), description="Short & <sweet>")  # outside
    add(everything, title="Future talk", started_on=TODAY + timedelta(days=3), description=LONG_DESCRIPTION)
    add(bare, title="Post without a link", url="", description=" ".join(["forty"] * 40))  # flagged: url_required
    add(bare, title="Post with a link & more", url="https://blog.example.org/?a=1&b=<2>", quantity=9_999)
    add(bare, title="Old post without a link", url="", started_on=date(2019, 6, 1))  # not counted and flagged
    add(reach_only, title="Video", reach=None, second_quantity=5, description=LONG_DESCRIPTION + " <end>")
    sourced = add(reach_only, title="Fetched <video>", quantity=3, reach=1_000)
    ActivityProvenance.objects.create(
        activity=sourced,
        source_kind=SourceConnection.Kind.choices[0][0],
        source_name="Tom & Jerry's <talks>",
        canonical_url="https://example.org/x",
        fetched_at=datetime(2026, 11, 27, 23, 30, tzinfo=UTC),
        metrics={"views": 4567, "likes": 120},
    )
    # Months of 0, 1, 2, 3-10 and 11-99 activities: five of the six plural forms of Arabic.
    for i in range(12):
        add(reach_only, title=f"Monthly video {i}", started_on=date(2026, 8, 1 + i), url=f"https://v.example.org/{i}")
    for i in range(3):
        add(bare, title=f"October post {i}", started_on=date(2026, 10, 1 + i), url=f"https://p.example.org/{i}")
    add(bare, title="September post", started_on=date(2026, 9, 9), url="https://p.example.org/s")
    add(bare, title="July post", started_on=date(2026, 7, 9), url="https://p.example.org/j")
    add(bare, title="July post 2", started_on=date(2026, 7, 19), url="https://p.example.org/j2")
    return dossier


def the_picture(dossier):
    """The dossier as the review page and the evaluation form read it."""
    return dossier_picture(dossier, today=TODAY)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_groups_rows_are_what_the_loop_wrote(language):
    dossier = a_dossier_of_every_kind_of_row()
    with translation.override(language):
        picture = the_picture(dossier)
        assert len(picture.types) == 3
        for total in picture.types:
            context = {"group": {"rows": total.activities}, "t": total.activity_type}
            former = render(FORMER_GROUP_ROWS, context)
            tag = render("{% load evaluations_tags %}{% group_rows group.rows t %}", context)
            assert tag == former
        everything = "".join(rows_html.group_rows(t.activities, t.activity_type) for t in picture.types)
    # The rows had what the test means them to have.
    assert everything.count("<tr") == len(picture.activities)
    assert "Dublin &lt;talk&gt; &amp; “quotes” &#x27;too&#x27; &quot;and&quot; 100%" in everything
    assert 'href="https://blog.example.org/?a=1&amp;b=&lt;2&gt;"' in everything
    assert " …</div>" in everything and "word59" not in everything and "&lt;b&gt;&amp;amp;" in everything
    assert 'data-provenance="source"' in everything and 'data-provenance="hand"' in everything
    if language == "en":
        for wanted in ("1,234,567", "2000000", "2 Mar 2026 – 30 Apr 2026", 'class="table-warning"', "No evidence URL"):
            assert wanted in everything, wanted


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_months_and_the_totals_are_what_the_loops_wrote(language):
    dossier = a_dossier_of_every_kind_of_row()
    with translation.override(language):
        picture = the_picture(dossier)
        context = {"picture": picture}
        assert render("{% load evaluations_tags %}{% month_rows picture %}", context) == render(
            FORMER_MONTH_ROWS, context
        )
        assert render("{% load evaluations_tags %}{% type_total_rows picture %}", context) == render(
            FORMER_TYPE_ROWS, context
        )
    assert {bar.count for bar in picture.months} >= {0, 1, 2, 3, 12}
    assert any(total.not_counted for total in picture.types)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_dossier_without_activities(language):
    picture = the_picture(DossierFactory())
    with translation.override(language):
        context = {"picture": picture}
        assert render("{% load evaluations_tags %}{% month_rows picture %}", context) == render(
            FORMER_MONTH_ROWS, context
        )
        assert render("{% load evaluations_tags %}{% type_total_rows picture %}", context) == ""
        assert rows_html.group_rows([], ActivityTypeFactory(slug="rows-none")) == ""


BROKEN = {
    'link<span class="visually-hidden"> for %(title)s</span>': "Link für %(titel)s",
    "(+%(count)s not counted)": "(+%(count)s nicht gezählt: 100%",
    "%(counter)s activity in %(month)s": "%(zähler)s Aktivität im %(month)s",
    "%(counter)s activities in %(month)s": "%(counter)s Aktivitäten im %(monat)s",
}


def test_a_translation_whose_placeholders_do_not_fit_falls_back_as_the_template_did(monkeypatch):
    """{% blocktranslate %} writes the text untranslated when its translation's placeholders
    do not fit (a missing name, a stray "%"): so do the rows."""
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext
    monkeypatch.setattr(
        trans_real.DjangoTranslation, "gettext", lambda self, message: BROKEN.get(message) or gettext(self, message)
    )
    monkeypatch.setattr(
        trans_real.DjangoTranslation,
        "ngettext",
        lambda self, singular, plural, n: (
            BROKEN.get(singular if n == 1 else plural) or ngettext(self, singular, plural, n)
        ),
    )
    dossier = a_dossier_of_every_kind_of_row()
    with translation.override("de"):
        picture = the_picture(dossier)
        context = {"picture": picture}
        months = render("{% load evaluations_tags %}{% month_rows picture %}", context)
        assert months == render(FORMER_MONTH_ROWS, context)
        totals = render("{% load evaluations_tags %}{% type_total_rows picture %}", context)
        assert totals == render(FORMER_TYPE_ROWS, context)
        for total in picture.types:
            context = {"group": {"rows": total.activities}, "t": total.activity_type}
            tag = render("{% load evaluations_tags %}{% group_rows group.rows t %}", context)
            assert tag == render(FORMER_GROUP_ROWS, context)
    assert "1 activity in" in months and "activities in" in months and "Aktivität" not in months
    assert "not counted)" in totals


def test_the_pages_write_the_rows_through_the_tags(client, lead, dossier, rubric, evaluator):
    """The review page and the evaluation form: each group's rows, the months and the totals
    come from evaluations.rows, and the page shows what they wrote."""
    talks = ActivityTypeFactory(slug="talks", name="Talks", quantity_label="Talks", reach_label="Attendees")
    ActivityFactory(dossier=dossier, activity_type=talks, title="Dublin <talk>", quantity=2_500)
    ActivityFactory(dossier=dossier, activity_type=talks, title="Ancient talk", started_on=date(2020, 1, 1), url="")
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    pages = [
        (lead, reverse("desks:dossier", kwargs={"pk": dossier.pk})),
        (evaluator, reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})),
    ]
    for person, url in pages:
        client.force_login(person)
        calls = []
        with spying(calls, "group_rows"), spying(calls, "month_rows"), spying(calls, "type_total_rows"):
            response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert [name for name, _args, _html in calls] == ["month_rows", "type_total_rows", "group_rows"]
        rows, kind = calls[2][1]
        assert kind == talks and [a.title for a in rows] == ["Dublin <talk>", "Ancient talk"]
        assert all(html and html in page for _name, _args, html in calls)
        assert "Dublin &lt;talk&gt;" in page and "2,500" in page and 'class="table-warning"' in page


def spying(calls: list, name: str):
    """``evaluations.rows.<name>`` recording each call's arguments and HTML in ``calls``."""
    real = getattr(rows_html, name)

    def record(*args):
        html = real(*args)
        calls.append((name, args, html))
        return html

    return mock.patch.object(rows_html, name, record)
