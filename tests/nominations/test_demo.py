"""The nominations part of ``seed_demo``."""

from datetime import date

from django.core.management import call_command

from nominations.models import Activity, Dossier, Invitation, Nomination, NominationSupport

TODAY = date(2026, 11, 28)


def test_seed_demo_shows_every_nomination_and_dossier_state(db):
    call_command("seed_demo", mvps=40, date=TODAY)
    assert {n.state for n in Nomination.objects.all()} == set(Nomination.State.values)
    assert NominationSupport.objects.exists()
    assert Invitation.objects.filter(used_at__isnull=True).exists()
    assert Invitation.objects.filter(used_at__isnull=False).exists()
    new = Dossier.objects.filter(kind=Dossier.Kind.NEW)
    states = set(new.values_list("state", flat=True))
    assert Dossier.State.DRAFT in states and Dossier.State.RETURNED in states
    # the evaluations demo moves some submitted dossiers on; at least the submitted ones existed
    assert new.exclude(state__in=[Dossier.State.DRAFT, Dossier.State.RETURNED]).count() >= 2
    assert new.filter(state=Dossier.State.RETURNED).count() == 1
    demo = Dossier.objects.get(owner__email="nominee@mvp.example")
    assert demo.state == Dossier.State.DRAFT and demo.award_date == date(2027, 4, 1)
    assert 40 <= demo.activities.count() <= 60
    assert Activity.objects.filter(is_paid=True).count() == 0


def test_seed_demo_nominee_login_sees_draft(client, db):
    call_command("seed_demo", mvps=12, date=TODAY)
    from mvp_portal.accounts.models import User

    client.force_login(User.objects.get(email="nominee@mvp.example"))
    page = client.get("/").content.decode()
    assert "Your new dossier is a draft" in page


def test_seed_demo_nominee_sees_the_activity_table_in_pages(client, db):
    call_command("seed_demo", mvps=12, date=TODAY)
    from mvp_portal.accounts.models import User

    nominee = User.objects.get(email="nominee@mvp.example")
    client.force_login(nominee)
    dossier = nominee.dossiers.get()
    page = client.get(f"/nominations/dossiers/{dossier.pk}/").content.decode()
    assert 'aria-label="Pages of the activities"' in page and 'href="?page=2#activities"' in page
