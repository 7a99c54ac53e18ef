"""The MVP's perks: the NDA and the confidential briefings it gates, and the award kit.

The directory itself stores nothing: who is listed is derived from awards
covering today and ``User.show_in_directory``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Award
from mvp_portal.accounts.models import Expertise
from mvp_portal.translated import TranslatedText, check_translations, help_text_for


class NdaVersion(models.Model):
    """One version of the non-disclosure agreement; the latest published one is current."""

    version = models.CharField(max_length=40, unique=True, help_text="A label such as 2026.1")
    text = models.TextField(help_text="The full text MVPs accept, in English")
    translations = models.JSONField(default=dict, blank=True, help_text=help_text_for("text"))
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while drafting; from this moment MVPs must accept this version"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    TRANSLATED_FIELDS = ("text",)
    local_text = TranslatedText("text")

    class Meta:
        verbose_name = "NDA version"
        ordering = [models.F("published_at").desc(nulls_last=True), "-pk"]
        indexes = [models.Index(fields=["published_at"], name="directory_nda_published")]

    def __str__(self) -> str:
        return f"NDA {self.version}"

    def clean(self) -> None:
        check_translations(self)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class NdaAcceptance(models.Model):
    """That ``user`` accepted ``version`` of the NDA, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nda_acceptances")
    version = models.ForeignKey(NdaVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField()
    # The language the text was shown in when accepted: what was agreed to is that text.
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = "NDA acceptance"
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="directory_nda_accepted_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} accepted {self.version} on {self.accepted_at:%Y-%m-%d}"


class Briefing(models.Model):
    """Confidential material for the MVPs of one expertise who accepted the current NDA."""

    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="briefings")
    title = models.CharField(max_length=200)
    body = models.TextField()
    translations = models.JSONField(default=dict, blank=True, help_text=help_text_for("title", "body"))
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty while drafting")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    TRANSLATED_FIELDS = ("title", "body")
    local_title = TranslatedText("title")
    local_body = TranslatedText("body")

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["expertise", "published_at"], name="directory_briefing_feed")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_translations(self)


class AwardKit(models.Model):
    """The certificate and trophy sent by post for one award."""

    class Status(models.TextChoices):
        ADDRESS_NEEDED = "address_needed", _("Waiting for your shipping address")
        READY_TO_SHIP = "ready_to_ship", _("Address confirmed; waiting to be shipped")
        SHIPPED = "shipped", _("Shipped")

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="kit")
    shipping_address = models.TextField(blank=True, max_length=1000)
    address_confirmed_at = models.DateTimeField(null=True, blank=True)
    shipped_on = models.DateField(null=True, blank=True)
    carrier = models.CharField(max_length=80, blank=True)
    carrier_reference = models.CharField(max_length=120, blank=True, help_text="The tracking number")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-award__starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shipped_on__isnull=True) | Q(address_confirmed_at__isnull=False),
                name="directory_kit_shipped_after_address",
            ),
        ]

    def __str__(self) -> str:
        return f"Award kit for {self.award}"

    @property
    def status(self) -> str:
        if self.shipped_on:
            return self.Status.SHIPPED
        if self.address_confirmed_at:
            return self.Status.READY_TO_SHIP
        return self.Status.ADDRESS_NEEDED

    def get_status_display(self) -> str:
        return self.Status(self.status).label


# The Summit -------------------------------------------------------------------
class Summit(models.Model):
    """The yearly gathering of MVPs: limited seats, a registration window, an NDA to have accepted.

    Invited: the people holding an award on ``starts_on``. Registration is
    first come, first seated; beyond ``capacity`` people join the waitlist.
    """

    REMINDER_DAYS = 7  # the reminder goes out this many days before the first day
    PERSONAL_DATA_DAYS = 30  # dietary and accessibility needs are erased this many days after the last day

    name = models.CharField(max_length=200)
    place = models.CharField(max_length=200, help_text="City and venue")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day")
    capacity = models.PositiveIntegerField(help_text="Seats; registrations beyond this join the waitlist")
    registration_opens_on = models.DateField()
    registration_closes_on = models.DateField(help_text="The last day to register or cancel")
    nda_version = models.ForeignKey(
        NdaVersion,
        on_delete=models.PROTECT,
        related_name="summits",
        verbose_name="NDA version required",
        help_text="Registering requires having accepted this version of the NDA (or a later one)",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="directory_summit_dates",
                violation_error_message="The summit cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="directory_summit_capacity",
                violation_error_message="A summit needs at least one seat.",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_on__gte=models.F("registration_opens_on"))
                & Q(registration_closes_on__lte=models.F("starts_on")),
                name="directory_summit_registration_window",
                violation_error_message="Registration must open before it closes, and close by the summit's first day.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def registration_open_on(self, day) -> bool:
        return self.registration_opens_on <= day <= self.registration_closes_on


class SummitSession(models.Model):
    """A session of the summit, for the MVPs of one expertise (or, without one, for all)."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="sessions")
    expertise = models.ForeignKey(
        Expertise, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Empty: for everyone"
    )
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["expertise__name", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class SummitRegistration(models.Model):
    """One person's place at a summit: seated, waiting, or cancelled."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="summit_registrations")
    state = models.CharField(max_length=20, choices=State.choices)
    sessions = models.ManyToManyField(SummitSession, blank=True, related_name="registrations")
    dietary_needs = models.TextField(blank=True, max_length=500)
    accessibility_needs = models.TextField(blank=True, max_length=500)
    queued_at = models.DateTimeField(help_text="When they (last) registered: the waitlist's order")
    updated_at = models.DateTimeField(auto_now=True)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["summit", "user"], name="directory_summit_registration_once"),
        ]
        indexes = [models.Index(fields=["summit", "state", "queued_at"], name="directory_summit_queue")]

    def __str__(self) -> str:
        return f"{self.user} at {self.summit} ({self.state})"
