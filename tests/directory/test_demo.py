"""seed_demo shows every state of the directory's part."""

from django.core.management import call_command

from directory import selectors
from directory.models import AwardKit, Briefing, NdaAcceptance, NdaVersion
from mvp_portal.accounts.models import User
from tests.conftest import TODAY


def test_seed_demo_shows_every_state(db):
    call_command("seed_demo", mvps=60, date=TODAY)
    nda = NdaVersion.objects.filter(published_at__isnull=False).order_by("-published_at").first()
    demo_mvp = User.objects.get(email="mvp@mvp.example")
    current_mvps = selectors.current_awards(TODAY).values("user_id")
    accepted = NdaAcceptance.objects.filter(version=nda, user__in=current_mvps).count()
    assert accepted > 0.6 * 60
    assert not NdaAcceptance.objects.filter(version=nda, user=demo_mvp).exists()
    assert NdaAcceptance.objects.filter(user=demo_mvp).exists()  # an older version: asked again
    award = selectors.current_award_of(demo_mvp, TODAY)
    assert Briefing.objects.filter(expertise=award.expertise, published_at__isnull=False).exists()
    assert Briefing.objects.filter(published_at__isnull=True).exists()
    statuses = {kit.status for kit in AwardKit.objects.all()}
    assert statuses == set(AwardKit.Status.values)
    assert selectors.current_awards(TODAY).filter(kit__isnull=True).exists()
    assert User.objects.filter(show_in_directory=False, awards__ends_on__gte=TODAY).exists()
    assert demo_mvp.show_in_directory


def test_seed_demo_shows_a_summit_with_a_waitlist_and_alumni(db, client):
    from django.urls import reverse

    from directory.models import Summit

    call_command("seed_demo", mvps=60, date=TODAY)
    summit = Summit.objects.get()
    counts = selectors.summit_counts(summit)
    assert counts["registered"] == summit.capacity and counts["waitlisted"] > 0
    assert summit.registration_open_on(TODAY)
    listed = selectors.listed_alumni(TODAY)
    alumnus = listed.first()
    assert alumnus is not None and alumnus.award_years >= 1
    assert not selectors.listed_awards(TODAY).filter(user__in=listed).exists()
    assert alumnus.display_name in client.get(reverse("directory:alumni")).content.decode()
