"""The benchmark's data beyond ``seed_demo --mvps 4000``: the hook for the cycle at scale.

The issue asks for a cycle of 1,000 submitted dossiers and about 200,000
activities. When ``nominations.demo`` provides
``seed_cycle_at_scale(*, dossiers: int, activities: int, today)`` (bulk inserts),
this calls it; until then it only reports what the demo holds. Run by
``bench/run.py`` as ``python -m bench.seed`` with the bench settings.
"""

import importlib
import json

import django

DOSSIERS = 1000
ACTIVITIES = 200_000


def main() -> None:
    django.setup()
    from django.apps import apps

    from mvp_portal.program_calendar import program_today

    demo = importlib.import_module("nominations.demo")
    hook = getattr(demo, "seed_cycle_at_scale", None)
    if hook is not None:
        hook(dossiers=DOSSIERS, activities=ACTIVITIES, today=program_today())
    counts = {
        label: apps.get_model(label).objects.count()
        for label in (
            "accounts.User",
            "accounts.Expertise",
            "awards.Award",
            "nominations.Dossier",
            "nominations.Activity",
        )
    }
    submitted = apps.get_model("nominations.Dossier").objects.filter(state="submitted").count()
    print(json.dumps({"hook": hook is not None, "counts": counts, "submitted_dossiers": submitted}))


if __name__ == "__main__":
    main()
