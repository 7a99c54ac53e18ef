"""Every input of the sources: one connect form per kind, and the accept form.

A connect form says exactly what it accepts, and turns what was typed into
the connection's identifier (``identifier()``); nothing is fetched here.
"""

import re
from urllib.parse import parse_qs, urlsplit

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nominations.forms import ActivityForm
from nominations.models import SourceConnection

from .connectors.github import LOGIN
from .connectors.sessionize import ENDPOINT_ID
from .connectors.youtube import CHANNEL_ID


class _ConnectForm(forms.Form):
    kind: str = ""
    title = ""
    explanation = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def identifier(self) -> str:
        raise NotImplementedError

    def access_token(self) -> str:
        return ""


def _web_address(value: str) -> str:
    value = value.strip()
    return value if "://" in value else f"https://{value}"


class FeedConnectForm(_ConnectForm):
    kind = SourceConnection.Kind.FEED
    title = _("Connect a blog feed")
    explanation = _(
        "The address of your blog's RSS or Atom feed (often ending in /feed, /rss or /atom.xml). "
        "Each post of the last 12 months is suggested as a blog post."
    )

    url = forms.CharField(
        label=_("Feed address"),
        max_length=500,
        help_text=_("For example https://blog.example.org/feed.xml — the feed itself, not the blog's home page."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )

    def clean_url(self) -> str:
        value = _web_address(self.cleaned_data["url"])
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 (raises on a bad port)
        except ValueError:
            raise forms.ValidationError(_("This is not a web address.")) from None
        if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
            raise forms.ValidationError(_("Enter the feed's web address, starting with https://."))
        if parts.username or parts.password:
            raise forms.ValidationError(_("Leave the user name and password out of the address."))
        return value

    def identifier(self) -> str:
        return self.cleaned_data["url"]


class YouTubeConnectForm(_ConnectForm):
    kind = SourceConnection.Kind.YOUTUBE
    title = _("Connect a YouTube channel")
    explanation = _(
        "We read the channel's public feed (its latest 15 videos): each video is suggested as a video, "
        "with its view count."
    )

    channel = forms.CharField(
        label=_("Channel address or channel id"),
        max_length=300,
        help_text=_(
            "Accepted: https://www.youtube.com/channel/UC… or the channel id itself (UC followed by 22 letters, "
            "digits, - or _). An @handle address is not enough: on YouTube, open your channel, then About → "
            "Share channel → Copy channel ID."
        ),
    )

    def clean_channel(self) -> str:
        value = self.cleaned_data["channel"].strip()
        candidates = [value]
        if "/" in value or "." in value:
            try:
                parts = urlsplit(_web_address(value))
            except ValueError:
                parts = None
            if parts is not None:
                candidates = [segment for segment in parts.path.split("/") if segment]
                candidates += parse_qs(parts.query).get("channel_id", [])
                if any(segment.startswith("@") for segment in candidates) or "/c/" in parts.path:
                    raise forms.ValidationError(
                        _(
                            "This is a channel's @handle or custom address; we need its channel id "
                            "(UC followed by 22 characters): About → Share channel → Copy channel ID."
                        )
                    )
        for candidate in reversed(candidates):
            if CHANNEL_ID.match(candidate):
                return candidate
        raise forms.ValidationError(
            _("Enter a channel address https://www.youtube.com/channel/UC… or a channel id starting with UC.")
        )

    def identifier(self) -> str:
        return self.cleaned_data["channel"]


class GitHubConnectForm(_ConnectForm):
    kind = SourceConnection.Kind.GITHUB
    title = _("Connect a GitHub account")
    explanation = _(
        "We read public data only: your pull requests merged into other people's repositories, your own "
        "repositories pushed in the last 12 months (with their stars) and their releases. Each is suggested "
        "as open-source work."
    )

    account = forms.CharField(
        label=_("GitHub account"),
        max_length=200,
        help_text=_("Your user name, or your profile address https://github.com/your-name."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    token = forms.CharField(
        label=_("Access token (optional)"),
        required=False,
        max_length=255,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Not needed for public data. A fine-grained token with no permissions raises GitHub's limit from 60 "
            "to 5,000 requests an hour. It is stored encrypted, never shown again, and deleted when you disconnect."
        ),
    )

    def clean_account(self) -> str:
        value = self.cleaned_data["account"].strip().removeprefix("@")
        if "/" in value or "." in value:
            try:
                parts = urlsplit(_web_address(value))
            except ValueError:
                parts = None
            if parts is None or (parts.hostname or "").removeprefix("www.") != "github.com":
                raise forms.ValidationError(_("Enter a GitHub user name or an address on github.com."))
            segments = [segment for segment in parts.path.split("/") if segment]
            if len(segments) != 1:
                raise forms.ValidationError(_("Enter your profile's address, https://github.com/your-name."))
            value = segments[0]
        if not LOGIN.match(value):
            raise forms.ValidationError(
                _("A GitHub user name has letters, digits and single hyphens only (at most 39 characters).")
            )
        return value.lower()

    def clean_token(self) -> str:
        value = self.cleaned_data["token"]
        if value and not re.fullmatch(r"[A-Za-z0-9_]{20,255}", value):
            raise forms.ValidationError(_("This does not look like a GitHub token (letters, digits and _ only)."))
        return value

    def identifier(self) -> str:
        return self.cleaned_data["account"]

    def access_token(self) -> str:
        return self.cleaned_data.get("token", "")


class SessionizeConnectForm(_ConnectForm):
    kind = SourceConnection.Kind.SESSIONIZE
    title = _("Connect a Sessionize speaker profile")
    explanation = _(
        "Sessionize publishes your profile as JSON once you create an endpoint for it: on sessionize.com, "
        "open your speaker profile's API / Embed page and create a JSON endpoint. Each event you spoke at "
        "is suggested as speaking."
    )

    endpoint = forms.CharField(
        label=_("Sessionize endpoint address or id"),
        max_length=300,
        help_text=_(
            "Accepted: https://sessionize.com/api/speaker/json/abc123xyz or the id alone (abc123xyz). "
            "Your public profile page (sessionize.com/your-name) is not enough."
        ),
    )

    def clean_endpoint(self) -> str:
        value = self.cleaned_data["endpoint"].strip()
        if "/" in value or "." in value:
            try:
                parts = urlsplit(_web_address(value))
            except ValueError:
                parts = None
            segments = [segment for segment in (parts.path if parts else "").split("/") if segment]
            if (
                parts is None
                or (parts.hostname or "").removeprefix("www.") != "sessionize.com"
                or segments[:3] != ["api", "speaker", "json"]
                or len(segments) != 4
            ):
                raise forms.ValidationError(
                    _("Enter the endpoint's address, https://sessionize.com/api/speaker/json/…, or its id.")
                )
            value = segments[3]
        value = value.lower()
        if not ENDPOINT_ID.match(value):
            raise forms.ValidationError(_("An endpoint id has 6 to 32 letters and digits."))
        return value

    def identifier(self) -> str:
        return self.cleaned_data["endpoint"]


CONNECT_FORMS: dict[str, type[_ConnectForm]] = {
    form.kind: form for form in (FeedConnectForm, YouTubeConnectForm, GitHubConnectForm, SessionizeConnectForm)
}


class SuggestionAcceptForm(ActivityForm):
    """The activity form, pre-filled from the suggestion, with the dossier to add it to."""

    dossier = forms.TypedChoiceField(label=_("Add it to"), coerce=int)

    field_order = ["dossier"]

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].choices = [
            (
                d.pk,
                _("%(kind)s dossier for %(date)s") % {"kind": d.get_kind_display(), "date": date_format(d.award_date)},
            )
            for d in dossiers
        ]
        if len(dossiers) == 1:
            self.fields["dossier"].widget = forms.HiddenInput()
        self.fields["activity_type"].widget.attrs.pop("autofocus", None)
        self.fields["title"].widget.attrs["autofocus"] = True
