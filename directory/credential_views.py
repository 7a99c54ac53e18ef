"""The credentials' public pages: verification (in words and in JSON), the
downloads (JSON, signed JWT, baked PNG), and what verifiers fetch (issuer
profile, public keys, revocation status list). Public by design: a
credential's id is an unguessable uuid that its holder chooses to share.
The revocation's reason stays inside the program (the admin desk)."""

import functools
import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards import credentials
from awards import selectors as award_selectors
from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.program_calendar import program_today

JWT_TYPE = "application/vc+jwt"
JSON_PARAMS = {"indent": 2, "ensure_ascii": False}


def for_any_origin(view):
    """Verifiers running in a browser (wallets, badge validators) fetch these
    documents from other origins: public, read-only, no cookies involved."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def get_credential(credential_id: uuid.UUID) -> award_selectors.FoundCredential:
    found = award_selectors.credential_find(credential_id)
    if found is None:
        raise Http404("No such credential.")
    return found


def _credential_of(found: award_selectors.FoundCredential) -> dict:
    if found.award is not None:
        return credentials.award_credential(found.award)
    return credentials.alumni_credential(found.alumni)


def _download(body, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def linkedin_add_url(*, name: str, issued_on, expires_on, cert_url: str, cert_id: str) -> str:
    """LinkedIn's "add a certification" link, filled in (its dates are months)."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": credentials.ISSUER_NAME,
        "issueYear": issued_on.year,
        "issueMonth": issued_on.month,
    }
    if expires_on is not None:
        params |= {"expirationYear": expires_on.year, "expirationMonth": expires_on.month}
    params |= {"certUrl": cert_url, "certId": cert_id}
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


@require_GET
def verify(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    found = get_credential(credential_id)
    check = award_selectors.credential_check(found, today=program_today())
    award, alumni = found.award, found.alumni
    name = _credential_of(found)["name"]
    if award is not None:
        valid_from, last_day = award.starts_on, award.ends_on
    else:
        valid_from, last_day = alumni.alumnus_since, None
    linkedin = None
    if check.state != "revoked":
        linkedin = linkedin_add_url(
            name=name,
            issued_on=valid_from,
            expires_on=last_day,  # LinkedIn shows the month it runs out: the last month held
            cert_url=credentials.verification_url(credential_id),
            cert_id=str(credential_id),
        )
    return render(
        request,
        "directory/credential.html",
        {
            "found": found,
            "holder": found.holder,
            "check": check,
            "name": name,
            "valid_from": valid_from,
            "last_day": last_day,
            "linkedin_url": linkedin,
            "credential_id": credential_id,
            "can_revoke": award is not None and check.state != "revoked" and is_program_admin(request.user),
        },
    )


@for_any_origin
@require_GET
def verification_json(request: HttpRequest, credential_id: uuid.UUID) -> JsonResponse:
    found = get_credential(credential_id)
    today = program_today()
    check = award_selectors.credential_check(found, today=today)
    return JsonResponse(
        {
            "id": f"urn:uuid:{credential_id}",
            "verification_url": credentials.verification_url(credential_id),
            "checked_on": today.isoformat(),
            "status": check.state,
            "valid": check.is_valid,
            "label": str(check.label),
            "explanation": str(check.explanation),
            "revoked_at": check.revoked_at.isoformat() if check.revoked_at else None,
            "credential": _credential_of(found),
        },
        json_dumps_params=JSON_PARAMS,
    )


@for_any_origin
@require_GET
def credential_json(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """The credential as JSON: what the signature of ``credential.jwt`` covers."""
    found = get_credential(credential_id)
    body = JsonResponse(_credential_of(found), json_dumps_params=JSON_PARAMS).content
    return _download(body, content_type="application/json", filename=f"credential-{credential_id}.json")


@for_any_origin
@require_GET
def credential_jwt(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    found = get_credential(credential_id)
    token = credentials.sign(_credential_of(found))
    return _download(token, content_type=JWT_TYPE, filename=f"credential-{credential_id}.jwt")


@for_any_origin
@require_GET
def badge_png(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """The badge image with the signed credential baked in."""
    found = get_credential(credential_id)
    credential = _credential_of(found)
    award = found.award
    subtitle = f"{award.starts_on.year}–{award.ends_on.year}" if award else str(found.alumni.alumnus_since.year)
    png = credentials.baked_png(credentials.sign(credential), title=credential["name"], subtitle=subtitle)
    return _download(png, content_type="image/png", filename=f"badge-{credential_id}.png")


@for_any_origin
@require_GET
def issuer(request: HttpRequest) -> JsonResponse:
    return JsonResponse(credentials.issuer_profile(), json_dumps_params=JSON_PARAMS)


@for_any_origin
@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(credentials.jwks(), json_dumps_params=JSON_PARAMS)


@for_any_origin
@require_GET
def status_list(request: HttpRequest) -> HttpResponse:
    """The signed revocation status list of every award credential (VC-JWT)."""
    credential = credentials.status_list_credential(
        revoked=award_selectors.revoked_status_indexes(),
        highest_index=award_selectors.highest_status_index(),
        today=program_today(),
    )
    return HttpResponse(credentials.sign(credential), content_type=JWT_TYPE)
