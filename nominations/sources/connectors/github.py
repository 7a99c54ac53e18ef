"""A GitHub account through the public REST API (no token needed; one raises
the rate limit from 60 to 5,000 requests an hour):

- merged pull requests to other people's repositories: the search API,
  ``GET /search/issues?q=author:<login> type:pr is:merged -user:<login>``;
- the account's own repositories (not forks) pushed in the period, with their
  stars and forks: ``GET /users/<login>/repos?type=owner&sort=pushed``;
- the releases of the most recently pushed of them (at most
  ``RELEASE_REPOSITORIES``, to stay within the rate limit):
  ``GET /repos/<owner>/<repo>/releases``, downloads summed over the assets.

All of it is open-source work. Each URL keeps its own ETag, and GitHub does not
count a 304 answer against the rate limit; the repository list is cached so
that releases are still looked at when the list itself did not change.
"""

import re
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from ..fetch import ContentError, FetchError, HTTPStatusError
from .base import Collected, FoundItem, excerpt, parse_datetime_text, parse_json, program_date, short, whole_number

LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
RELEASE_REPOSITORIES = 10
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


class RateLimited(FetchError):
    """GitHub's hourly request limit was reached; ``retry_at`` is when it resets."""

    def describe(self, source: str) -> str:
        if self.details.get("with_token"):
            return _("GitHub's limit of requests per hour was reached")
        return _(
            "GitHub's limit of requests per hour was reached (60 an hour without a token: adding a token "
            "to this connection raises it to 5,000)"
        )


def _api() -> str:
    return settings.SOURCES_GITHUB_API_URL.rstrip("/")


def _get(client, url: str):
    headers = dict(HEADERS)
    if client.token:
        headers["Authorization"] = f"Bearer {client.token}"
    try:
        return client.get(url, headers=headers)
    except HTTPStatusError as exc:
        remaining = exc.headers.get("x-ratelimit-remaining")
        if exc.status in (403, 429) and (remaining == "0" or exc.status == 429):
            reset = whole_number(exc.headers.get("x-ratelimit-reset"))
            retry_at = datetime.fromtimestamp(reset, tz=UTC) if reset else None
            raise RateLimited(url, retry_at=retry_at, with_token=bool(client.token)) from None
        raise


def collect(connection, client, *, since, today) -> Collected:
    login = connection.identifier
    items: list[FoundItem] = []
    changed = False

    repos_url = f"{_api()}/users/{login}/repos?" + urlencode({"type": "owner", "sort": "pushed", "per_page": 100})
    try:
        response = _get(client, repos_url)
    except HTTPStatusError as exc:
        if exc.status == 404:
            raise ContentError(repos_url, why=_("it has no account named %(login)s") % {"login": login}) from None
        raise
    if response.not_modified:
        repositories = list((connection.cache or {}).get("repositories", []))
    else:
        changed = True
        data = parse_json(response)
        if not isinstance(data, list):
            raise ContentError(repos_url, why=_("the list of repositories is not in the form we know"))
        repositories = []
        for repo in data:
            if not isinstance(repo, dict) or repo.get("fork") or repo.get("private"):
                continue
            pushed = parse_datetime_text(repo.get("pushed_at"))
            created = parse_datetime_text(repo.get("created_at"))
            if pushed is None or program_date(pushed) < since or not repo.get("html_url"):
                continue
            repositories.append(repo.get("full_name", ""))
            day = program_date(created) if created and program_date(created) >= since else program_date(pushed)
            stars, forks = whole_number(repo.get("stargazers_count")), whole_number(repo.get("forks_count"))
            metrics = {name: value for name, value in (("stars", stars), ("forks", forks)) if value is not None}
            items.append(
                FoundItem(
                    url=repo["html_url"],
                    title=short(repo.get("full_name") or repo["html_url"]),
                    occurred_on=day,
                    type_slug="open-source",
                    description=excerpt(repo.get("description") or ""),
                    metrics=metrics,
                )
            )

    search_url = f"{_api()}/search/issues?" + urlencode(
        {"q": f"author:{login} type:pr is:merged -user:{login}", "sort": "updated", "order": "desc", "per_page": 100}
    )
    response = _get(client, search_url)
    if not response.not_modified:
        changed = True
        data = parse_json(response)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise ContentError(search_url, why=_("the search answer is not in the form we know"))
        for pr in data["items"]:
            if not isinstance(pr, dict) or not pr.get("html_url"):
                continue
            merged = parse_datetime_text((pr.get("pull_request") or {}).get("merged_at") or pr.get("closed_at"))
            if merged is None or program_date(merged) < since:
                continue
            repository = "/".join(str(pr.get("repository_url", "")).rstrip("/").split("/")[-2:])
            items.append(
                FoundItem(
                    url=pr["html_url"],
                    title=short(
                        _("Pull request to %(repository)s: %(title)s")
                        % {"repository": repository, "title": pr.get("title", "")}
                    ),
                    occurred_on=program_date(merged),
                    type_slug="open-source",
                    description=excerpt(pr.get("body") or ""),
                    metrics={"comments": c} if (c := whole_number(pr.get("comments"))) else {},
                )
            )

    for full_name in repositories[:RELEASE_REPOSITORIES]:
        releases_url = f"{_api()}/repos/{full_name}/releases?" + urlencode({"per_page": 20})
        response = _get(client, releases_url)
        if response.not_modified:
            continue
        changed = True
        data = parse_json(response)
        for release in data if isinstance(data, list) else []:
            if not isinstance(release, dict) or release.get("draft") or not release.get("html_url"):
                continue
            published = parse_datetime_text(release.get("published_at") or release.get("created_at"))
            if published is None or program_date(published) < since:
                continue
            downloads = sum(
                whole_number(asset.get("download_count")) or 0
                for asset in release.get("assets") or []
                if isinstance(asset, dict)
            )
            items.append(
                FoundItem(
                    url=release["html_url"],
                    title=short(
                        _("%(repository)s %(release)s released")
                        % {"repository": full_name, "release": release.get("name") or release.get("tag_name", "")}
                    ),
                    occurred_on=program_date(published),
                    type_slug="open-source",
                    description=excerpt(release.get("body") or ""),
                    reach=downloads or None,
                    metrics={"downloads": downloads},
                )
            )
    return Collected(items=items, changed=changed, cache={"repositories": repositories})
