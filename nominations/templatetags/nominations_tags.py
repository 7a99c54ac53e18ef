from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from nominations.models import Dossier
from nominations.selectors import CONFLICT_REASON_TEXT

register = template.Library()


@register.filter
def conflict_reason(reason: str) -> str:
    """A conflict of interest's reason (``CONFLICT_REASONS``) as the page says it to the viewer."""
    return str(CONFLICT_REASON_TEXT.get(reason, reason))


@register.simple_tag(takes_context=True)
def has_dossiers(context) -> bool:
    """Whether the signed-in person owns a dossier (the navigation offers "My dossiers")."""
    user = getattr(context.get("request"), "user", None)
    if not (user and user.is_authenticated):
        return False
    if "_has_dossiers" not in user.__dict__:
        user.__dict__["_has_dossiers"] = Dossier.objects.filter(owner=user).exists()
    return user.__dict__["_has_dossiers"]


@register.simple_tag
def provenance(activity) -> SafeString:
    """Where ``activity`` came from: a source, with the metrics as fetched, or hand entry.
    Needs ``activity.provenance`` joined (``nominations.sources.selectors.with_provenance``).

    Written here rather than as an included template because it is on every row of a
    dossier's tables: the include was a tenth of those pages' template time."""
    found = getattr(activity, "provenance", None)  # no row: Django's RelatedObjectDoesNotExist, an AttributeError
    if found is None:
        return format_html(
            '<span class="nom-provenance small text-muted" data-provenance="hand">{}</span>', _("entered by hand")
        )
    fetched = date_format(template_localtime(found.fetched_at), "SHORT_DATE_FORMAT")
    # As {% blocktranslate %}: the values escaped, the translation as written.
    words = _("from %(source)s, metrics as of %(date)s") % {
        "source": conditional_escape(found.source_name),
        "date": conditional_escape(fetched),
    }
    metrics = found.metrics_text
    if metrics:
        words += f" ({conditional_escape(metrics)})"
    return mark_safe(
        f'<span class="nom-provenance small text-success-emphasis" data-provenance="source">{words}</span>'
    )  # noqa: S308 -- every value escaped above


@register.simple_tag
def activity_rows(activities, can_edit, dossier) -> SafeString:
    """The rows of a dossier's activity table (``nominations.rows.activity_rows``): written in
    Python because the template's row loop was most of the dossier pages' time (0.5-1 ms a row);
    byte for byte what that loop wrote (``tests/nominations/test_activity_rows.py``)."""
    from nominations import rows  # here, not above: nominations.rows imports this module (provenance)

    return rows.activity_rows(activities, can_edit=bool(can_edit), dossier=dossier)
