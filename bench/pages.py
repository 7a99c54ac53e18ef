"""The pages the benchmark drives: data, one entry per page.

``path(ctx)`` returns the path to load (or None when the page, or the data it
needs, does not exist yet: it is then reported as skipped); ``login`` is the
e-mail of a demo login whose session the load generator sends (None for
anonymous). ``ctx`` gives ``reverse`` (None instead of NoReverseMatch) and the
models. Add a page by adding a dict.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Page:
    name: str
    path: Callable
    login: str | Callable | None = None  # an e-mail, or ctx -> e-mail
    note: str = ""
    token: bool = False  # an API endpoint: ``login``'s personal access token instead of a session
    # Each request its own address (``drawn=<n>`` added to the query): a page kept for its viewer
    # (``mvp_portal/kept_pages.py``) is drawn every time, as on the first view after a write.
    drawn: bool = False


def drawn_address(path: str, number: int) -> str:
    """``path`` as the ``number``-th request of a drawn page asks for it (``loadgen.py`` and
    ``report.lua`` write the same)."""
    return f"{path}{'&' if '?' in path else '?'}drawn={number}"


def drawn(page: Page) -> Page:
    """``page`` drawn on every request, beside its row served as its viewer's kept copy."""
    return Page(f"{page.name}, drawn", page.path, page.login, page.note, page.token, drawn=True)


def _directory_filtered(ctx):
    base = ctx.reverse("directory:directory")
    expertise = ctx.first("accounts.Expertise", "slug", awards__isnull=False)
    return base and expertise and f"{base}?expertise={expertise}&country=DE"


def _directory_keyword(ctx):
    base = ctx.reverse("directory:directory")
    return base and f"{base}?q=azure"


def _directory_profile(ctx):
    award = ctx.first("awards.Award", "user_id", ends_on__gte=ctx.today, user__show_in_directory=True)
    return award and ctx.reverse("directory:profile", pk=award)


def _big_cycle_queue(ctx):
    """The evaluations queue of the cycle at scale (``bench/seed.py``): its 1,000 submitted dossiers."""
    from mvp_portal.program_calendar import next_open_award_date

    base = ctx.reverse("desks:dossier-list")
    return base and f"{base}?award_date={next_open_award_date(ctx.today):%Y-%m-%d}"


def _review(ctx):
    """A submitted dossier of the cycle at scale (~200 activities) in the demo lead's region."""
    dossier = ctx.first(
        "nominations.Dossier", "pk", state="submitted", owner__email__endswith="@bench.example", owner__country="IE"
    )
    return dossier and ctx.reverse("desks:dossier", pk=dossier)


def _draft(ctx):
    """A draft dossier of the cycle at scale (~200 activities, ``bench/seed.py``): its owner's own pages."""
    return ctx.first("nominations.Dossier", "pk", state="draft", owner__email__endswith="@bench.example")


def _draft_owner(ctx):
    return ctx.first("nominations.Dossier", "owner__email", state="draft", owner__email__endswith="@bench.example")


def _nominee_dossier(ctx):
    dossier = _draft(ctx)
    return dossier and ctx.reverse("nominations:dossier-detail", pk=dossier)


def _nominee_dossier_edit(ctx):
    dossier = _draft(ctx)
    return dossier and ctx.reverse("nominations:dossier-edit", pk=dossier)


def _evaluation_form(ctx):
    """A dossier of the cycle at scale (~200 activities) the demo employee is assigned to evaluate."""
    dossier = ctx.first(
        "evaluations.Assignment",
        "dossier_id",
        evaluator__email="employee@mvp.example",
        dossier__owner__email__endswith="@bench.example",
    )
    return dossier and ctx.reverse("evaluations:evaluate", pk=dossier)


def _admin_cycle(ctx):
    """The admin's page of the cycle at scale (its thousands of dossiers)."""
    from mvp_portal.program_calendar import next_open_award_date

    cycle = ctx.first("cycles.AwardCycle", "pk", award_date=next_open_award_date(ctx.today))
    return cycle and ctx.reverse("desks:cycle", pk=cycle)


def _big_dossier_owner(ctx):
    """The owner of a submitted dossier of the cycle at scale (~200 activities): their current dossier."""
    return ctx.first("nominations.Dossier", "owner__email", state="submitted", owner__email__endswith="@bench.example")


PAGES = [
    Page("hello (ceiling)", lambda ctx: "/bench/hello", note="no template, no query"),
    Page(
        "signed in, no page (floor)",
        lambda ctx: "/bench/signed-in",
        login="mvp@mvp.example",
        note="the session, the account and its roles; no template",
    ),
    Page(
        "page shell, signed in (floor)",
        lambda ctx: "/bench/shell",
        login="mvp@mvp.example",
        note="base template, empty: the least a signed-in page costs",
    ),
    Page("home, anonymous", lambda ctx: ctx.reverse("home")),
    Page("home, MVP signed in", lambda ctx: ctx.reverse("home"), login="mvp@mvp.example", note="attention items"),
    Page("sign-in page", lambda ctx: ctx.reverse("accounts:login")),
    Page("own profile (form)", lambda ctx: ctx.reverse("accounts:profile-edit"), login="mvp@mvp.example"),
    Page("directory", lambda ctx: ctx.reverse("directory:directory")),
    Page("directory, filtered", _directory_filtered, note="expertise and country"),
    Page("directory, keyword", _directory_keyword, note="trigram-indexed search"),
    Page("directory profile", _directory_profile),
    Page("lead desk", lambda ctx: ctx.reverse("desks:lead"), login="lead@mvp.example"),
    Page("lead queue (nominations)", lambda ctx: ctx.reverse("desks:nomination-list"), login="lead@mvp.example"),
    Page("lead queue (evaluations)", _big_cycle_queue, login="lead@mvp.example", note="1,000-dossier cycle, IE+GB"),
    Page("admin queue (evaluations)", _big_cycle_queue, login="admin@mvp.example", note="1,000-dossier cycle, all"),
    Page("review page (lead)", _review, login="lead@mvp.example", note="~200 activities"),
    Page("review page (admin)", _review, login="admin@mvp.example", note="~200 activities"),
    Page("nominee dossier", _nominee_dossier, login=_draft_owner, note="draft, ~200 activities"),
    Page("nominee dossier editor", _nominee_dossier_edit, login=_draft_owner, note="draft, ~200 activities"),
    Page("evaluation form", _evaluation_form, login="employee@mvp.example", note="~200 activities"),
    Page("admin cycle page", _admin_cycle, login="admin@mvp.example", note="the cycle at scale"),
    Page("admin dashboard", lambda ctx: ctx.reverse("desks:dashboard"), login="admin@mvp.example"),
    Page(
        "API v1: my activities",
        lambda ctx: ctx.reverse("api:v1:activity-list"),
        login=_big_dossier_owner,
        token=True,
        note="first page of ~200, with what counts",
    ),
    Page(
        "MVP API: contributions 0/50",
        lambda ctx: ctx.reverse("legacy:contribution-page", offset=0, limit=50),
        login=_big_dossier_owner,
        token=True,
        note="~200 in the dossier, legacy shape",
    ),
    Page(
        "MVP API: contribution areas",
        lambda ctx: ctx.reverse("legacy:contribution-areas"),
        login=_big_dossier_owner,
        token=True,
        note="nested, every area",
    ),
]
# The pages kept per viewer, drawn: what the first view after any write costs.
KEPT = {
    "lead desk",
    "lead queue (evaluations)",
    "admin queue (evaluations)",
    "review page (lead)",
    "nominee dossier",
    "nominee dossier editor",
    "evaluation form",
    "admin cycle page",
    "API v1: my activities",
}
PAGES += [drawn(page) for page in PAGES if page.name in KEPT]
