"""Drive a form through its view with Hypothesis: no 5xx, no partial write, no raw echo.

To fuzz another form, write one test that gives :func:`fuzz_form` three things:

- ``post(data) -> response``: sends one submission (usually :func:`post_to`);
- ``data``: a strategy of POST dicts, mixing valid values with :func:`nasty`
  ones: :func:`form_data` takes a strategy of valid values per field and
  spoils some of them (``field(valid_strategy)`` does it field by field);
- ``snapshot() -> value``: the rows the form may change (compare with ``==``).

For example, for a form that edits an activity::

    def test_activity_form_survives_bad_input(client, nominee, dossier):
        client.force_login(nominee)
        url = reverse("nominations:activity-add", kwargs={"pk": dossier.pk})
        outcomes = fuzz_form(
            post=post_to(client, url),
            data=form_data({"title": st.just("Talk"), "date": st.just("2026-05-01")}),
            snapshot=lambda: list(Activity.objects.values_list("id", "title", "date")),
            reset=lambda: Activity.objects.all().delete(),
        )
        assert outcomes["accepted"] and outcomes["rejected"]  # both paths were exercised

Every example runs ``reset()`` first (put the rows back as they were), takes a
snapshot, posts, and checks: the status is below 500; a value carrying an
injection payload never comes back unescaped; and when the form did not
succeed (``accepted(response)`` false; by default any answer but a redirect),
the snapshot is unchanged. It returns a Counter of "accepted"/"rejected".
"""

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.template.base import Template
from django.test.utils import _TestState
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 200

# Each carries the marker "xss" so that an unescaped echo is recognised exactly.
PAYLOADS = [
    "<script>xss()</script>",
    '"><script>xss()</script>',
    "'><img src=x onerror=xss()>",
    '" onfocus="xss()" autofocus="',
    "</textarea><script>xss()</script>",
    "</title><svg onload=xss()>",
    "javascript:xss()//<b>",
    "{{ xss }}{% now 'Y' %}<i>xss</i>",
    "<!--xss--><p>xss</p>",
]
CONTROL = "".join(chr(c) for c in range(0, 32)) + "\x7f\u200b\u202e\ufeff"

_RAW_MARKUP = re.compile(rb"<(script|img|svg|i|b|p)[\s>][^<]*xss|<!--xss|onfocus=\"xss", re.IGNORECASE)


def nasty(max_size: int = 200) -> st.SearchStrategy[str]:
    """Strings a form should refuse or store safely: any text, control
    characters, very long values, and script-bearing payloads."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=CONTROL, min_size=1, max_size=20),
        # Only characters a browser can send: UTF-8 cannot carry lone surrogates.
        st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(min_value=300, max_value=6000)),
        st.sampled_from(PAYLOADS),
        st.builds(lambda a, p, b: a + p + b, st.text(max_size=20), st.sampled_from(PAYLOADS), st.text(max_size=20)),
    )


def field(valid: st.SearchStrategy, max_size: int = 200) -> st.SearchStrategy:
    """A form field's value: a valid one half the time, a nasty one otherwise."""
    return st.one_of(valid, nasty(max_size))


@st.composite
def form_data(draw, valid: dict[str, st.SearchStrategy], *, sizes: dict[str, int] | None = None) -> dict:
    """A submission: valid values for every field, then none, one or several
    fields replaced by nasty values (or left out), so that both the accepted
    and the rejected paths are exercised. ``sizes`` caps the nasty text per field."""
    values = {name: draw(strategy) for name, strategy in valid.items()}
    spoiled = draw(st.sets(st.sampled_from(sorted(valid)), max_size=len(valid)) | st.just(set()))
    for name in spoiled:
        replacement = draw(st.none() | nasty((sizes or {}).get(name, 200)))
        if replacement is None:
            del values[name]
        else:
            values[name] = replacement
    return values


def post_to(client, url: str) -> Callable[[dict], Any]:
    return lambda data: client.post(url, data)


def redirected(response) -> bool:
    return response.status_code in (301, 302, 303)


def assert_not_echoed_raw(response, data: dict) -> None:
    body = response.content
    assert not _RAW_MARKUP.search(body), f"unescaped markup in the answer to {data!r}"
    for value in _flatten(data):
        if "xss" in value and any(c in value for c in "<>\"'"):
            assert value.encode() not in body, f"{value!r} came back unescaped"


def _flatten(data: dict):
    for value in data.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str):
                yield item


@contextlib.contextmanager
def uninstrumented_templates():
    """The test environment records every template render for ``response.context``;
    a profile page renders thousands of ``<option>`` templates, so recording
    doubles its time. The fuzzer reads only the content: switch recording off."""
    saved = getattr(getattr(_TestState, "saved_data", None), "template_render", None)
    if saved is None:
        yield
        return
    instrumented = Template._render
    Template._render = saved
    try:
        yield
    finally:
        Template._render = instrumented


def fuzz_form(
    *,
    post: Callable[[dict], Any],
    data: st.SearchStrategy[dict],
    snapshot: Callable[[], Any],
    reset: Callable[[], None] | None = None,
    accepted: Callable[[Any], bool] = redirected,
    examples: int = EXAMPLES,
) -> Counter:
    outcomes: Counter = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.nested_given,
        ],
    )
    @given(values=data)
    def run(values: dict) -> None:
        if reset is not None:
            reset()
        before = snapshot()
        response = post(values)
        assert response.status_code < 500, f"{response.status_code} for {values!r}"
        assert_not_echoed_raw(response, values)
        if accepted(response):
            outcomes["accepted"] += 1
        else:
            outcomes["rejected"] += 1
            assert snapshot() == before, f"a rejected submission changed data: {values!r}"

    with uninstrumented_templates():
        run()
    return outcomes
