"""The rows of the desks' longest tables, written in Python.

Fifty queue rows through Django's template language were half of the queue's
time (eleven cells, three translated labels, three ``floatformat``s and a link a
row), and the lead desk's three lists of up to fifty rows, each nomination with its
own invitation form, more than half of the desk's (bench/NOTES.md). Each function
writes what the loop it replaced wrote, byte for byte: ``tests/desks/test_queue_rows.py``
and ``tests/desks/test_lead_desk_rows.py`` keep those loops (``tests/desks/reference/``)
and compare the two in every language of the portal.
"""

from django.template.defaultfilters import capfirst, floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from evaluations.models import Decision, Recommendation
from mvp_portal.accounts.countries import country_name
from mvp_portal.html_rows import (
    blocktranslated,
    blocktranslated_plural,
    long_date,
    short_date,
    text,
    translated,
    url_for,
)
from nominations.models import Dossier, Nomination
from nominations.templatetags.nominations_tags import conflict_reason

DASH = "—"
NO_CSRF_TOKEN = "NOTPROVIDED"  # noqa: S105 -- Django's mark of a page rendered without a token, not a secret


def _labels(choices) -> dict[str, SafeString]:
    """A model's choices as ``get_FOO_display`` writes them, escaped, in the reader's language."""
    return {value: conditional_escape(str(label)) for value, label in choices}


def _number(value) -> str:
    return DASH if value is None else floatformat(value, 2)


def queue_rows(rows) -> SafeString:
    """``rows``: (dossier, its aggregate, the figures the viewer may see), as the queue's view
    builds them; each dossier annotated with ``viewer_conflict`` and the queue's counts."""
    dossier_url = url_for("desks:dossier")
    evaluate_url = url_for("evaluations:evaluate", kwarg="pk")
    kinds, states = _labels(Dossier.Kind.choices), _labels(Dossier.State.choices)
    recommendations, decisions = _labels(Recommendation.Verdict.choices), _labels(Decision.Verdict.choices)
    hidden = translated("hidden until you evaluate")
    needs_discussion = translated("needs discussion")
    announced = translated("announced")
    out = []
    for dossier, agg, figures in rows:
        pk = dossier.pk
        name = text(dossier.owner.display_name)
        if dossier.viewer_conflict:
            reason = blocktranslated(
                "%(reason)s: a program admin acts on this dossier.",
                reason=capfirst(conflict_reason(dossier.viewer_conflict)),
            )
            who = (
                f'\n      <td></td>\n      <th scope="row">{name}'
                f'<div class="small text-muted fw-normal">{reason}</div></th>\n      '
            )
        else:
            select = blocktranslated("Select %(name)s", name=dossier.owner)
            who = (
                f'\n      <td><input class="form-check-input" type="checkbox" name="dossiers" value="{pk}" '
                f'form="assign-form" id="pick-{pk}" aria-label="{select}"></td>\n'
                f'      <th scope="row"><a href="{dossier_url(pk)}">{name}</a></th>\n      '
            )
        counts = f"{text(dossier.evaluation_count)} / {text(dossier.assignment_count)}"
        if dossier.abstention_count:
            abstentions = blocktranslated_plural(
                "(%(counter)s abstention)",
                "(%(counter)s abstentions)",
                dossier.abstention_count,
                counter=dossier.abstention_count,
            )
            counts += f' <span class="text-muted small">{abstentions}</span>'
        if dossier.scores_hidden:
            scores = f'\n      <td class="num" colspan="3"><a href="{evaluate_url(pk)}" class="small">{hidden}</a>'
            scores += "</td>\n      "
        else:
            badge = ""
            if figures.needs_discussion:
                differ = blocktranslated("Scores differ by %(spread)s points", spread=floatformat(figures.spread, 2))
                badge = (
                    f' <span class="badge text-bg-warning needs-discussion" title="{differ}">{needs_discussion}</span>'
                )
            scores = (
                f'\n      <td class="num">{_number(dossier.weighted_mean)}</td>\n'
                f'      <td class="num">{_number(agg.median)}</td>\n'
                f'      <td class="num normalised">{_number(figures.normalised)}{badge}</td>\n      '
            )
        recommendation = getattr(dossier, "recommendation", None)
        decision = getattr(dossier, "decision", None)
        recommended = (
            recommendations[recommendation.verdict] if recommendation else f'<span class="text-muted">{DASH}</span>'
        )
        if decision:
            decided = decisions[decision.verdict]
            if decision.is_frozen:
                decided += f' <span class="badge text-bg-dark">{announced}</span>'
        else:
            decided = f'<span class="text-muted">{DASH}</span>'
        out.append(
            f"\n    <tr>\n      {who}\n"
            f"      <td>{text(country_name(dossier.country) or DASH)}</td>\n"
            f"      <td>{text(dossier.expertise.local_name)}</td>\n"
            f"      <td>{kinds[dossier.kind]}</td>\n"
            f"      <td>{states[dossier.state]}</td>\n"
            f'      <td class="num">{counts}</td>\n      {scores}\n'
            f"      <td>{recommended}</td>\n"
            f"      <td>{decided}</td>\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped (text, _labels, floatformat's digits)


# The lead desk ------------------------------------------------------------------------------
def nomination_rows(nominations, *, csrf_token: str, next_path: str) -> SafeString:
    """The nominations waiting for an invitation, each with its form (``{% csrf_token %}``'s field)."""
    nomination_url = url_for("desks:nomination")
    invite_url = url_for("desks:nomination-invite")
    invite = translated("Invite")
    csrf = (  # as {% csrf_token %}: nothing without a token
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(csrf_token)}">'
        if csrf_token and csrf_token != NO_CSRF_TOKEN
        else ""
    )
    next_value = conditional_escape(next_path)
    out = []
    for nomination in nominations:
        pk, name = nomination.pk, text(nomination.nominee_name)
        out.append(
            f'\n      <tr>\n        <th scope="row"><a href="{nomination_url(pk)}">{name}</a></th>\n'
            f"        <td>{text(country_name(nomination.nominee_country))}</td>\n"
            f"        <td>{text(nomination.expertise)}</td>\n"
            f"        <td>{short_date(nomination.created_at)}</td>\n"
            f'        <td class="text-end">\n'
            f'          <form method="post" action="{invite_url(pk)}">{csrf}\n'
            f'            <input type="hidden" name="next" value="{next_value}">\n'
            f'            <button type="submit" class="btn btn-sm btn-primary">{invite}'
            f'<span class="visually-hidden"> {name}</span></button>\n'
            f"          </form>\n        </td>\n      </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def review_rows(dossiers) -> SafeString:
    """The dossiers waiting for evaluators or a recommendation, with what each needs."""
    dossier_url = url_for("desks:dossier")
    kinds = _labels(Dossier.Kind.choices)
    needs = {
        (False, False): translated("evaluators, a recommendation"),
        (False, True): translated("evaluators"),
        (True, False): translated("a recommendation"),
        (True, True): "",
    }
    out = []
    for dossier in dossiers:
        need = needs[bool(dossier.has_evaluators), bool(getattr(dossier, "recommendation", None))]
        out.append(
            f'\n      <tr>\n        <th scope="row"><a href="{dossier_url(dossier.pk)}">'
            f"{text(dossier.owner.display_name)}</a></th>\n"
            f"        <td>{kinds[dossier.kind]}</td>\n"
            f"        <td>{short_date(dossier.award_date)}</td>\n"
            f'        <td class="text-end">{text(dossier.activity_count)}</td>\n'
            f"        <td>{short_date(dossier.submitted_at)}</td>\n"
            f"        <td>{need}</td>\n      </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def overdue_rows(assignments) -> SafeString:
    """The evaluations past their cycle's evaluation deadline."""
    dossier_url = url_for("desks:dossier")
    out = []
    for assignment in assignments:
        out.append(
            f'\n      <tr>\n        <th scope="row"><a href="{dossier_url(assignment.dossier_id)}">'
            f"{text(assignment.dossier.owner.display_name)}</a></th>\n"
            f"        <td>{text(assignment.evaluator.display_name)}</td>\n"
            f"        <td>{short_date(assignment.dossier.award_date)}</td>\n"
            f"        <td>{short_date(assignment.assigned_at)}</td>\n      </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


# The lead's nominations ---------------------------------------------------------------------
def nomination_list_rows(nominations) -> SafeString:
    """Every nomination of the lead's countries, a page of them (``nomination_history``)."""
    nomination_url = url_for("desks:nomination")
    states = _labels(Nomination.State.choices)
    out = []
    for nomination in nominations:
        out.append(
            f'\n    <tr>\n      <th scope="row"><a href="{nomination_url(nomination.pk)}">'
            f"{text(nomination.nominee_name)}</a></th>\n"
            f"      <td>{text(country_name(nomination.nominee_country))}</td>\n"
            f"      <td>{text(nomination.expertise)}</td>\n"
            f"      <td>{text(nomination.nominator.display_name)}</td>\n"
            f'      <td class="text-end">{text(nomination.support_count)}</td>\n'
            f'      <td><span class="badge nom-state nom-state-{text(nomination.state)}">'
            f"{states[nomination.state]}</span></td>\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


# The admin's cycle page -----------------------------------------------------------------------
def dossier_table_rows(dossiers, *, show_ends: bool = False) -> SafeString:
    """A cycle's dossiers without a decision, or not submitted (``show_ends``: with the end of the
    award they renew)."""
    dossier_url = url_for("desks:dossier")
    kinds, states = _labels(Dossier.Kind.choices), _labels(Dossier.State.choices)
    out = []
    for dossier in dossiers:
        ends = ""
        if show_ends:
            award = getattr(dossier, "renewed_award", None)  # a reverse one-to-one: missing raises
            ends = f"<td>{long_date(award.ends_on) if award else DASH}</td>"
        out.append(
            f'\n    <tr>\n      <th scope="row"><a href="{dossier_url(dossier.pk)}">'
            f"{text(dossier.owner.display_name)}</a></th>\n"
            f"      <td>{kinds[dossier.kind]}</td>\n"
            f"      <td>{text(dossier.expertise.local_name)}</td>\n"
            f"      <td>{states[dossier.state]}</td>\n"
            f"      {ends}\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped
