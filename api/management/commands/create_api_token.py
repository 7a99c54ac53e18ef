"""``create_api_token EMAIL [--scope read|write] [--name NAME] [--days N]``: a new personal
access token for a person, printed as the last line of the output (for operators and tests)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from api import services
from api.models import ApiToken
from mvp_portal.accounts.models import User


class Command(BaseCommand):
    help = "Create a personal API token for EMAIL and print it as the last line."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--name", default="Created with manage.py create_api_token")
        parser.add_argument(
            "--days", type=int, default=ApiToken.DEFAULT_DAYS, help=f"Valid for N days, 1 to {ApiToken.MAX_DAYS}"
        )

    def handle(self, *args, email: str, scope: str, name: str, days: int, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(_("No account with the e-mail address %(email)s.") % {"email": email})
        if not user.is_active:
            raise CommandError(_("The account %(email)s is deactivated.") % {"email": user.email})
        try:
            token, plain = services.token_create(user=user, name=name, scope=scope, days=int(days), now=timezone.now())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("Token %(prefix)s for %(email)s: scope %(scope)s, valid until %(until)s UTC. It is shown only now:")
            % {
                "prefix": token.prefix,
                "email": user.email,
                "scope": token.scope,
                "until": f"{token.expires_at:%Y-%m-%d %H:%M}",
            }
        )
        self.stdout.write(plain)
