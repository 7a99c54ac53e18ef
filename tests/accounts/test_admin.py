"""The expertise admin: legacy area ids and aliases, one per line."""

from django.urls import reverse

from mvp_portal.accounts.models import Expertise


def _form(expertise: Expertise, **changes) -> dict:
    data = {
        "name": expertise.name,
        "slug": expertise.slug,
        "category": expertise.category,
        "is_active": "on",
        "legacy_ids": "\n".join(expertise.legacy_ids),
        "aliases": "\n".join(expertise.aliases),
    }
    data.update(changes)
    return data


def test_expertise_admin_shows_legacy_ids_and_aliases_one_per_line(client, program_admin):
    client.force_login(program_admin)
    hyper_v = Expertise.objects.get(name="Hyper-V")
    page = client.get(reverse("admin:accounts_expertise_change", args=[hyper_v.pk])).content.decode()
    assert "9ec301bb-189a-e411-93f2-9cb65495d3c4\ne203f4ef-066b-e511-810b-fc15b428ced0</textarea>" in page
    assert "Linux on Hyper-V</textarea>" in page


def test_expertise_admin_saves_canonical_ids_and_trimmed_aliases(client, program_admin):
    client.force_login(program_admin)
    semantic_kernel = Expertise.objects.get(name="Semantic Kernel")
    url = reverse("admin:accounts_expertise_change", args=[semantic_kernel.pk])
    data = _form(
        semantic_kernel,
        legacy_ids="{A1B2C3D4-0000-4000-8000-00000000ABCD}\n\n a1b2c3d4-0000-4000-8000-00000000abcd ",
        aliases=" SK \nsk\nSemantic  Kernel SDK",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    semantic_kernel.refresh_from_db()
    assert semantic_kernel.legacy_ids == ["a1b2c3d4-0000-4000-8000-00000000abcd"]
    assert semantic_kernel.aliases == ["SK", "Semantic Kernel SDK"]


def test_expertise_admin_refuses_bad_and_taken_ids_and_names(client, program_admin):
    client.force_login(program_admin)
    semantic_kernel = Expertise.objects.get(name="Semantic Kernel")
    url = reverse("admin:accounts_expertise_change", args=[semantic_kernel.pk])
    response = client.post(
        url,
        _form(
            semantic_kernel,
            legacy_ids="not-a-guid\n9ec301bb-189a-e411-93f2-9cb65495d3c4",
            aliases="Linux on Hyper-V\n!!!",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“not-a-guid” is not a GUID." in page
    assert "9ec301bb-189a-e411-93f2-9cb65495d3c4 already belongs to Hyper-V." in page
    assert "“Linux on Hyper-V” already names Hyper-V." in page
    assert "“!!!” has no letters or digits to match on." in page
    semantic_kernel.refresh_from_db()
    assert semantic_kernel.legacy_ids == [] and semantic_kernel.aliases == []


def test_expertise_admin_finds_an_expertise_by_a_legacy_name(client, program_admin):
    client.force_login(program_admin)
    page = client.get(reverse("admin:accounts_expertise_changelist"), {"q": "Linux on Hyper"}).content.decode()
    assert ">Hyper-V</a>" in page and ">PowerShell</a>" not in page
