"""``{% activity_rows activities can_edit dossier %}`` writes what the row loop of
``nominations/_activity_table.html`` it replaced wrote, byte for byte: activities with and
without a URL, an end date, second numbers and reach (on types with and without those
labels), big numbers, titles to escape, activities that do not count (and why) and flagged
ones, hand-entered and fetched ones; with and without the owner's links; in four languages."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from nominations.counting import dossier_picture
from nominations.models import Activity, ActivityProvenance, SourceConnection
from tests.conftest import TODAY
from tests.factories import ActivityFactory, ActivityTypeFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

# The row loop of nominations/_activity_table.html as it was (with the words and the address
# it looked up for the rows), the reference.
FORMER_ROWS = (
    "{% load i18n humanize nominations_tags %}"
    '{% translate "Not counted." as not_counted_label %}{% translate "Edit" as edit_label %}'
    '{% translate "Copy" as copy_label %}{% translate "Delete" as delete_label %}'
    '{% translate "Add another activity like this one, with a new date" as copy_hint %}'
    "{% url 'nominations:dossier-edit' dossier.pk as dossier_edit_url %}"
    """{% for activity in activities %}
    {% with standing=activity.standing t=activity.activity_type %}
    <tr id="activity-{{ activity.pk }}"{% if not standing.counts %} class="nom-outside"{% endif %}>
      <td class="text-nowrap" data-sort="{{ activity.started_on|date:'Y-m-d' }}">{{ activity.started_on|date:"SHORT_DATE_FORMAT" }}{% if activity.ended_on %} → {{ activity.ended_on|date:"SHORT_DATE_FORMAT" }}{% endif %}</td>
      <td>{{ t.local_name }}</td>
      <th scope="row" class="fw-normal">
        {% if activity.url %}<a href="{{ activity.url }}" rel="noopener nofollow">{{ activity.title }}</a>{% else %}{{ activity.title }}{% endif %}
        {% if not standing.counts %}<div class="small text-danger-emphasis"><strong>{{ not_counted_label }}</strong> {{ standing.reasons|join:" " }}</div>{% endif %}
        {% for flag in standing.flags %}<div class="small text-warning-emphasis">{{ flag }}</div>{% endfor %}
        <div>{% provenance activity %}</div>
      </th>
      <td class="small">{{ t.local_quantity_label }}: {{ activity.quantity|intcomma }}{% if t.local_second_quantity_label and activity.second_quantity is not None %} · {{ t.local_second_quantity_label }}: {{ activity.second_quantity|intcomma }}{% endif %}{% if t.local_reach_label and activity.reach is not None %} · {{ t.local_reach_label }}: {{ activity.reach|intcomma }}{% endif %}</td>
      <td class="small">{{ activity.visibility|capfirst }}</td>
      {% if can_edit %}<td class="text-nowrap">
        <a class="btn btn-sm btn-outline-secondary" href="{% url 'nominations:activity-edit' activity.pk %}">{{ edit_label }}<span class="visually-hidden"> {{ activity.title }}</span></a>
        <a class="btn btn-sm btn-outline-secondary" href="{{ dossier_edit_url }}?copy={{ activity.pk }}#add-activity" title="{{ copy_hint }}">{{ copy_label }}<span class="visually-hidden"> {% blocktranslate trimmed with title=activity.title %}{{ title }} into a new activity{% endblocktranslate %}</span></a>
        <a class="btn btn-sm btn-outline-danger" data-delete-activity href="{% url 'nominations:activity-delete' activity.pk %}">{{ delete_label }}<span class="visually-hidden"> {{ activity.title }}</span></a>
      </td>{% endif %}
    </tr>
    {% endwith %}
  {% endfor %}"""  # noqa: E501
)

TAG = "{% load nominations_tags %}{% activity_rows activities can_edit dossier %}"

AWKWARD_TITLE = 'Tom & Jerry\'s "<talks>" at 100% %(title)s'


@pytest.fixture
def dossier(db):
    """A draft dossier (period 2025-11-28 to 2026-11-28) with every kind of row."""
    dossier = DossierFactory(owner=UserFactory(display_name="Dana Dossier"))
    full = ActivityTypeFactory(
        name="Videos & <streams>",
        quantity_label="Videos",
        second_quantity_label="Subscribers",
        reach_label="Views",
        translations={
            "de": {"name": "Videos & <Streams>", "quantity_label": 'Videos "neu"', "reach_label": "Aufrufe"},
            "ja": {"name": "動画", "second_quantity_label": "登録者"},
            "ar": {"name": "فيديو", "quantity_label": "مقاطع"},
        },
    )
    bare = ActivityTypeFactory(name="Forum answers", quantity_label="Answers", second_quantity_label="", reach_label="")
    evidence = ActivityTypeFactory(name="Talks", quantity_label="Talks", reach_label="Attendees", url_required=True)

    def add(**fields) -> Activity:
        fields.setdefault("url", "")
        fields.setdefault("reach", None)
        return ActivityFactory(dossier=dossier, **fields)

    fetched = add(
        activity_type=full,
        title=AWKWARD_TITLE,
        url='https://example.org/watch?v=1&list=<x>&q="y"',
        started_on=date(2026, 3, 2),
        ended_on=date(2026, 4, 30),
        quantity=1_234_567,
        second_quantity=2_147_483_647,
        reach=98_765,
    )
    ActivityProvenance.objects.create(
        activity=fetched,
        source_kind=SourceConnection.Kind.choices[0][0],
        source_name="Tom's <channel>",
        canonical_url="https://example.org/watch?v=1",
        fetched_at=datetime(2026, 11, 27, 23, 30, tzinfo=UTC),
        metrics={"views": 98765, "likes": 1200},
    )
    # A repeat of the first (same type, URL and date): does not count, its reason names the first's title.
    add(activity_type=full, title="Again", url=fetched.url, started_on=fetched.started_on, quantity=1)
    add(activity_type=full, title="No second number", quantity=3, second_quantity=None, reach=0)
    add(activity_type=bare, title="Numbers without labels", quantity=1000, second_quantity=5, reach=7)
    add(activity_type=evidence, title="No URL, so flagged <b>", quantity=2, reach=1500, visibility="private")
    add(activity_type=evidence, title="Before the period", url="https://example.org/old", started_on=date(2025, 1, 5))
    # After the period and in the future: two reasons.
    add(activity_type=bare, title="Next month", started_on=date(2026, 12, 20), ended_on=date(2027, 1, 3))
    add(activity_type=bare, title="Ongoing role", url="https://example.org/role", started_on=date(2026, 1, 1))
    return dossier


def rows_of(dossier) -> list[Activity]:
    """The activities as the dossier's pages get them (``views._dossier_context``)."""
    return dossier_picture(dossier, today=TODAY).activities


def both(dossier, *, can_edit: bool) -> tuple[str, str]:
    engine = engines["django"]
    context = {"activities": rows_of(dossier), "can_edit": can_edit, "dossier": dossier}
    return engine.from_string(FORMER_ROWS).render(context), engine.from_string(TAG).render(context)


@pytest.mark.parametrize("language", ["en", "de", "ja", "ar"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_rows_are_what_the_template_wrote(dossier, language, can_edit):
    with translation.override(language):
        former, tag = both(dossier, can_edit=can_edit)
    assert tag == former
    assert tag.count("<tr ") == dossier.activities.count()
    assert ("data-delete-activity" in tag) == can_edit


def test_the_dossier_covers_every_kind_of_row(dossier):
    activities = rows_of(dossier)
    assert {bool(a.url) for a in activities} == {True, False}
    assert {bool(a.ended_on) for a in activities} == {True, False}
    assert {a.standing.counts for a in activities} == {True, False}
    assert any(len(a.standing.reasons) > 1 for a in activities)
    assert any(a.standing.flags for a in activities)
    assert {hasattr(a, "provenance") for a in activities} == {True, False}
    assert {a.visibility for a in activities} == {"public", "private"}
    assert any(a.second_quantity is not None and not a.activity_type.second_quantity_label for a in activities)
    assert any(a.reach is not None and not a.activity_type.reach_label for a in activities)
    assert any(a.second_quantity is None and a.activity_type.second_quantity_label for a in activities)


@pytest.mark.parametrize(
    "translations",
    [
        # Translations with markup and quotes: a template writes its own words as translated, unescaped.
        {
            "Edit": "Ändern & <i>so</i>",
            "Add another activity like this one, with a new date": 'Noch eine "wie diese" — l\'autre',
            "Not counted.": "Zählt 100%% nicht.",
            "%(title)s into a new activity": "%(title)s in eine neue <Aktivität> & mehr",
        },
        # A translation that does not format: {% blocktranslate %} writes the English text.
        {"%(title)s into a new activity": "%(titel)s in eine neue Aktivität"},
    ],
    ids=["markup", "broken"],
)
def test_the_words_are_translated_as_the_template_translated_them(dossier, monkeypatch, translations):
    catalog = trans_real.translation("de")._catalog
    for msgid, msgstr in translations.items():
        monkeypatch.setitem(catalog, msgid, msgstr)
    with translation.override("de"):
        former, tag = both(dossier, can_edit=True)
    assert tag == former


@pytest.mark.parametrize("name", ["nominations:dossier-detail", "nominations:dossier-edit"])
def test_the_dossier_pages_write_their_rows_in_python(dossier, client, monkeypatch, name):
    from nominations import rows

    calls = []
    original = rows.activity_rows
    monkeypatch.setattr(
        rows, "activity_rows", lambda activities, **kw: calls.append(len(activities)) or original(activities, **kw)
    )
    client.force_login(dossier.owner)
    response = client.get(reverse(name, kwargs={"pk": dossier.pk}))
    assert response.status_code == 200
    assert calls == [dossier.activities.count()]
    context = {key: response.context[key] for key in ("activities", "can_edit", "dossier")}
    assert context["can_edit"]
    expected = engines["django"].from_string(FORMER_ROWS).render(context)
    assert f"<tbody>\n  {expected}\n  </tbody>" in response.content.decode()
