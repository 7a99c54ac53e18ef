"""``award_credential AWARD_ID``: print the award's signed Open Badges 3.0
credential (a VC-JWT), for operators and tests. ``--json`` prints the
credential's JSON instead (what the signature covers)."""

import json

from django.core.management.base import BaseCommand, CommandError

from awards import credentials
from awards.models import Award


class Command(BaseCommand):
    help = "Print the signed Open Badges 3.0 credential (VC-JWT) of an award."

    def add_arguments(self, parser):
        parser.add_argument("award_id", type=int)
        parser.add_argument("--json", action="store_true", help="Print the credential's JSON, unsigned")

    def handle(self, *args, award_id: int, **options):
        award = Award.objects.select_related("user", "expertise").filter(pk=award_id).first()
        if award is None:
            raise CommandError(f"No award with id {award_id}.")
        credential = credentials.award_credential(award)
        if options["json"]:
            self.stdout.write(json.dumps(credential, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(credentials.sign(credential))
