"""Demo evaluations for ``seed_demo``: on the submitted dossiers the nominations
app seeded (``context.objects["dossiers"]``), every stage of evaluation.

Of those dossiers, in a deterministic order: some stay *submitted* (waiting
for the lead), most go *under evaluation* with two or three evaluators (some
evaluations done, some to do, some abstentions, one declared conflict, lead
recommendations), and some are *decided* (award and decline), moved to the
latest award date, which is left unannounced so that the admin can announce
it on the demo's today. The demo employee has evaluations to do
and one done; one evaluator scores leniently and one harshly, and the
evaluators of one dossier disagree widely (the fairness figures). Rows are
bulk-inserted, with the audit entries the services would have written, so
that large demos stay fast.
"""

import importlib
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.roles import is_employee
from nominations.models import Dossier, DossierLogEntry, NominationSupport

from .models import (
    DEFAULT_READINESS_SIGNALS,
    MAX_CALIBRATION_DOSSIERS,
    Assignment,
    CalibrationDossier,
    CalibrationScore,
    ConflictDeclaration,
    Criterion,
    Decision,
    Evaluation,
    Recommendation,
    Reconsideration,
    Score,
)
from .scoring import weighted_score

# An evaluator's comment follows their scores: the strongest and the weakest criterion, in words
# that fit the numbers (never "great reach" beside Reach = 1).
LEVELS = {1: "very thin", 2: "thin", 3: "solid", 4: "strong", 5: "outstanding"}
ABSTAIN_REASONS = ["Outside my technology area.", "Not enough time to read the evidence properly before the deadline."]
RATIONALES = {
    "award": "Strong, steady contributions with broad reach; evaluators and lead agree.",
    "decline": "Activity is too thin and concentrated in a few weeks; encourage to document again next year.",
}


def _comment(criteria: list[Criterion], values: list[int]) -> str:
    pairs = list(zip(criteria, values, strict=True))
    best = max(pairs, key=lambda pair: pair[1])
    worst = min(pairs, key=lambda pair: pair[1])
    if best[1] == worst[1]:
        return f"Evenly {LEVELS[best[1]]} on every criterion ({best[1]} of 5)."
    return (
        f"{best[0].name} is {LEVELS[best[1]]} ({best[1]} of 5); "
        f"{worst[0].name.lower()} is {LEVELS[worst[1]]} ({worst[1]} of 5)."
    )


def _ensure_rubric() -> list[Criterion]:
    criteria = list(Criterion.objects.filter(is_active=True).order_by("position", "name"))
    if criteria:
        return criteria
    default = importlib.import_module("evaluations.migrations.0004_default_rubric").DEFAULT_RUBRIC
    for position, (name, weight, guidance) in enumerate(default, start=1):
        Criterion.objects.get_or_create(
            name=name,
            defaults={
                "weight": weight,
                "guidance": guidance,
                "position": position * 10,
                "readiness_signal": DEFAULT_READINESS_SIGNALS.get(name, ""),
            },
        )
    return list(Criterion.objects.filter(is_active=True).order_by("position", "name"))


def seed(context) -> None:
    dossiers = context.objects.get("submitted_dossiers", context.objects.get("dossiers"))
    if dossiers is None:
        context.summary.append(
            "evaluations: no dossiers from the nominations demo (key 'submitted_dossiers'); nothing seeded"
        )
        return
    submitted = list(
        Dossier.objects.filter(pk__in=[d.pk for d in dossiers], state=Dossier.State.SUBMITTED)
        .select_related("owner", "nomination")
        .order_by("award_date", "pk")
    )
    # The first one waits for the lead: the demo lead's, when there is one in their countries.
    lead_countries = {str(c) for region in context.objects["lead"].led_regions.all() for c in region.countries}
    submitted.sort(key=lambda d: str(d.country) not in lead_countries)
    supporters: dict[int, set[int]] = {}
    for nomination_id, supporter_id in NominationSupport.objects.filter(
        nomination__in=[d.nomination_id for d in submitted if d.nomination_id]
    ).values_list("nomination_id", "supporter_id"):
        supporters.setdefault(nomination_id, set()).add(supporter_id)
    if not submitted:
        context.summary.append("evaluations: no submitted dossiers to evaluate")
        return
    rng = context.rng
    criteria = _ensure_rubric()
    admin = context.objects["admin"]
    lead = context.objects["lead"]
    demo_employee = context.objects["employee"]
    staff = [demo_employee, *context.objects.get("employees", [])]
    staff = [person for person in dict.fromkeys(staff) if is_employee(person)]
    leads = context.objects.get("leads", [lead])
    # Fairness: one lenient and one harsh evaluator, so that normalised scores and reviewer profiles show something.
    bias = {}
    if len(staff) >= 4:
        bias = {staff[-1].pk: 1, staff[-2].pk: -2}
    now = timezone.now()
    batch = uuid.uuid4()

    assignments, evaluations, scores_by_evaluation = [], [], []
    recommendations, decisions, conflicts, log = [], [], [], []
    states: dict[str, list[int]] = {Dossier.State.UNDER_EVALUATION: [], Dossier.State.DECIDED: []}

    def entry(dossier, actor, action, message="", **data):
        log.append(DossierLogEntry(dossier=dossier, actor=actor, action=action, message=message, data=data))

    lead_by_country = {}
    for person in leads:
        for region in person.led_regions.all():
            for country in region.countries:
                lead_by_country.setdefault(str(country), person)

    for index, dossier in enumerate(submitted):
        # 0: waits for the lead; 1–3: under evaluation; 4–5: decided. The order
        # puts a decision among the first few, so a small demo shows one too.
        stage = (0, 4, 1, 5, 2, 3)[index % 6]
        if stage == 0 and index:
            continue
        owner_id = dossier.owner_id
        nominator_id = dossier.nomination.nominator_id if dossier.nomination_id else None
        excluded = {owner_id, nominator_id, *supporters.get(dossier.nomination_id, ())}
        pool = [p for p in staff if p.pk not in excluded]
        unbiased = [p for p in pool if p.pk not in bias]
        if stage in (4, 5) and len(unbiased) >= 2:
            pool = unbiased  # a decided dossier's evaluators agree (its rationale says so): no harsh or lenient one
        if index == 0 and demo_employee in pool and len(pool) > 1:
            # The demo employee's to-do item: assigned, not yet evaluated.
            chosen = [demo_employee] + rng.sample([p for p in pool if p != demo_employee], k=min(2, len(pool) - 1))
        else:
            chosen = rng.sample(pool, k=min(len(pool), rng.choice([2, 3])))
            if index in (1, 2) and demo_employee in pool and demo_employee not in chosen:
                chosen[0] = demo_employee
        region_lead = lead_by_country.get(str(dossier.owner.country), admin)
        for person in chosen:
            assignments.append(Assignment(dossier=dossier, evaluator=person, assigned_by=region_lead, batch=batch))
        entry(dossier, region_lead, "evaluation_started", from_state="submitted", to_state="under_evaluation")
        entry(dossier, region_lead, "evaluators_assigned", "Assigned " + ", ".join(str(p) for p in chosen))
        means: list[float] = []  # each scoring evaluator's mean score of this dossier
        for position, person in enumerate(chosen):
            pending = (index == 0 and person == demo_employee) or (stage == 1 and position == len(chosen) - 1)
            if pending:
                continue
            if index == 3 and position == 0:
                conflicts.append(
                    ConflictDeclaration(dossier=dossier, employee=person, reason="We co-founded a user group.")
                )
                assignments.pop(len(assignments) - len(chosen) + position)
                entry(dossier, person, "conflict_declared", "We co-founded a user group.")
                continue
            disagreement = index == 2 and position < 2  # one dossier whose evaluators disagree widely
            if not disagreement and rng.random() < 0.12:
                reason = rng.choice(ABSTAIN_REASONS)
                evaluations.append(
                    Evaluation(
                        dossier=dossier, evaluator=person, comment="Abstaining.", abstained=True, abstain_reason=reason
                    )
                )
                scores_by_evaluation.append([])
                entry(dossier, person, "evaluation_submitted", "Abstained: " + reason, abstained=True)
                continue
            # The scores of a decided dossier agree with its decision (its rationale says they do).
            if stage == 4:
                values = [rng.choice([4, 5]) for _ in criteria]
            elif stage == 5:
                values = [rng.choice([1, 2]) for _ in criteria]
            else:
                base = rng.choice([2, 3, 4, 4, 5]) + bias.get(person.pk, 0)
                values = [max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in criteria]
            if disagreement:
                values = [5 if position == 0 else 2 for _ in criteria]
            score = weighted_score((c.weight, v) for c, v in zip(criteria, values, strict=True))
            evaluations.append(
                Evaluation(
                    dossier=dossier,
                    evaluator=person,
                    comment=_comment(criteria, values),
                    weighted_score=score,
                    confidence=rng.choice(Evaluation.Confidence.values),
                )
            )
            scores_by_evaluation.append(values)
            means.append(sum(values) / len(values))
            entry(dossier, person, "evaluation_submitted", f"Weighted score {score}", weighted_score=str(score))
        if stage in (2, 3, 4, 5) or index in (1, 2):
            # The lead follows the evaluators' mean score (a decided dossier's: its decision, which agrees).
            verdict = "award" if not means or sum(means) / len(means) >= 3.5 else "decline"
            verdict = {4: "award", 5: "decline"}.get(stage, verdict)
            recommendations.append(
                Recommendation(
                    dossier=dossier, verdict=verdict, note=RATIONALES[verdict].split(";")[0], recommended_by=region_lead
                )
            )
            entry(dossier, region_lead, "recommended", RATIONALES[verdict].split(";")[0], verdict=verdict)
        if stage in (4, 5):
            verdict = "award" if stage == 4 else "decline"
            decisions.append(
                Decision(
                    dossier=dossier,
                    verdict=verdict,
                    rationale=RATIONALES[verdict],
                    decided_by=admin,
                )
            )
            entry(
                dossier,
                admin,
                "decided",
                f"{verdict.title()}: {RATIONALES[verdict]}",
                from_state="under_evaluation",
                to_state="decided",
            )
            states[Dossier.State.DECIDED].append(dossier.pk)
        else:
            states[Dossier.State.UNDER_EVALUATION].append(dossier.pk)

    Assignment.objects.bulk_create(assignments, batch_size=1000)
    Evaluation.objects.bulk_create(evaluations, batch_size=1000)
    Score.objects.bulk_create(
        (
            Score(evaluation=evaluation, criterion=criterion, value=value, weight=criterion.weight)
            for evaluation, values in zip(evaluations, scores_by_evaluation, strict=True)
            if values  # abstentions carry no scores
            for criterion, value in zip(criteria, values, strict=True)
        ),
        batch_size=2000,
    )
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    Decision.objects.bulk_create(decisions, batch_size=1000)
    ConflictDeclaration.objects.bulk_create(conflicts)
    DossierLogEntry.objects.bulk_create(log, batch_size=2000)
    # Demo only: the states the transitions above would have left (their audit entries are in ``log``).
    for state, pks in states.items():
        Dossier.objects.filter(pk__in=pks).update(state=state, updated_at=now)
    # The decided dossiers belong to the latest award date, whose deadlines have passed and which the
    # awards demo leaves unannounced: the admin's "ready to announce" on any day.
    latest = cal.award_date_on_or_before(context.today)
    decided_at = datetime.combine(
        cal.submission_deadline(latest) - timedelta(days=3), time(10), tzinfo=timezone.get_current_timezone()
    )
    # One decline stays with the award date before: announced a few days ago, so that a
    # reconsideration can be asked for within its 14 days.
    earlier_decline = next((d for d in decisions if d.verdict == Decision.Verdict.DECLINE), None)
    moved = [pk for pk in states[Dossier.State.DECIDED] if earlier_decline is None or pk != earlier_decline.dossier_id]
    Dossier.objects.filter(pk__in=moved).update(award_date=latest, submitted_at=decided_at)
    if earlier_decline is not None:
        earlier = cal.award_date_on_or_before(latest - timedelta(days=1))
        announced_at = now - timedelta(days=3)
        Dossier.objects.filter(pk=earlier_decline.dossier_id).update(
            award_date=earlier, submitted_at=decided_at - timedelta(days=91)
        )
        Decision.objects.filter(pk=earlier_decline.pk).update(announced_at=announced_at)
        earlier_decline.announced_at = announced_at
    new_state = {pk: state for state, pks in states.items() for pk in pks}
    for dossier in dossiers:  # keep the objects handed on to later apps (awards) in step
        dossier.state = new_state.get(dossier.pk, dossier.state)
        if dossier.state == Dossier.State.DECIDED:
            if earlier_decline is not None and dossier.pk == earlier_decline.dossier_id:
                dossier.award_date = cal.award_date_on_or_before(latest - timedelta(days=1))
            else:
                dossier.award_date, dossier.submitted_at = latest, decided_at
    context.objects["evaluations"] = evaluations
    context.objects["decisions"] = decisions
    extras = _seed_calibration_and_reconsideration(
        rng=rng,
        criteria=criteria,
        admin=admin,
        decisions=decisions,
        assignments=assignments,
        bias=bias,
        waiting=demo_employee,
    )
    context.summary.append(
        f"{len(assignments)} evaluator assignments, {len(evaluations)} evaluations "
        f"({sum(1 for e in evaluations if e.abstained)} abstentions), {len(conflicts)} declared conflict(s), "
        f"{len(recommendations)} recommendations, {len(decisions)} decisions "
        f"(for {latest:%Y-%m-%d}, ready to announce)"
        + (f"; {staff[-1]} scores leniently and {staff[-2]} harshly" if bias else "")
        + extras
    )


def _seed_calibration_and_reconsideration(*, rng, criteria, admin, decisions, assignments, bias, waiting) -> str:
    """A calibration round on the latest cycle under evaluation (announced past dossiers,
    scored by its evaluators but the demo employee, who sees it waiting first), and a
    reconsideration asked for on an announced decline (waiting for another admin)."""
    said = []
    announced = [d for d in decisions if d.announced_at is not None]
    decline = next((d for d in announced if d.verdict == "decline"), None)
    if decline is not None:
        statement = "My meetup series in the autumn was not in the dossier; the links are below."
        Reconsideration.objects.create(
            dossier=decline.dossier, statement=statement, evidence="https://example.org/meetups/autumn"
        )
        DossierLogEntry.objects.create(
            dossier=decline.dossier,
            actor=decline.dossier.owner,
            action="reconsideration_requested",
            message=statement,
            data={},
        )
        said.append("a reconsideration asked for")
    decided = {d.dossier_id for d in decisions}
    open_dates = sorted({a.dossier.award_date for a in assignments if a.dossier_id not in decided}, reverse=True)
    if open_dates and announced:
        award_date = open_dates[0]
        past = [d.dossier for d in announced if d.dossier.award_date < award_date][: MAX_CALIBRATION_DOSSIERS - 1]
        calibrations = [
            CalibrationDossier.objects.create(award_date=award_date, dossier=dossier, marked_by=admin)
            for dossier in past
        ]
        evaluators = {a.evaluator for a in assignments if a.dossier.award_date == award_date}
        for calibration in calibrations:
            for person in evaluators - {waiting}:
                values = [max(1, min(5, rng.randint(2, 4) + bias.get(person.pk, 0))) for _ in criteria]
                CalibrationScore.objects.create(
                    calibration=calibration,
                    evaluator=person,
                    values={str(c.pk): v for c, v in zip(criteria, values, strict=True)},
                    weighted_score=weighted_score((c.weight, v) for c, v in zip(criteria, values, strict=True)),
                )
        if calibrations:
            said.append(f"{len(calibrations)} calibration dossier(s) for {award_date:%Y-%m-%d}")
    return ("; " + ", ".join(said)) if said else ""


def delete_all() -> None:
    CalibrationScore.objects.all().delete()
    CalibrationDossier.objects.all().delete()
    Reconsideration.objects.all().delete()
    Score.objects.all().delete()
    Evaluation.objects.all().delete()
    Assignment.objects.all().delete()
    ConflictDeclaration.objects.all().delete()
    Recommendation.objects.all().delete()
    Decision.objects.all().delete()
