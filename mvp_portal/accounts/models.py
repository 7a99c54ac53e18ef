"""People and the reference data every other app points at.

MVP status is deliberately absent: it is derived from awards (see
``selectors.is_mvp_on``), never stored.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from mvp_portal.search import search_key
from mvp_portal.translated import HELP_TEXT as TRANSLATIONS_HELP
from mvp_portal.translated import TranslatedText, translation_problems

from .managers import UserManager
from .vocabulary import clean_aliases, clean_uuids, name_key


class Language(models.Model):
    """A language a person speaks; the directory filters on it."""

    code = models.CharField(max_length=12, unique=True, help_text="BCP 47 tag, e.g. pt-BR")
    name = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Expertise(models.Model):
    """A technology area an award is given in, grouped by award category."""

    category = models.CharField(max_length=80, help_text="The award category, e.g. Cloud and Datacenter Management")
    name = models.CharField(max_length=80, unique=True, help_text="The technology area, e.g. Virtual Machine")
    slug = models.SlugField(max_length=80, unique=True)
    is_active = models.BooleanField(default=True, help_text="Inactive areas are kept for history but not offered")
    legacy_ids = models.JSONField(
        "legacy area ids",
        default=list,
        blank=True,
        help_text=(
            "GUIDs of the MVP API's contribution areas (technologies) that mean this expertise, one per line. "
            "The first is the one the legacy API shows for it."
        ),
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names it is recognised by (legacy area names, old spellings), one per line.",
    )
    translations = models.JSONField(default=dict, blank=True, help_text=TRANSLATIONS_HELP)

    TRANSLATED_FIELDS = ("name", "category")
    local_name = TranslatedText("name")
    local_category = TranslatedText("category")

    class Meta:
        ordering = ["category", "name"]
        indexes = [models.Index(fields=["category", "name"])]

    def __str__(self) -> str:
        return self.local_name

    def clean(self) -> None:
        """Legacy ids must be GUIDs and aliases names, each claimed by one expertise only."""
        errors: dict[str, list[str]] = {}
        if problems := translation_problems(self.translations, self.TRANSLATED_FIELDS):
            errors["translations"] = problems
        legacy_ids, problems = clean_uuids(self.legacy_ids or [])
        if problems:
            errors["legacy_ids"] = problems
        aliases, problems = clean_aliases(self.aliases or [])
        if problems:
            errors["aliases"] = problems
        self.legacy_ids, self.aliases = legacy_ids, aliases
        others = Expertise.objects.exclude(pk=self.pk).only("name", "slug", "legacy_ids", "aliases")
        taken_ids = {legacy_id: other for other in others for legacy_id in other.legacy_ids or []}
        taken_names = {}
        for other in others:
            for name in [other.name, other.slug, *(other.aliases or [])]:
                taken_names.setdefault(name_key(name), other)
        clashes = [
            _("%(id)s already belongs to %(other)s.") % {"id": legacy_id, "other": taken_ids[legacy_id]}
            for legacy_id in legacy_ids
            if legacy_id in taken_ids
        ]
        if clashes:
            errors.setdefault("legacy_ids", []).extend(clashes)
        clashes = [
            _("“%(alias)s” already names %(other)s.") % {"alias": alias, "other": taken_names[name_key(alias)]}
            for alias in aliases
            if name_key(alias) in taken_names
        ]
        if clashes:
            errors.setdefault("aliases", []).extend(clashes)
        if errors:
            raise ValidationError(errors)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: nominee, MVP, employee, lead or admin; the e-mail is the login."""

    email = models.EmailField("e-mail address", max_length=254, unique=True)
    display_name = models.CharField(max_length=150)
    country = CountryField(blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    headline = models.CharField(max_length=160, blank=True, help_text="One line shown under your name")
    biography = models.TextField(blank=True, max_length=4000)
    # What the directory's keyword search reads: SEARCHED_FIELDS through ``search_key``
    # (no accents, no case), kept by ``save``; writers that bypass it call ``search_text_refresh``.
    search_text = models.TextField(blank=True, default="", editable=False)
    show_in_directory = models.BooleanField(
        default=True, help_text="While you hold an award, show your profile in the public directory"
    )
    show_in_alumni = models.BooleanField(
        _("list me among the alumni"),
        default=False,
        help_text=_("After your award ends, list you and your years as MVP in the directory's alumni section"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The portal and its e-mails in this language; empty: the browser's"),
    )
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="Deadlines are also shown in this zone, e.g. Europe/Dublin"
    )
    is_staff = models.BooleanField(default=False, help_text="May sign in to the Django admin")
    deletion_requested_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the person asked for their account to be deleted")
    )
    deletion_due_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("The daily run erases the account on this day, unless the request is cancelled"),
    )
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the personal data was erased: the account is a former member's")
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    avatar_digest = models.CharField(
        "photo version",
        max_length=16,
        blank=True,
        editable=False,
        help_text="Set with the profile photo (Avatar); empty: no photo, the initials are shown",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]
    SEARCHED_FIELDS = ("display_name", "headline", "biography")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def search_text_refresh(self) -> None:
        """Derive ``search_text`` from the searched fields (one line each: a word never spans two)."""
        self.search_text = search_key("\n".join(getattr(self, name) or "" for name in self.SEARCHED_FIELDS))

    def save(self, *args, **kwargs):
        self.search_text_refresh()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)


class Avatar(models.Model):
    """A person's profile photo, as the two small squares made of their upload
    (``avatars.process_upload``); written only by ``services.avatar_save`` and
    ``avatar_remove``, which keep ``User.avatar_digest`` in step. A table of its
    own, so that loading a user never loads the pictures."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="avatar")
    large = models.BinaryField(help_text="256 × 256 pixels")
    small = models.BinaryField(help_text="64 × 64 pixels")
    content_type = models.CharField(max_length=40, default="image/webp")
    digest = models.CharField(max_length=16)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Photo of {self.user_id}"


class OnlineIdentity(models.Model):
    """A public link to where a person shares their work (blog, GitHub, ...)."""

    class Kind(models.TextChoices):
        WEBSITE = "website", _("Website or blog")
        GITHUB = "github", "GitHub"
        LINKEDIN = "linkedin", "LinkedIn"
        MASTODON = "mastodon", "Mastodon"
        YOUTUBE = "youtube", "YouTube"
        X = "x", "X / Twitter"
        STACK_OVERFLOW = "stackoverflow", "Stack Overflow"
        OTHER = "other", _("Other")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="online_identities")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WEBSITE)
    url = models.URLField(max_length=500)

    class Meta:
        verbose_name_plural = "online identities"
        ordering = ["kind", "url"]
        constraints = [models.UniqueConstraint(fields=["user", "url"], name="accounts_identity_unique_url")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


class Region(models.Model):
    """A set of countries and the MVP leads responsible for them."""

    name = models.CharField(max_length=80, unique=True)
    countries = CountryField(multiple=True, blank=True)
    leads = models.ManyToManyField(User, blank=True, related_name="led_regions")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_region_change", args=[self.pk])


class SecurityEvent(models.Model):
    """One security-relevant event: a sign-in, a failure, a role change, an export…

    Written only by ``services.security_event_record``; read-only everywhere
    (program admins read it in the admin); kept one year
    (``services.security_events_purge``).
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out after failed sign-ins")
        SIGN_OUT = "sign_out", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        PASSWORD_RESET_COMPLETED = "password_reset_completed", _("Password reset completed")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-factor authentication set up")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Two-factor code accepted")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Two-factor code refused")
        TWO_FACTOR_RECOVERY_USED = "two_factor_recovery_used", _("Recovery code used")
        TWO_FACTOR_RECOVERY_RENEWED = "two_factor_recovery_renewed", _("Recovery codes replaced")
        TWO_FACTOR_REMOVED = "two_factor_removed", _("Two-factor authentication removed")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")
        DELETION_REQUESTED = "deletion_requested", _("Account deletion requested")
        DELETION_CANCELLED = "deletion_cancelled", _("Account deletion cancelled")

    KEEP_DAYS = 365

    kind = models.CharField(max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
        help_text=_("Whose account"),
    )
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who did it, when not the account holder"),
    )
    username = models.CharField(max_length=254, blank=True, help_text=_("The address given, as the lockout counts it"))
    client_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="accounts_security_by_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username or self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"
