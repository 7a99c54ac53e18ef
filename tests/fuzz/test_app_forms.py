"""Forms of the apps above accounts, driven through their views (see ``helpers``).

One test per form; add a form by copying one of these and changing the URL,
the valid values and the snapshot.
"""

from django.urls import reverse
from hypothesis import strategies as st

from mvp_portal.accounts.models import Expertise, User
from mvp_portal.notices.models import Notice
from nominations.models import Dossier, DossierLogEntry, Nomination, NominationSupport
from tests.factories import DossierFactory, UserFactory
from tests.fuzz.helpers import form_data, fuzz_form, post_to

STATEMENT = (
    "She answers questions on the forums every week, writes a blog about running virtual machines at scale, "
    "organises the Dublin user group and speaks at community events across Ireland and the United Kingdom."
)


def test_nomination_form_survives_bad_input(client, employee, expertise):
    client.force_login(employee)

    def reset():
        Nomination.objects.all().delete()
        Notice.objects.all().delete()

    def snapshot():
        return (
            list(Nomination.objects.order_by("pk").values_list("pk", "nominee_email", "statement")),
            NominationSupport.objects.count(),
            Notice.objects.count(),
            User.objects.count(),
        )

    valid = {
        "nominee_name": st.sampled_from(["Siobhán Kelly", "Jan de Vries"]),
        "nominee_email": st.sampled_from(["siobhan@example.org", "JAN@example.org"]),
        "nominee_country": st.sampled_from(["IE", "DE", "NL"]),
        "expertise": st.just(str(expertise.pk)),
        "statement": st.just(STATEMENT),
        "links": st.sampled_from(["", "https://blog.example.org/\nhttps://github.com/siobhan"]),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("nominations:nomination-create")),
        data=form_data(valid, sizes={"statement": 5000, "links": 2000}),
        snapshot=snapshot,
        reset=reset,
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def test_directory_filters_survive_bad_input(client, mvp):
    """A GET form: nothing is written, so every answer must just be a page without 5xx or raw markup."""
    expertise = Expertise.objects.filter(awards__isnull=False).values_list("slug", flat=True).first()
    valid = {
        "q": st.sampled_from(["", "Mia", "virtual"]),
        "expertise": st.sampled_from(["", expertise]),
        "country": st.sampled_from(["", "IE", "DE"]),
        "language": st.sampled_from(["", "en", "de"]),
        "sort": st.sampled_from(["", "name", "recent", "country"]),
        "page": st.sampled_from(["", "1"]),
    }
    url = reverse("directory:directory")

    def answered(response) -> bool:
        # A page number that is no page of the list (a spoiled one): the 404 that says so.
        return response.status_code == 200 or (
            response.status_code == 404 and b"This page does not exist" in response.content
        )

    outcomes = fuzz_form(
        post=lambda data: client.get(url, data),
        data=form_data(valid),
        snapshot=lambda: User.objects.count(),
        accepted=answered,
    )
    assert outcomes["accepted"] and not outcomes["rejected"], outcomes


def test_dossier_return_form_survives_bad_input(client, lead):
    owner = UserFactory(display_name="Ciara Submitted", country="IE")
    dossier = DossierFactory(owner=owner, state=Dossier.State.SUBMITTED)
    client.force_login(lead)

    def reset():
        # Test set-up only: put the dossier back where a lead finds it.
        Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.SUBMITTED)
        DossierLogEntry.objects.filter(dossier=dossier).delete()
        Notice.objects.all().delete()

    def snapshot():
        return (
            Dossier.objects.values_list("state", flat=True).get(pk=dossier.pk),
            list(DossierLogEntry.objects.filter(dossier=dossier).values_list("pk", flat=True)),
            Notice.objects.count(),
        )

    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:dossier-return", kwargs={"pk": dossier.pk})),
        data=form_data({"message": st.just("Please add the dates of your talks.")}, sizes={"message": 6000}),
        snapshot=snapshot,
        reset=reset,
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes
