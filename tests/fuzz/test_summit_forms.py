"""The Summit's forms and the account deletion form, driven through their views with bad input:
never a 5xx, never raw markup echoed, a rejected submission changes nothing."""

from datetime import date

from django.urls import reverse
from hypothesis import strategies as st

from directory.models import Summit, SummitRegistration, SummitSession
from mvp_portal.accounts.models import User
from mvp_portal.notices.models import Notice
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.directory import NdaAcceptanceFactory, NdaVersionFactory
from tests.fuzz.helpers import form_data, fuzz_form, post_to

DATES = ["2027-03-10", "2027-03-12", "2026-11-01", "2027-02-01"]


def test_summit_form_survives_bad_input(client, program_admin):
    nda = NdaVersionFactory()
    client.force_login(program_admin)

    def reset():
        Summit.objects.all().delete()
        Notice.objects.all().delete()

    def snapshot():
        return list(Summit.objects.values_list("name", "capacity", "starts_on")), Notice.objects.count()

    valid = {
        "name": st.sampled_from(["MVP Summit 2027", "Sommet des MVP"]),
        "place": st.just("Redmond"),
        "starts_on": st.just("2027-03-10"),
        "ends_on": st.sampled_from(["2027-03-12", "2027-03-10"]),
        "capacity": st.sampled_from(["300", "1"]),
        "registration_opens_on": st.sampled_from(["2026-11-01", "2026-12-01"]),
        "registration_closes_on": st.sampled_from(DATES[2:]),
        "nda_version": st.just(str(nda.pk)),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("directory:summit-create")),
        data=form_data(valid),
        snapshot=snapshot,
        reset=reset,
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def test_summit_registration_form_survives_bad_input(client, mvp, expertise):
    nda = NdaVersionFactory()
    NdaAcceptanceFactory(user=mvp, version=nda)
    summit = Summit.objects.create(
        name="S", place="P", starts_on=date(2027, 3, 10), ends_on=date(2027, 3, 12), capacity=5,
        registration_opens_on=date(2026, 11, 1), registration_closes_on=date(2027, 2, 1), nda_version=nda,
    )  # fmt: skip
    mine = SummitSession.objects.create(summit=summit, expertise=expertise, title="Mine")
    client.force_login(mvp)

    def reset():
        SummitRegistration.objects.all().delete()
        Notice.objects.all().delete()

    def snapshot():
        return list(SummitRegistration.objects.values_list("state", "dietary_needs")), Notice.objects.count()

    valid = {
        "sessions": st.sampled_from([[], [str(mine.pk)]]),
        "dietary_needs": st.sampled_from(["", "Vegan"]),
        "accessibility_needs": st.sampled_from(["", "Step-free access"]),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("directory:summit-register", args=[summit.pk])),
        data=form_data(valid, sizes={"dietary_needs": 600, "accessibility_needs": 600}),
        snapshot=snapshot,
        reset=reset,
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def test_account_deletion_form_survives_bad_input(client, outsider):
    client.force_login(outsider)

    def reset():
        User.objects.filter(pk=outsider.pk).update(deletion_requested_at=None, deletion_due_on=None)
        Notice.objects.all().delete()

    def snapshot():
        return list(
            User.objects.filter(pk=outsider.pk).values_list("deletion_due_on", flat=True)
        ), Notice.objects.count()

    valid = {"password": st.sampled_from([TEST_PASSWORD]), "confirm": st.sampled_from(["on"])}
    outcomes = fuzz_form(
        post=post_to(client, reverse("accounts:account-delete")),
        data=form_data(valid),
        snapshot=snapshot,
        reset=reset,
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes
