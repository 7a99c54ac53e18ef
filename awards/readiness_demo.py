"""Demo renewal readiness for ``seed_demo`` (called by ``awards.demo.seed`` once
the renewal dossiers are open), on any day:

- the demo MVP's renewal dossier holds a year with gaps (a few kinds of work,
  months without activity, some activities without a link or a reach figure),
  and their lead left a note on it (changed once: the note's log has two versions);
- another MVP in their renewal window has handed in their renewal, under
  evaluation, and has a previous dossier (decided, announced, with approved
  feedback and scores) for the decision page's year-over-year comparison.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from evaluations.models import (
    Assignment,
    Criterion,
    Decision,
    Evaluation,
    Feedback,
    Recommendation,
    Score,
)
from evaluations.scoring import weighted_score
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.responsibility import responsible_staff
from nominations.models import Activity, ActivityType, Dossier, DossierLogEntry

from . import services
from .models import Award

NOTE = (
    "Good start with your posts. Before the renewal, add the attendee numbers of your talks and "
    "the links to your forum answers: the year looks thin on reach and evidence."
)
NOTE_CHANGED = NOTE + " The spring months are empty: anything you did then is worth documenting."
# (months after the award's start, type slug, title, with a link, with a reach figure)
DEMO_YEAR = [
    (0, "blog-post", "Getting started again: what changed this year", True, True),
    (1, "blog-post", "Troubleshooting in production, part 1", True, True),
    (1, "forum-answers", "Answers on Microsoft Q&A", False, False),
    (2, "speaking", "Talk at the local user group", False, False),
    (5, "blog-post", "Troubleshooting in production, part 2", True, True),
    (5, "forum-answers", "Stack Overflow answers", True, False),
    (8, "blog-post", "Five things I wish I knew", True, True),
    (8, "forum-answers", "More answers on Microsoft Q&A", False, False),
]
GOOD_COMMENT = "Steady, well-documented community work all year."
MIXED_COMMENT = "A good year, but less of it than the year before."


def _types() -> dict[str, ActivityType]:
    types = {t.slug: t for t in ActivityType.objects.filter(is_active=True)}
    fallback = next(iter(types.values()))
    return {slug: types.get(slug, fallback) for slug in ("blog-post", "forum-answers", "speaking")}


def _year_of_activities(dossier: Dossier, *, today, plan, owner_id: int) -> list[Activity]:
    types = _types()
    rows = []
    for n, (months, slug, title, linked, reached) in enumerate(plan):
        started_on = min(cal.add_months(dossier.period_start, months) + timedelta(days=9), today)
        rows.append(
            Activity(
                dossier=dossier,
                activity_type=types[slug],
                title=title,
                started_on=started_on,
                url=f"https://community.example/{owner_id}/year/{n + 1}" if linked else "",
                description="Shared with the community, unpaid.",
                quantity=1 + n % 4,
                reach=120 + 40 * n if reached else None,
            )
        )
    return Activity.objects.bulk_create(rows)


def _scores(evaluation: Evaluation, criteria: list[Criterion], values: list[int]) -> list[Score]:
    return [
        Score(evaluation=evaluation, criterion=c, value=v, weight=c.weight)
        for c, v in zip(criteria, values, strict=True)
    ]


def _evaluation(dossier, evaluator, criteria, values, comment) -> tuple[Evaluation, list[Score]]:
    evaluation = Evaluation.objects.create(
        dossier=dossier,
        evaluator=evaluator,
        comment=comment,
        weighted_score=weighted_score((c.weight, v) for c, v in zip(criteria, values, strict=True)),
        confidence=Evaluation.Confidence.HIGH,
    )
    return evaluation, _scores(evaluation, criteria, values)


def seed_lead_note(context, *, today) -> str:
    """The demo MVP's year with gaps, and the lead's note on it (their award is in its window)."""
    mvp = context.objects["mvps"][0]
    award = (
        Award.objects.filter(user=mvp, renewal_dossier__isnull=False)
        .select_related("renewal_dossier", "user")
        .order_by("-starts_on")
        .first()
    )
    if award is None:
        return "no renewal dossier for the demo MVP: no readiness note"
    _year_of_activities(award.renewal_dossier, today=today, plan=DEMO_YEAR, owner_id=mvp.pk)
    author = responsible_staff(award.renewal_dossier.country or mvp.country)[0]
    now = timezone.now()
    services.readiness_note_save(award_id=award.pk, actor=author, text=NOTE, today=today, now=now - timedelta(days=3))
    services.readiness_note_save(award_id=award.pk, actor=author, text=NOTE_CHANGED, today=today, now=now)
    return f"the demo MVP's year shows gaps, with a note from {author.display_name}"


def seed_year_over_year(context, *, today) -> str:
    """A renewal under evaluation whose previous dossier was decided, with feedback."""
    mvps = context.objects["mvps"]
    lead = context.objects["lead"]
    lead_countries = {str(c) for region in lead.led_regions.all() for c in region.countries}
    candidates = list(
        Award.objects.filter(
            user__in=[m.pk for m in mvps[1:]],
            renewal_dossier__isnull=False,
            renewal_dossier__state=Dossier.State.DRAFT,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("user", "renewal_dossier")
        .order_by("user_id")
    )
    if not candidates:
        return "no other MVP in their renewal window: no year-over-year comparison"
    candidates.sort(key=lambda a: str(a.renewal_dossier.country) not in lead_countries)
    award = candidates[0]
    renewal = award.renewal_dossier
    criteria = list(Criterion.objects.filter(is_active=True).order_by("position", "name"))
    if not criteria:
        return "no rubric: no year-over-year comparison"
    admin = context.objects["admin"]
    staff = [p for p in [context.objects["employee"], *context.objects.get("employees", [])] if p.pk != award.user_id]
    first, second = staff[0], staff[-1]
    recommender = responsible_staff(renewal.country)[0]
    now = timezone.now()

    # Last year: the dossier that granted the current award, decided and announced, with feedback.
    previous = Dossier.objects.create(
        owner_id=award.user_id,
        kind=Dossier.Kind.RENEWAL,
        state=Dossier.State.DECIDED,
        expertise_id=award.expertise_id,
        country=renewal.country,
        award_date=award.starts_on,
        period_start=cal.add_months(award.starts_on, -12),
        period_end=award.starts_on - timedelta(days=45),
        submitted_at=now - timedelta(days=(today - award.starts_on).days + 60),
    )
    plan_then = [(m, slug, f"{title} (last year)", True, True) for m, slug, title, *_ in DEMO_YEAR] + [
        (4, "speaking", "Conference talk", True, True),
        (6, "speaking", "Workshop at the user group", True, True),
    ]
    _year_of_activities(previous, today=today, plan=plan_then, owner_id=award.user_id)
    scores = []
    for evaluator, values in dict(((first, [5, 4, 5, 4, 4]), (second, [4, 4, 5, 5, 4]))).items():
        evaluation, rows = _evaluation(previous, evaluator, criteria, (values * 3)[: len(criteria)], GOOD_COMMENT)
        scores += rows
    Recommendation.objects.create(dossier=previous, verdict="award", note="A strong year.", recommended_by=recommender)
    Decision.objects.create(
        dossier=previous,
        verdict=Decision.Verdict.AWARD,
        rationale="Strong, steady contributions with broad reach; evaluators and lead agree.",
        decided_by=admin,
        announced_at=now - timedelta(days=(today - award.starts_on).days),
    )
    Feedback.objects.create(
        dossier=previous,
        note="Your talks and posts reached many people. Keep documenting the attendance of your sessions.",
        drafted_by=recommender,
        approved_by=admin,
        approved_at=now - timedelta(days=(today - award.starts_on).days + 1),
    )
    Award.objects.filter(pk=award.pk, dossier__isnull=True).update(dossier=previous)

    # This year: handed in and under evaluation, one evaluation in, one to come.
    batch = uuid.uuid4()
    _year_of_activities(renewal, today=today, plan=DEMO_YEAR, owner_id=award.user_id)
    Dossier.objects.filter(pk=renewal.pk).update(state=Dossier.State.UNDER_EVALUATION, submitted_at=now)
    Assignment.objects.bulk_create(
        [
            Assignment(dossier=renewal, evaluator=person, assigned_by=recommender, batch=batch)
            for person in dict.fromkeys([first, second])
        ]
    )
    evaluation, rows = _evaluation(renewal, first, criteria, ([4, 3, 3, 2, 4] * 3)[: len(criteria)], MIXED_COMMENT)
    Score.objects.bulk_create(scores + rows)
    DossierLogEntry.objects.bulk_create(
        [
            DossierLogEntry(dossier=renewal, actor_id=award.user_id, action="submitted"),
            DossierLogEntry(dossier=previous, actor=admin, action="decided", data={"verdict": "award"}),
        ]
    )
    return f"{award.user.display_name}'s renewal compares with last year's dossier on the decision page"


def seed(context) -> None:
    today = context.today
    context.summary.append(
        "renewal readiness: " + seed_lead_note(context, today=today) + "; " + seed_year_over_year(context, today=today)
    )
