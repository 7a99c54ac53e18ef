"""``check --deploy``: production has the key that signs the award credentials."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def credentials_signing_key(app_configs, **kwargs) -> list[Error]:
    from . import credentials

    if not settings.CREDENTIALS_SIGNING_KEY and not getattr(settings, "CREDENTIALS_SIGNING_KEY_FILE", None):
        return [
            Error(
                "CREDENTIALS_SIGNING_KEY is not set: award credentials cannot be signed.",
                hint="Set it to an Ed25519 private key, a JWK as JSON or a PKCS#8 PEM (README, Configuration).",
                id="awards.E001",
            )
        ]
    try:
        credentials.signing_key()
    except (ImproperlyConfigured, ValueError, TypeError) as exc:
        return [Error(f"CREDENTIALS_SIGNING_KEY cannot be used: {exc}", id="awards.E002")]
    return []
