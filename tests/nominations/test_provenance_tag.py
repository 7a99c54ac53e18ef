"""``{% provenance activity %}`` writes what the included template it replaced wrote, byte for
byte: hand entry, a source with and without metrics, values that need escaping, other languages."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.utils import translation

from nominations.models import Activity, ActivityProvenance, SourceConnection
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

# nominations/_provenance.html as it was, the reference.
FORMER_TEMPLATE = (
    "{% load i18n %}{% with p=activity.provenance %}{% if p %}"
    '<span class="nom-provenance small text-success-emphasis" data-provenance="source">'
    '{% blocktranslate with source=p.source_name date=p.fetched_at|date:"SHORT_DATE_FORMAT" %}'
    "from {{ source }}, metrics as of {{ date }}{% endblocktranslate %}"
    "{% with m=p.metrics_text %}{% if m %} ({{ m }}){% endif %}{% endwith %}</span>"
    '{% else %}<span class="nom-provenance small text-muted" data-provenance="hand">'
    '{% translate "entered by hand" %}</span>{% endif %}{% endwith %}'
)


def both(activity) -> tuple[str, str]:
    engine = engines["django"]
    activity = Activity.objects.select_related("provenance").get(pk=activity.pk)
    former = engine.from_string(FORMER_TEMPLATE).render({"activity": activity})
    tag = engine.from_string("{% load nominations_tags %}{% provenance activity %}").render({"activity": activity})
    return former, tag


@pytest.mark.parametrize("language", ["en", "de", "ja", "ar"])
@pytest.mark.parametrize(
    "source_name, metrics",
    [
        (None, None),
        ("My blog", {}),
        ("Tom & Jerry's <talks>", {"views": 4567, "likes": 120}),
        ("YouTube", {"stars": 3}),
    ],
)
def test_the_tag_writes_what_the_template_wrote(language, source_name, metrics):
    activity = ActivityFactory()
    if source_name is not None:
        ActivityProvenance.objects.create(
            activity=activity,
            source_kind=SourceConnection.Kind.choices[0][0],
            source_name=source_name,
            canonical_url="https://example.org/x",
            # Late in the evening in UTC: the next day in the program's time zone on some dates.
            fetched_at=datetime(2026, 11, 27, 23, 30, tzinfo=UTC),
            metrics=metrics,
        )
    with translation.override(language):
        former, tag = both(activity)
    assert tag == former
    assert ('data-provenance="hand"' in tag) == (source_name is None)
