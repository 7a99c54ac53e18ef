"""Notices written before links were made at send time hold working password-reset
and invitation links (in their bodies and keys): blank them. Those not yet sent are
cancelled; the person asks again (a new reset, or a new invitation from their lead)."""

from django.db import migrations

TEMPLATES = ["accounts/emails/password_reset", "nominations/emails/invitation"]
REDACTED = "[Removed: this e-mail held a sign-in link, which the outbox no longer keeps.]"


def redact(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    for notice in Notice.objects.filter(template__in=TEMPLATES, link_kind="").only("pk", "state"):
        fields = {"body_text": REDACTED, "body_html": "", "key": f"redacted:{notice.pk}"}
        if notice.state in ("queued", "sending", "failed"):
            fields |= {"state": "cancelled", "last_error": "Cancelled: its link was stored in the outbox."}
        Notice.objects.filter(pk=notice.pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("notices", "0003_notice_link_reference")]
    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
