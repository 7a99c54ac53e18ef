"""Every form sent back with errors starts with a summary that names each problem
and links to its field (templates/_error_summary.html, included by crispy's
``bootstrap5/errors.html`` and by the hand-written forms).

The forms are those of the permission matrix: each POST entry is sent, as the
first persona allowed to, with the matrix's (mostly empty) body; a page that
comes back marking fields invalid must carry the summary, with a link to each.
"""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from tests.support.clients import Client
from tests.test_permission_matrix import ENTRIES, PERSONAS, build_world


class FormPage(HTMLParser):
    """The invalid fields (by name: a radio list is one field) and the summary's links."""

    def __init__(self) -> None:
        super().__init__()
        self.invalid: dict[str, set[str]] = {}
        self.links: set[str] = set()
        self.summaries = 0
        self._in_summary = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._in_summary:
            self._in_summary += tag == "div"
            if tag == "a" and (attrs.get("href") or "").startswith("#"):
                self.links.add(attrs["href"][1:])
        elif "data-error-summary" in attrs:
            self.summaries += 1
            self._in_summary = 1
        if tag in ("input", "select", "textarea") and "is-invalid" in (attrs.get("class") or "").split():
            self.invalid.setdefault(attrs.get("name") or "", set()).add(attrs.get("id") or "")

    def handle_endtag(self, tag):
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def read(html: str) -> FormPage:
    page = FormPage()
    page.feed(html)
    return page


# Forms that post to their own page (the matrix lists them as GET): sent empty too.
SAME_PAGE_FORMS = {
    "evaluations:evaluate": "employee",
    "nominations:dossier-edit": "nominee",
    "nominations:activity-edit": "nominee",
    "desks:cycle-edit": "admin",
}


def form_cases():
    for name, entries in sorted(ENTRIES.items()):
        if name.startswith("api:"):
            continue
        for index, entry in enumerate(entries):
            if entry.get("method") == "post":
                # 400: a desk's form sent back with its errors.
                persona = next((p for p in PERSONAS if entry["expect"].get(p) in (200, 302, 400)), None)
                if persona:
                    yield pytest.param(name, index, persona, id=f"{name}-{persona}")
            elif SAME_PAGE_FORMS.get(name) and entry["expect"].get(SAME_PAGE_FORMS[name]) == 200:
                yield pytest.param(name, index, SAME_PAGE_FORMS[name], id=f"{name}-{SAME_PAGE_FORMS[name]}-same-page")


@pytest.mark.parametrize(("name", "index", "persona"), list(form_cases()))
def test_a_form_sent_back_has_a_summary_linked_to_its_fields(db, name, index, persona):
    world = build_world()
    entry = ENTRIES[name][index]
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(name, kwargs=entry.get("kwargs", lambda world: {})(world))
    response = client.post(url, entry.get("data", lambda world: {})(world), follow=True)
    if "text/html" not in response.get("Content-Type", ""):
        return
    page = read(response.content.decode())
    if not page.invalid:
        return  # accepted, or nothing to correct
    assert page.summaries, f"{url}: fields {sorted(page.invalid)} are marked invalid but no summary says so"
    unlinked = [field for field, ids in page.invalid.items() if not ids & page.links]
    assert not unlinked, f"{url}: the summary links to {sorted(page.links)}, not to {unlinked}"


class Example(forms.Form):
    name = forms.CharField(label="Name")
    verdict = forms.ChoiceField(label="Verdict", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)

    def clean(self):
        raise forms.ValidationError("The form as a whole is wrong.")


def test_the_summary_comes_first_and_links_text_fields_and_radio_lists():
    form = Example(data={})
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    page = read(html)
    assert page.summaries == 1
    assert {"id_name", "id_verdict_0"} <= page.links
    assert html.index("data-error-summary") < html.index('name="name"')
    assert "The form as a whole is wrong." in html and "please correct these 3 problems" in html
