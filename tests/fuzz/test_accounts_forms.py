"""Every accounts form driven through its view with Hypothesis (see ``helpers``)."""

from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import strategies as st

from mvp_portal.accounts.models import Language, OnlineIdentity, User
from mvp_portal.notices.models import Notice
from tests.factories import TEST_PASSWORD, OnlineIdentityFactory
from tests.fuzz.helpers import field, form_data, fuzz_form, post_to

NEW_PASSWORD = "a brand new passphrase 42"


def users_snapshot():
    return list(User.objects.order_by("pk").values_list("pk", "email", "password", "display_name", "headline"))


def test_sign_in_form_survives_bad_input(client, outsider):
    def reset():
        client.logout()
        AccessAttempt.objects.all().delete()

    data = st.fixed_dictionaries(
        {
            "username": field(st.sampled_from([outsider.email, outsider.email.upper()]) | st.emails()),
            "password": field(st.just(TEST_PASSWORD)),
        }
    )
    outcomes = fuzz_form(
        post=post_to(client, reverse("accounts:login")), data=data, snapshot=users_snapshot, reset=reset
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def test_password_reset_form_survives_bad_input(client, outsider):
    data = st.fixed_dictionaries({"email": field(st.just(outsider.email) | st.emails())})
    outcomes = fuzz_form(
        post=post_to(client, reverse("accounts:password-reset")),
        data=data,
        snapshot=lambda: (users_snapshot(), Notice.objects.count()),
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def test_password_reset_confirm_form_survives_bad_input(outsider):
    client = Client()
    link = {"form_url": None}

    def reset():
        # Only after a success: the password changed, and the link with it.
        if link["form_url"] is None:
            outsider.set_password(TEST_PASSWORD)
            outsider.save(update_fields=["password"])
            uid = urlsafe_base64_encode(force_bytes(outsider.pk))
            token = default_token_generator.make_token(outsider)
            url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
            link["form_url"] = client.get(url).url  # the token moves into the session

    def post(data):
        response = client.post(link["form_url"], data)
        if response.status_code == 302:
            link["form_url"] = None
        return response

    password = field(st.just(NEW_PASSWORD) | st.text(min_size=12, max_size=40))
    data = st.one_of(
        password.map(lambda p: {"new_password1": p, "new_password2": p}),
        st.fixed_dictionaries({"new_password1": password, "new_password2": password}),
    )
    outcomes = fuzz_form(
        post=post,
        data=data,
        reset=reset,
        snapshot=lambda: User.objects.values_list("password", flat=True).get(pk=outsider.pk),
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def without_huge_language_ids(values: dict) -> dict:
    """Numbers beyond 64 bits as language ids crash SQLite (see the xfail below); left out here."""
    languages = values.get("languages")
    items = languages if isinstance(languages, list) else [languages] if languages is not None else []
    if any(isinstance(v, str) and v.strip().isdigit() and len(v.strip()) > 18 for v in items):
        values = {**values, "languages": ["not-a-number"]}
    return values


def test_profile_form_and_identities_survive_bad_input(client, outsider):
    # The kept identity's URL is one the strategy also submits in new rows: a
    # repeat must be refused next to the field (see the stale-page test below).
    kept = OnlineIdentityFactory(user=outsider, kind=OnlineIdentity.Kind.GITHUB, url="https://github.com/olga")
    client.force_login(outsider)
    language_ids = [str(pk) for pk in Language.objects.values_list("pk", flat=True)[:5]]

    def reset():
        User.objects.filter(pk=outsider.pk).update(display_name="Olga Outsider", headline="", biography="")
        outsider.languages.clear()
        OnlineIdentity.objects.filter(user=outsider).exclude(pk=kept.pk).delete()
        OnlineIdentity.objects.filter(pk=kept.pk).update(kind=OnlineIdentity.Kind.GITHUB, url=kept.url)
        if not OnlineIdentity.objects.filter(pk=kept.pk).exists():
            OnlineIdentity.objects.create(pk=kept.pk, user=outsider, kind=kept.kind, url=kept.url)

    def snapshot():
        return (
            users_snapshot(),
            list(
                User.objects.filter(pk=outsider.pk).values_list(
                    "country", "biography", "time_zone", "show_in_directory", "show_in_alumni"
                )
            ),
            sorted(outsider.languages.values_list("pk", flat=True)),
            list(OnlineIdentity.objects.order_by("pk").values_list("pk", "user_id", "kind", "url")),
        )

    kinds = st.sampled_from(OnlineIdentity.Kind.values)
    urls = st.sampled_from(["https://blog.example.org/", "https://github.com/olga", "https://example.org/talks"])
    valid = {
        "display_name": st.sampled_from(["Olga O'Brien", "Ólga Ní Bhriain"]),
        "country": st.sampled_from(["IE", "DE", ""]),
        "languages": st.lists(st.sampled_from(language_ids), max_size=3),
        "headline": st.sampled_from(["", "Hyper-V in the field"]),
        "biography": st.just("Runs the Dublin user group."),
        "time_zone": st.sampled_from(["", "Europe/Dublin"]),
        "show_in_directory": st.sampled_from(["on", ""]),
        "show_in_alumni": st.sampled_from(["on", ""]),
        "identities-TOTAL_FORMS": st.sampled_from(["1", "2"]),
        "identities-INITIAL_FORMS": st.just("1"),
        "identities-0-id": st.just(str(kept.pk)),
        "identities-0-kind": kinds,
        "identities-0-url": urls,
        "identities-0-DELETE": st.sampled_from(["", "on"]),
        "identities-1-kind": kinds,
        "identities-1-url": urls | st.just(""),
    }
    data = st.one_of(
        form_data(valid, sizes={"biography": 5000, "identities-0-url": 600, "identities-1-url": 600}),
        # Broken management forms: too many, negative, not numbers.
        form_data(valid).map(
            lambda d: {**d, "identities-TOTAL_FORMS": "11"} if d.get("identities-TOTAL_FORMS") == "2" else d
        ),
        st.builds(
            lambda d, total, initial: {**d, "identities-TOTAL_FORMS": total, "identities-INITIAL_FORMS": initial},
            form_data(valid),
            st.sampled_from(["0", "3", "11", "abc", "-1", ""]),
            st.sampled_from(["0", "1", "2", "x"]),
        ),
    )
    post = post_to(client, reverse("accounts:profile-edit"))
    outcomes = fuzz_form(
        post=lambda values: post(without_huge_language_ids(values)), data=data, snapshot=snapshot, reset=reset
    )
    assert outcomes["accepted"] and outcomes["rejected"], outcomes


def test_profile_from_a_stale_page_repeating_an_identity_says_so(client, outsider):
    """A second tab added https://github.com/olga; this older page adds it again.

    Found by the fuzzer: the (user, url) constraint is not validated by the
    form (``user`` is not one of its fields), so the insert used to fail in the
    database with a 500 instead of saying "already in your profile".
    """
    OnlineIdentityFactory(user=outsider, kind=OnlineIdentity.Kind.GITHUB, url="https://github.com/olga")
    client.force_login(outsider)
    client.raise_request_exception = False
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "Olga Outsider",
            "identities-TOTAL_FORMS": "1",
            "identities-INITIAL_FORMS": "0",
            "identities-0-kind": "github",
            "identities-0-url": "https://github.com/olga",
        },
    )
    assert response.status_code == 200
    assert OnlineIdentity.objects.filter(user=outsider).count() == 1


def test_profile_with_a_language_id_beyond_64_bits_says_so(client, outsider):
    """A tampered POST: ``languages=111…1`` (300 digits). Found by the fuzzer:
    SQLite raised OverflowError in the lookup (a 500); now refused as not a
    valid choice on every database."""
    client.force_login(outsider)
    client.raise_request_exception = False
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "Olga",
            "languages": "1" * 300,
            "identities-TOTAL_FORMS": "0",
            "identities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
