"""A sensible default rubric; program admins edit it in the admin afterwards."""

from django.db import migrations

DEFAULT_RUBRIC = [
    (
        "Impact",
        3,
        "How much the community gained: problems solved, people unblocked, products improved by feedback. "
        "1 = little visible effect; 5 = widely felt, lasting effect.",
    ),
    (
        "Reach",
        2,
        "How many people the contributions reached (readers, attendees, members, downloads) for the expertise. "
        "1 = a handful; 5 = a large audience for this technology area and country.",
    ),
    (
        "Quality",
        2,
        "Accuracy, depth and clarity of the work, judged from the evidence links. "
        "1 = shallow or error-prone; 5 = exemplary, often cited by others.",
    ),
    (
        "Consistency",
        2,
        "Contributions spread over the whole year rather than one burst (see the 12-month picture). "
        "1 = one or two months; 5 = steady every month.",
    ),
    (
        "Depth of expertise",
        1,
        "Command of the technology area the dossier is for. 1 = general interest; 5 = recognised authority.",
    ),
]


def create_rubric(apps, schema_editor):
    Criterion = apps.get_model("evaluations", "Criterion")
    for position, (name, weight, guidance) in enumerate(DEFAULT_RUBRIC, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": weight, "guidance": guidance, "position": position * 10}
        )


def remove_rubric(apps, schema_editor):
    Criterion = apps.get_model("evaluations", "Criterion")
    Criterion.objects.filter(name__in=[name for name, _, _ in DEFAULT_RUBRIC], scores__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_evaluation_workflow")]

    operations = [migrations.RunPython(create_rubric, remove_rubric)]
