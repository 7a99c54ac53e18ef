"""Permission-matrix entries for the project-level and accounts URLs.

The format is described in ``tests/test_permission_matrix.py``.
"""

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]
SIGNED_IN = EVERYONE[1:]
STAFF = ["employee", "lead", "other_lead", "admin"]


def everyone(answer):
    return dict.fromkeys(EVERYONE, answer)


def signed_in(answer, anonymous="login"):
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, answer)}


def build(world):
    """Nothing of its own: the accounts pages act on the signed-in person."""


# A reset link whose token is wrong: the page says the link no longer works.
BAD_RESET_LINK = {"uidb64": "MTIzNDU", "token": "bad-token"}

ACCESS = {
    # Leaving: everyone signed in, for their own account. An empty POST re-renders the form with errors
    # (400); cancelling without a request says so and returns to the page.
    "accounts:account-delete": [
        {"method": "get", "expect": signed_in(200)},
        {"method": "post", "expect": signed_in(400)},
    ],
    "accounts:account-delete-cancel": {"method": "post", "expect": signed_in(302)},
    "home": {"method": "get", "expect": everyone(200)},
    # The load balancer's probe: open to all, never a redirect.
    "healthz": {"method": "get", "expect": everyone(200)},
    # The scripts' translations: public, like the scripts themselves.
    "javascript-catalog": {"method": "get", "expect": everyone(200)},
    # The language menu: for everyone; it answers with a redirect back.
    "accounts:language": [
        {"method": "get", "expect": everyone(405)},
        {"method": "post", "expect": everyone(302)},
    ],
    # Signed-in people are sent home from the sign-in page (redirect_authenticated_user).
    "accounts:login": [
        {"method": "get", "expect": signed_in(302, anonymous=200)},
        {"method": "post", "expect": signed_in(302, anonymous=200)},
    ],
    # Sign-out is POST only; it always ends on the home page.
    "accounts:logout": [
        {"method": "get", "expect": everyone(405)},
        {"method": "post", "expect": everyone(302)},
    ],
    "accounts:password-reset": [
        {"method": "get", "expect": everyone(200)},
        {"method": "post", "expect": everyone(200)},
    ],
    "accounts:password-reset-done": {"method": "get", "expect": everyone(200)},
    "accounts:password-reset-confirm": [
        {"method": "get", "kwargs": lambda world: BAD_RESET_LINK, "expect": everyone(200)},
        {"method": "post", "kwargs": lambda world: BAD_RESET_LINK, "expect": everyone(200)},
    ],
    "accounts:password-reset-complete": {"method": "get", "expect": everyone(200)},
    # Program admins change roles; others are told who may (403).
    "accounts:roles": [
        {"method": "get", "expect": signed_in(403) | {"admin": 200}},
        {"method": "post", "expect": signed_in(403) | {"admin": 200}},
    ],
    # Two-factor pages act on the signed-in person. The matrix's client passes staff
    # two-factor with a device (tests/support/clients.py); nominees and MVPs have none.
    "accounts:two-factor": {"method": "get", "expect": signed_in(200)},
    "accounts:two-factor-setup": [
        {"method": "get", "expect": signed_in(200) | dict.fromkeys(STAFF, 302)},
        {"method": "post", "expect": signed_in(200) | dict.fromkeys(STAFF, 302)},
    ],
    # Already verified (staff) or nothing to verify (no device): back to where they were going.
    "accounts:two-factor-verify": [
        {"method": "get", "expect": signed_in(302)},
        {"method": "post", "expect": signed_in(302)},
    ],
    "accounts:two-factor-recovery-codes": [
        {"method": "get", "expect": signed_in(302) | dict.fromkeys(STAFF, 200)},
        {"method": "post", "expect": signed_in(302) | dict.fromkeys(STAFF, 200)},
    ],
    "accounts:two-factor-remove": [
        {"method": "get", "expect": signed_in(302) | dict.fromkeys(STAFF, 200)},
        {"method": "post", "expect": signed_in(302) | dict.fromkeys(STAFF, 200)},
    ],
    # Everyone edits their own profile only: there is no pk in the URL.
    "accounts:profile-edit": [
        {"method": "get", "expect": signed_in(200)},
        {"method": "post", "expect": signed_in(200)},
    ],
    # The profile photo, one's own: a POST without a file is the page again with the error (400);
    # removing answers with a redirect back to the profile page, photo or not.
    "accounts:avatar-upload": {"method": "post", "expect": signed_in(400)},
    "accounts:avatar-remove": {"method": "post", "expect": signed_in(302)},
}
