"""Resolve the pages, open the sessions, count the queries: one Django process.

Prints one JSON document: for each page its path, the session cookie to send,
the status through the Django test client and the queries per request
(counted with ``CaptureQueriesContext`` on a second, warm request).
"""

import json
from datetime import date

import django


class Context:
    def __init__(self, today: date) -> None:
        self.today = today

    def reverse(self, name: str, **kwargs):
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    def first(self, label: str, field: str, **filters):
        from django.apps import apps

        try:
            model = apps.get_model(label)
            return model.objects.filter(**filters).order_by("pk").values_list(field, flat=True).first()
        except Exception:  # a model or field that does not exist yet
            return None


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.pages import PAGES, drawn_address
    from mvp_portal.accounts.models import User
    from mvp_portal.program_calendar import program_today
    from tests.support.clients import Client  # force_login also passes staff two-factor

    ctx = Context(program_today())
    cookies: dict[str, str] = {}
    out = []
    for page in PAGES:
        login = page.login(ctx) if callable(page.login) else page.login  # a person found in the data
        entry = {"name": page.name, "note": page.note, "login": login, "drawn": page.drawn}
        try:
            path = page.path(ctx)
        except Exception as exc:
            path, entry["skipped"] = None, f"{type(exc).__name__}: {exc}"
        if not path:
            entry.setdefault("skipped", "not built yet (URL or data missing)")
            out.append(entry)
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if page.token:
            from api import services as api_services

            user = User.objects.get(email=login)
            plain = api_services.token_create(user=user, name="bench", scope="read", days=1, now=timezone.now())[1]
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
            entry["header"] = f"Authorization: Bearer {plain}"
        elif login:
            if login not in cookies:
                login_client = Client(HTTP_HOST="127.0.0.1")
                login_client.force_login(User.objects.get(email=login))
                cookies[login] = login_client.cookies[settings.SESSION_COOKIE_NAME].value
            client.cookies[settings.SESSION_COOKIE_NAME] = cookies[login]
            entry["cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookies[login]}"
        client.get(path)
        if page.token:
            client.get(path)  # the token's first use is recorded, a write: counted as it is then kept
        csrf = client.cookies.get(settings.CSRF_COOKIE_NAME)
        if login and not page.token and csrf is not None:
            # A signed-in browser sends the CSRF cookie its sign-in form set: without it, each page
            # would make and set a new one.
            entry["cookie"] += f"; {settings.CSRF_COOKIE_NAME}={csrf.value}"
        again = drawn_address(path, 0) if page.drawn else path
        with CaptureQueriesContext(connection) as queries:
            response = client.get(again)
        entry.update(path=path, status=response.status_code, queries=len(queries), bytes=len(response.content))
        if response.status_code != 200:
            entry["skipped"] = f"answers {response.status_code} through the test client"
        out.append(entry)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
