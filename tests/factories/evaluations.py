"""Factories of the evaluations app, and a bulk maker of submitted dossiers for query-count tests."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import factory

from desks.dashboard import pipeline_changed
from evaluations.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Decision,
    Evaluation,
    Recommendation,
    Score,
)
from evaluations.selectors import queue_changed
from mvp_portal.accounts.models import User
from nominations.models import Activity, Dossier, Nomination
from tests.factories.accounts import UserFactory
from tests.factories.nominations import DossierFactory


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "1 = weak, 5 = outstanding."
    weight = 1
    position = factory.Sequence(lambda n: 1000 + n)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    dossier = factory.SubFactory(DossierFactory, state=Dossier.State.UNDER_EVALUATION)
    evaluator = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)
    batch = factory.LazyFunction(uuid.uuid4)


class EvaluationFactory(factory.django.DjangoModelFactory):
    """A scored evaluation with no per-criterion rows (set ``weighted_score`` directly)."""

    class Meta:
        model = Evaluation

    dossier = factory.SubFactory(DossierFactory, state=Dossier.State.UNDER_EVALUATION)
    evaluator = factory.SubFactory(UserFactory)
    comment = "Solid, steady community work."
    weighted_score = Decimal("3.5000")


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    evaluation = factory.SubFactory(EvaluationFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 3
    weight = factory.LazyAttribute(lambda s: s.criterion.weight)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    dossier = factory.SubFactory(DossierFactory, state=Dossier.State.UNDER_EVALUATION)
    verdict = Recommendation.Verdict.AWARD
    note = "Strong year."
    recommended_by = factory.SubFactory(UserFactory)


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    dossier = factory.SubFactory(DossierFactory, state=Dossier.State.UNDER_EVALUATION)
    employee = factory.SubFactory(UserFactory)
    reason = "We work together."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    dossier = factory.SubFactory(DossierFactory, state=Dossier.State.DECIDED)
    verdict = Decision.Verdict.AWARD
    rationale = "Outstanding year."
    decided_by = factory.SubFactory(UserFactory)


_bulk_counter = iter(range(10**9))


def bulk_dossiers(
    count: int,
    *,
    expertise,
    country: str = "IE",
    award_date: date = date(2027, 1, 1),
    state: str = Dossier.State.SUBMITTED,
    evaluator=None,
    activities_per_dossier: int = 0,
    activity_type=None,
) -> list[Dossier]:
    """``count`` dossiers (alternately new and renewal) with owners, nominations and,
    when ``evaluator`` is given, one scored evaluation each — in a handful of bulk inserts.
    Bulk inserts send no signals: the kept reads of the queue and the dashboard are told,
    as a service writing these rows would have them told."""
    run = next(_bulk_counter)
    owners = User.objects.bulk_create(
        User(email=f"bulk{run}-{i}@example.org", display_name=f"Bulk {run}-{i:05d}", country=country, password="!")
        for i in range(count)
    )
    nominator = UserFactory()
    nominations = Nomination.objects.bulk_create(
        Nomination(
            nominee_name=owner.display_name,
            nominee_email=owner.email,
            nominee_country=country,
            expertise=expertise,
            statement="Bulk",
            nominator=nominator,
            nominee=owner,
            state=Nomination.State.CLAIMED,
        )
        for owner in owners[::2]
    )
    by_owner = {n.nominee_id: n for n in nominations}
    period_end = award_date - timedelta(days=42)
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            owner=owner,
            kind=Dossier.Kind.NEW if owner.pk in by_owner else Dossier.Kind.RENEWAL,
            nomination=by_owner.get(owner.pk),
            state=state,
            expertise=expertise,
            country=country,
            award_date=award_date,
            period_start=period_end - timedelta(days=365),
            period_end=period_end,
        )
        for owner in owners
    )
    if evaluator is not None:
        Evaluation.objects.bulk_create(
            Evaluation(
                dossier=d,
                evaluator=evaluator,
                comment="Bulk",
                weighted_score=Decimal(1 + (i % 5)).quantize(Decimal("0.0001")),
            )
            for i, d in enumerate(dossiers)
        )
        Assignment.objects.bulk_create(
            Assignment(dossier=d, evaluator=evaluator, assigned_by=evaluator, batch=uuid.uuid4()) for d in dossiers
        )
    if activities_per_dossier:
        Activity.objects.bulk_create(
            Activity(
                dossier=d,
                activity_type=activity_type,
                title=f"Bulk activity {i}",
                started_on=d.period_start + timedelta(days=(i * 37) % 365),
                url=f"https://example.org/{d.pk}/{i}",
                quantity=1 + i % 3,
                reach=10 * i,
            )
            for d in dossiers
            for i in range(activities_per_dossier)
        )
    queue_changed()
    pipeline_changed()
    return dossiers


__all__ = [
    "AssignmentFactory",
    "ConflictDeclarationFactory",
    "CriterionFactory",
    "DecisionFactory",
    "EvaluationFactory",
    "RecommendationFactory",
    "ScoreFactory",
    "bulk_dossiers",
]
