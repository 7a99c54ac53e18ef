"""The workflow forms (activities, CSV import, invitations, evaluations, cycles, NDA, kit)
driven through their views with Hypothesis (see ``helpers``): no 5xx, no partial write
on a refused submission, and nothing echoed unescaped.

One test per form. Each ``reset`` puts the rows the form may change back as they were
(test set-up only, straight through the ORM); each ``snapshot`` reads them.
"""

import csv
import io
import uuid
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import strategies as st

from awards.models import AwardRevocation
from directory.models import AwardKit, NdaAcceptance
from evaluations.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Decision,
    Evaluation,
    Feedback,
    Recommendation,
    Score,
)
from mvp_portal.accounts.models import User
from mvp_portal.accounts.roles import Role
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.notices.models import Notice
from nominations import csv_import
from nominations.models import Activity, Dossier, DossierLogEntry, Invitation, Nomination
from nominations.services import invitation_signed_token
from tests.conftest import TODAY
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    AssignmentFactory,
    AwardCycleFactory,
    CriterionFactory,
    DossierFactory,
    InvitationFactory,
    NominationFactory,
    UserFactory,
)
from tests.factories.directory import NdaVersionFactory
from tests.fuzz.helpers import PAYLOADS, form_data, fuzz_form, nasty, post_to, redirected

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)
VALID_DATE = st.sampled_from(["2026-05-01", "2026-01-31", "2026-11-28"])


def both_paths(outcomes) -> None:
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


# Nominations: the activity form, add and edit -------------------------------------------------
@pytest.fixture
def talk_type(db):
    return ActivityTypeFactory(slug="fuzz-talk", name="Fuzz talk", quantity_label="Talks", reach_label="Attendees")


@pytest.fixture
def draft(db, nominee, expertise):
    return DossierFactory(owner=nominee, expertise=expertise)


def _activity_valid(talk_type, expertise) -> dict:
    return {
        "activity_type": st.just(str(talk_type.pk)),
        "title": st.sampled_from(["Running VMs at scale", "Dublin user group, May"]),
        "started_on": VALID_DATE,
        "ended_on": st.sampled_from(["", "2026-11-28"]),
        "url": st.sampled_from(["", "https://blog.example.org/vms", "blog.example.org/x"]),
        "quantity": st.sampled_from(["1", "3", "12"]),
        "second_quantity": st.sampled_from(["", "0", "7"]),
        "reach": st.sampled_from(["", "0", "250"]),
        "description": st.sampled_from(["", "A talk with a live demo."]),
        "expertise": st.sampled_from(["", str(expertise.pk)]),
        "visibility": st.sampled_from(["public", "private"]),
        "is_paid": st.sampled_from(["no", "no", "yes"]),
    }


NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str), st.sampled_from(["2147483648", "9" * 40, "1e9"])
)


def _activity_data(talk_type, expertise):
    valid = _activity_valid(talk_type, expertise)
    # Numbers sometimes far out of range: the database column must not be what refuses them.
    for name in ("quantity", "second_quantity", "reach"):
        valid[name] = st.one_of(valid[name], NUMBERS)
    return form_data(valid, sizes={"description": 6000, "title": 600, "url": 1200})


def test_activity_add_form_survives_bad_input(client, nominee, draft, talk_type, expertise):
    client.force_login(nominee)

    def reset():
        Activity.objects.filter(dossier=draft).delete()
        DossierLogEntry.objects.filter(dossier=draft).delete()

    def snapshot():
        return (
            list(Activity.objects.order_by("pk").values_list("pk", "title", "started_on", "quantity", "reach")),
            DossierLogEntry.objects.filter(dossier=draft).count(),
        )

    outcomes = fuzz_form(
        post=post_to(client, reverse("nominations:dossier-edit", kwargs={"pk": draft.pk})),
        data=_activity_data(talk_type, expertise),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_activity_edit_form_survives_bad_input(client, nominee, draft, talk_type, expertise):
    activity = ActivityFactory(dossier=draft, activity_type=talk_type, title="Original talk", quantity=2, reach=40)
    original = {
        f: getattr(activity, f)
        for f in ("title", "started_on", "ended_on", "url", "quantity", "second_quantity", "reach", "description")
    }
    client.force_login(nominee)

    def reset():
        Activity.objects.filter(pk=activity.pk).update(**original, is_paid=False, visibility="public", expertise=None)
        DossierLogEntry.objects.filter(dossier=draft).delete()

    def snapshot():
        return (
            list(
                Activity.objects.order_by("pk").values_list(
                    "pk", "title", "started_on", "ended_on", "url", "quantity", "second_quantity", "reach"
                )
            ),
            DossierLogEntry.objects.filter(dossier=draft).count(),
        )

    outcomes = fuzz_form(
        post=post_to(client, reverse("nominations:activity-edit", kwargs={"pk": activity.pk})),
        data=_activity_data(talk_type, expertise),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


# Nominations: the CSV import ------------------------------------------------------------------
CELL = st.one_of(
    st.sampled_from(["", "fuzz-talk", "Fuzz talk", "blog-post", "public", "private", "yes", "no", "1", "0"]),
    VALID_DATE,
    st.sampled_from(["2026-13-01", "31/12/2026", "2026-02-30", "9999-12-31", "0001-01-01", "tomorrow"]),
    NUMBERS,
    st.sampled_from(["https://blog.example.org/a", "javascript:xss()", "http://", "=cmd|' /C calc'!A0"]),
    nasty(300),
)


@st.composite
def csv_upload(draw) -> dict:
    """A CSV file: mostly the template's header (sometimes mangled), rows of good and bad
    cells, written in one of several encodings; ``cells`` keeps the text for the echo check."""
    header = list(csv_import.HEADER)
    shape = draw(st.sampled_from(["template", "template", "template", "shuffled", "short", "odd"]))
    if shape == "shuffled":
        header = draw(st.permutations(header))
    elif shape == "short":
        header = header[: draw(st.integers(min_value=0, max_value=len(header)))]
    elif shape == "odd":
        header = draw(st.lists(nasty(40), max_size=14))
    good = [
        "fuzz-talk",
        draw(st.sampled_from(["Talk at the user group", "Blog: VMs"])),
        draw(VALID_DATE),
        "",
        draw(st.sampled_from(["", "https://blog.example.org/vms"])),
        "1",
        "",
        "100",
        "",
        "",
        "public",
        "no",
    ]
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        row = list(good)
        for index in draw(st.sets(st.integers(min_value=0, max_value=len(good) + 2), max_size=3)):
            value = draw(CELL)
            if index < len(row):
                row[index] = value
            else:
                row.append(value)
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            # A metric column (quantity, second_quantity, reach) with any number at all.
            row[draw(st.sampled_from([5, 6, 7]))] = draw(NUMBERS)
        rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "raw"]))
    raw = draw(st.binary(max_size=400)) if encoding == "raw" else text.encode(encoding, errors="replace")
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        raw = raw.replace(b",", draw(st.sampled_from([b";", b"\t", b"\x00", b"\r"])), 1)
    cells = [c for row in [header, *rows] for c in row if isinstance(c, str)]
    return {"raw": raw, "cells": cells}


def _upload(client, url):
    def post(data):
        upload = SimpleUploadedFile("activities.csv", data["raw"], content_type="text/csv")
        return client.post(url, {"file": upload})

    return post


def test_csv_import_upload_survives_bad_files(client, nominee, draft, talk_type):
    client.force_login(nominee)
    outcomes = fuzz_form(
        post=_upload(client, reverse("nominations:dossier-import", kwargs={"pk": draft.pk})),
        data=csv_upload(),
        # The preview saves nothing: both a good file and a refused one leave the activities alone.
        snapshot=lambda: list(Activity.objects.values_list("pk", flat=True)),
        accepted=lambda response: response.status_code == 200,
    )
    both_paths(outcomes)
    assert not Activity.objects.exists()


def test_csv_import_confirmation_survives_bad_files(client, nominee, draft, talk_type):
    """Upload, then confirm what the preview accepted: the confirmation must not fail either."""
    client.force_login(nominee)
    upload = _upload(client, reverse("nominations:dossier-import", kwargs={"pk": draft.pk}))
    confirm = reverse("nominations:dossier-import-confirm", kwargs={"pk": draft.pk})

    def post(data):
        preview = upload(data)
        assert preview.status_code < 500, preview.status_code
        return client.post(confirm)

    def reset():
        Activity.objects.filter(dossier=draft).delete()
        DossierLogEntry.objects.filter(dossier=draft).delete()

    outcomes = fuzz_form(
        post=post,
        data=csv_upload(),
        snapshot=lambda: list(Activity.objects.values_list("pk", flat=True)),
        reset=reset,
    )
    assert outcomes["accepted"] == sum(outcomes.values()), outcomes


GOOD_ROW = "fuzz-talk,Talk at the user group,2026-05-01,,,1,,100,,,public,no"


def test_csv_import_of_a_huge_quantity_is_refused_not_a_500(client, nominee, draft, talk_type):
    client.force_login(nominee)
    raw = (",".join(csv_import.HEADER) + "\r\n" + GOOD_ROW.replace(",1,,100,", "," + "9" * 40 + ",,100,")).encode()
    upload = SimpleUploadedFile("activities.csv", raw, content_type="text/csv")
    client.post(reverse("nominations:dossier-import", kwargs={"pk": draft.pk}), {"file": upload})
    response = client.post(reverse("nominations:dossier-import-confirm", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    assert not Activity.objects.filter(dossier=draft).exists()


# Found by the fuzzer: csv.Error escaped the dossier-import view (a 500). Files the csv module can
# read once decoded properly are now read; one it cannot is refused with the reason.
@pytest.mark.parametrize(
    "raw",
    [
        pytest.param((",".join(csv_import.HEADER) + "\r" + GOOD_ROW + "\r").encode(), id="classic-mac-line-endings"),
        pytest.param((",".join(csv_import.HEADER) + "\r\n" + GOOD_ROW + "\r\n").encode("utf-16"), id="utf-16-export"),
    ],
)
def test_csv_import_reads_old_mac_and_utf16_files(client, nominee, draft, talk_type, raw):
    client.force_login(nominee)
    upload = SimpleUploadedFile("activities.csv", raw, content_type="text/csv")
    response = client.post(reverse("nominations:dossier-import", kwargs={"pk": draft.pk}), {"file": upload})
    assert response.status_code == 200
    assert len(response.context["preview"].ok_rows) == 1


def test_csv_import_of_a_file_csv_cannot_read_is_refused(client, nominee, draft, talk_type):
    raw = (",".join(csv_import.HEADER) + "\r\n" + GOOD_ROW.replace("Talk at", "x" * 140_000)).encode()
    client.force_login(nominee)
    upload = SimpleUploadedFile("activities.csv", raw, content_type="text/csv")
    response = client.post(reverse("nominations:dossier-import", kwargs={"pk": draft.pk}), {"file": upload})
    assert response.status_code == 400
    assert "could not be read as CSV" in response.content.decode()


# Nominations: the invitation claim and the invite action --------------------------------------
def test_invitation_claim_form_survives_bad_input(client, lead, expertise):
    invitation = InvitationFactory(
        nomination__nominee_email="claire.claimant@example.org",
        nomination__nominee_country="IE",
        nomination__expertise=expertise,
        invited_by=lead,
    )
    nomination = invitation.nomination
    url = reverse("nominations:invitation-claim", kwargs={"signed": invitation_signed_token(invitation)})

    def reset():
        client.logout()
        Dossier.objects.filter(nomination=nomination).delete()
        Nomination.objects.filter(pk=nomination.pk).update(
            state=Nomination.State.INVITED, nominee=None, claimed_at=None
        )
        Invitation.objects.filter(pk=invitation.pk).update(used_at=None, used_by=None)
        User.objects.filter(email__iexact=nomination.nominee_email).delete()

    def snapshot():
        return (
            User.objects.count(),
            Dossier.objects.count(),
            Nomination.objects.values_list("state", "nominee_id").get(pk=nomination.pk),
            Invitation.objects.values_list("used_at", flat=True).get(pk=invitation.pk),
        )

    password = st.sampled_from(["correct horse battery staple", "Tr0ub4dor&3-but-longer"])

    @st.composite
    def claim(draw):
        data = draw(
            form_data(
                {"display_name": st.sampled_from(["Claire Claimant", "Ó Súilleabháin"]), "password1": password},
                sizes={"display_name": 400, "password1": 2000},
            )
        )
        if "password1" in data:
            data["password2"] = draw(st.one_of(st.just(data["password1"]), nasty(50)))
        return data

    outcomes = fuzz_form(post=post_to(client, url), data=claim(), snapshot=snapshot, reset=reset)
    both_paths(outcomes)


def test_invite_action_survives_bad_input(client, lead, expertise):
    nomination = NominationFactory(nominee_country="IE", expertise=expertise, state=Nomination.State.SUBMITTED)
    client.force_login(lead)

    def reset():
        Invitation.objects.all().delete()
        Notice.objects.all().delete()
        Nomination.objects.filter(pk=nomination.pk).update(state=Nomination.State.SUBMITTED, invited_at=None)

    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:nomination-invite", kwargs={"pk": nomination.pk})),
        # The action takes no field: whatever is posted besides is ignored, and a
        # body Django refuses to parse is answered 400 before anything is sent.
        data=st.dictionaries(nasty(30).filter(bool), nasty(), max_size=4),
        snapshot=lambda: (Invitation.objects.count(), Notice.objects.count()),
        reset=reset,
    )
    assert outcomes["accepted"], outcomes
    # The last generated body may have been refused: invite once more from a clean slate.
    reset()
    assert redirected(client.post(reverse("desks:nomination-invite", kwargs={"pk": nomination.pk})))
    assert Invitation.objects.count() == 1 and Notice.objects.count() == 1


# Evaluations ----------------------------------------------------------------------------------
@pytest.fixture
def rubric(db):
    Criterion.objects.update(is_active=False)
    return [
        CriterionFactory(name="F Impact", weight=3, position=1),
        CriterionFactory(name="F Reach", weight=2, position=2),
    ]


@pytest.fixture
def evaluator(db):
    return UserFactory(display_name="Eve Evaluator", email="eve@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def submitted(db, nominee, expertise, lead):
    """Nico Nominee's submitted dossier (Ireland, award date 2027-01-01)."""
    return DossierFactory(owner=nominee, expertise=expertise, state=Dossier.State.SUBMITTED)


def _put_back(dossier, state=Dossier.State.SUBMITTED) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    DossierLogEntry.objects.filter(dossier=dossier).delete()
    Notice.objects.all().delete()


def _trail(dossier):
    return (
        Dossier.objects.values_list("state", flat=True).get(pk=dossier.pk),
        DossierLogEntry.objects.filter(dossier=dossier).count(),
        Notice.objects.count(),
    )


def test_evaluation_form_survives_bad_input(client, lead, evaluator, submitted, rubric):
    AssignmentFactory(dossier=submitted, evaluator=evaluator, assigned_by=lead)
    Dossier.objects.filter(pk=submitted.pk).update(state=Dossier.State.UNDER_EVALUATION)
    client.force_login(evaluator)

    def reset():
        Evaluation.objects.all().delete()
        _put_back(submitted, Dossier.State.UNDER_EVALUATION)

    def snapshot():
        rows = list(Evaluation.objects.values_list("pk", "comment", "abstained", "weighted_score"))
        return rows, Score.objects.count(), _trail(submitted)

    score = st.sampled_from(["1", "2", "3", "4", "5"])
    valid = {f"score_{criterion.pk}": score for criterion in rubric} | {
        "comment": st.sampled_from(["Steady, useful work.", "Strong year"]),
        "confidence": st.sampled_from(["low", "medium", "high"]),
        "abstain": st.sampled_from(["", "", "on"]),
        "abstain_reason": st.sampled_from(["", "I know the nominee."]),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("evaluations:evaluate", kwargs={"pk": submitted.pk})),
        data=form_data(valid, sizes={"comment": 6000, "abstain_reason": 3000}),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_recommendation_form_survives_bad_input(client, lead, submitted):
    client.force_login(lead)

    def reset():
        Recommendation.objects.all().delete()
        _put_back(submitted)

    def snapshot():
        return list(Recommendation.objects.values_list("verdict", "note")), _trail(submitted)

    valid = {"verdict": st.sampled_from(["award", "decline"]), "note": st.sampled_from(["Strong year.", "Thin."])}
    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:recommendation-save", kwargs={"pk": submitted.pk})),
        data=form_data(valid, sizes={"note": 6000}),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_feedback_form_survives_bad_input(client, lead, submitted):
    client.force_login(lead)

    def reset():
        Feedback.objects.all().delete()
        _put_back(submitted)

    def snapshot():
        return list(Feedback.objects.values_list("note", "approved_at")), _trail(submitted)

    valid = {"note": st.sampled_from(["More talks would help.", "A strong, steady year."])}
    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:feedback-save", kwargs={"pk": submitted.pk})),
        data=form_data(valid, sizes={"note": 6000}),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_decision_form_survives_bad_input(client, program_admin, submitted):
    client.force_login(program_admin)

    def reset():
        Decision.objects.all().delete()
        _put_back(submitted)

    def snapshot():
        return list(Decision.objects.values_list("verdict", "rationale", "version")), _trail(submitted)

    valid = {
        "verdict": st.sampled_from(["award", "decline"]),
        "rationale": st.sampled_from(["Outstanding year.", "Not enough this year."]),
        "replaces_version": st.one_of(st.sampled_from(["", "1"]), NUMBERS),
        # The dossier has no evaluation: deciding needs the confirmation.
        "confirm_without_evaluations": st.sampled_from(["on", "", "off"]),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:decision-record", kwargs={"pk": submitted.pk})),
        data=form_data(valid, sizes={"rationale": 6000}),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_assignment_batch_form_survives_bad_input(client, lead, evaluator, submitted, expertise):
    others = [DossierFactory(owner__country="IE", expertise=expertise, state=Dossier.State.SUBMITTED) for _ in "ab"]
    foreign = DossierFactory(owner__country="DE", expertise=expertise, state=Dossier.State.SUBMITTED)
    dossiers = [submitted, *others]
    second = UserFactory(display_name="Ezra Evaluator", roles=[Role.EMPLOYEE])
    client.force_login(lead)

    def reset():
        Assignment.objects.all().delete()
        for dossier in [*dossiers, foreign]:
            _put_back(dossier)

    def snapshot():
        return (
            sorted(Assignment.objects.values_list("dossier_id", "evaluator_id")),
            [_trail(d) for d in [*dossiers, foreign]],
        )

    pks = [str(d.pk) for d in dossiers]
    valid = {
        "dossiers": st.lists(st.sampled_from([*pks, str(foreign.pk), "0", "-1", "x"]), min_size=1, max_size=4),
        "evaluators": st.lists(
            st.sampled_from([str(evaluator.pk), str(second.pk), str(lead.pk), str(submitted.owner_id), "0"]),
            min_size=1,
            max_size=3,
        ),
        "next": st.sampled_from(["", reverse("desks:dossier-list"), "https://evil.example.com/", "//evil.example.com"]),
        "from": st.sampled_from(["", "dossier"]),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:assignment-create")),
        data=form_data(valid),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_assignment_batch_with_a_superscript_digit_is_refused(client, lead, submitted):
    client.force_login(lead)
    response = client.post(reverse("desks:assignment-create"), {"dossiers": ["²"], "evaluators": ["1"]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


# Found by the fuzzer: a same-site `next` such as "0" went to redirect(), which tried it as a URL name.
def test_assignment_batch_with_a_bare_word_next_redirects_safely(client, lead, evaluator, submitted):
    client.force_login(lead)
    data = {"dossiers": [submitted.pk], "evaluators": [evaluator.pk], "next": "0"}
    response = client.post(reverse("desks:assignment-create"), data)
    assert response.status_code == 302


def test_conflict_declaration_form_survives_bad_input(client, lead, evaluator, submitted):
    Dossier.objects.filter(pk=submitted.pk).update(state=Dossier.State.UNDER_EVALUATION)
    client.force_login(evaluator)

    def reset():
        ConflictDeclaration.objects.all().delete()
        if not Assignment.objects.filter(dossier=submitted, evaluator=evaluator).exists():
            Assignment.objects.create(dossier=submitted, evaluator=evaluator, assigned_by=lead, batch=uuid.uuid4())
        _put_back(submitted, Dossier.State.UNDER_EVALUATION)

    def snapshot():
        return (
            list(ConflictDeclaration.objects.values_list("reason", flat=True)),
            list(Assignment.objects.values_list("pk", flat=True)),
            _trail(submitted),
        )

    outcomes = fuzz_form(
        post=post_to(client, reverse("evaluations:conflict-declare", kwargs={"pk": submitted.pk})),
        data=form_data({"reason": st.sampled_from(["We work together.", "My cousin"])}, sizes={"reason": 6000}),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


def test_queue_filters_survive_bad_input(client, lead, submitted, expertise):
    """A GET form: nothing is written, every answer is a page (an unknown filter is dropped)."""
    client.force_login(lead)
    valid = {
        "award_date": st.sampled_from(["", "2027-01-01", "2026-10-01", "2027-02-30"]),
        "expertise": st.sampled_from(["", str(expertise.pk), "0"]),
        "kind": st.sampled_from(["", "new", "renewal"]),
        "state": st.sampled_from(["", "submitted", "under_evaluation", "decided", "draft"]),
        "sort": st.sampled_from(["", "score", "-score", "name", "submitted"]),
        "page": st.one_of(st.sampled_from(["1", "2", "last", "0"]), NUMBERS),
    }
    url = reverse("desks:dossier-list")
    outcomes = fuzz_form(
        post=lambda data: client.get(url, data),
        data=form_data(valid),
        snapshot=lambda: (Assignment.objects.count(), _trail(submitted)),
        accepted=lambda response: response.status_code == 200,
    )
    assert outcomes["accepted"] and not outcomes["rejected"], outcomes


# Awards: the cycle deadlines ------------------------------------------------------------------
def test_cycle_deadlines_form_survives_bad_input(client, program_admin):
    cycle = AwardCycleFactory(award_date=date(2027, 1, 1), state=AwardCycle.State.OPEN)
    original = (cycle.submission_deadline, cycle.evaluation_deadline)
    client.force_login(program_admin)

    def reset():
        AwardCycle.objects.filter(pk=cycle.pk).update(
            submission_deadline=original[0], evaluation_deadline=original[1], state=AwardCycle.State.OPEN
        )

    def snapshot():
        return AwardCycle.objects.values_list("submission_deadline", "evaluation_deadline", "state").get(pk=cycle.pk)

    day = st.sampled_from(["2026-11-20", "2026-12-01", "2026-12-20", "2026-12-31", "2027-01-01", "9999-12-31"])
    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:cycle-edit", kwargs={"pk": cycle.pk})),
        data=form_data({"submission_deadline": day, "evaluation_deadline": day}),
        snapshot=snapshot,
        reset=reset,
    )
    both_paths(outcomes)


# Directory: the NDA acceptance and the kit address --------------------------------------------
def test_nda_acceptance_form_survives_bad_input(client, mvp):
    version = NdaVersionFactory(version="2026.9", text="Keep the roadmap to yourself.")
    client.force_login(mvp)

    def reset():
        NdaAcceptance.objects.all().delete()

    valid = {
        "version": st.one_of(st.just(str(version.pk)), NUMBERS),
        "agree": st.sampled_from(["on", "on", ""]),
        "next": st.sampled_from(["", reverse("directory:briefing-list"), "https://evil.example.com/", *PAYLOADS[:2]]),
    }
    outcomes = fuzz_form(
        post=post_to(client, reverse("directory:nda-accept")),
        data=form_data(valid),
        snapshot=lambda: list(NdaAcceptance.objects.values_list("user_id", "version_id")),
        reset=reset,
    )
    both_paths(outcomes)


def test_nda_acceptance_with_a_bare_word_next_redirects_safely(client, mvp):
    version = NdaVersionFactory(version="2026.9")
    client.force_login(mvp)
    response = client.post(reverse("directory:nda-accept"), {"version": version.pk, "agree": "on", "next": "0"})
    assert response.status_code == 302


def test_kit_address_form_survives_bad_input(client, mvp):
    client.force_login(mvp)

    def reset():
        AwardKit.objects.all().delete()

    outcomes = fuzz_form(
        post=post_to(client, reverse("directory:kit-address")),
        data=form_data(
            {"shipping_address": st.sampled_from(["1 Quay Street\nDublin D02\nIreland", "Hauptstr. 1, Wien"])},
            sizes={"shipping_address": 6000},
        ),
        snapshot=lambda: list(AwardKit.objects.values_list("shipping_address", "address_confirmed_at")),
        reset=reset,
    )
    both_paths(outcomes)


# Awards: revoking an award on the admin desk ------------------------------------------------
def test_award_revoke_form_survives_bad_input(client, program_admin, mvp):
    award = mvp.awards.get()
    client.force_login(program_admin)

    def reset():
        AwardRevocation.objects.all().delete()

    outcomes = fuzz_form(
        post=post_to(client, reverse("desks:award-revoke", kwargs={"pk": award.pk})),
        data=form_data(
            {
                "reason": st.sampled_from(["Conduct.", "Paid work presented as community work."]),
                "confirm": st.sampled_from(["on", "on", ""]),
            },
            sizes={"reason": 3000},
        ),
        snapshot=lambda: list(AwardRevocation.objects.values_list("award_id", "reason")),
        reset=reset,
    )
    both_paths(outcomes)
