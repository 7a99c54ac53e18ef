"""The desks tests use the evaluations cast (a rubric, a submitted Irish dossier,
its nominator, a supporter, evaluators) and the awards one (a cycle)."""

from tests.evaluations.conftest import (  # noqa: F401 (fixtures)
    dossier,
    evaluator,
    nominator,
    rubric,
    second_evaluator,
    supporter,
)
