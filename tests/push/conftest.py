"""Fixtures for ``push``: a fake WordPress (httpx.MockTransport) and the real one.

The real WordPress is the one ``.ci/wordpress.sh`` starts; it writes the site's address and
an Application Password to ``$REVIEWCTL_WP_ENV`` (default /tmp/reviewctl-wordpress.env).
Where it is missing the tests that need it skip and say why, except under ``CI=true``,
where they fail instead.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import require

ENV_FILE = Path(os.environ.get("REVIEWCTL_WP_ENV", "/tmp/reviewctl-wordpress.env"))
WP_PATH = Path(os.environ.get("REVIEWCTL_WP_PATH", "/usr/share/wordpress"))
PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"


def missing(reason: str) -> None:
    require(False, reason, ".ci/wordpress.sh")


# -- WordPress's own block parser -----------------------------------------------------------

_PARSE = """
require getenv('WP_PATH') . '/wp-includes/class-wp-block-parser.php';
$parser = new WP_Block_Parser();
echo json_encode($parser->parse(stream_get_contents(STDIN)));
"""


@pytest.fixture(scope="session")
def parse_blocks() -> Callable[[str], list[dict[str, Any]]]:
    """``parse_blocks(content)``: WordPress's PHP block parser's answer, as Python data."""
    parser_file = WP_PATH / "wp-includes" / "class-wp-block-parser.php"
    if shutil.which("php") is None or not parser_file.is_file():
        missing(f"PHP and WordPress's block parser ({parser_file}) are needed")

    def parse(content: str) -> list[dict[str, Any]]:
        done = subprocess.run(
            ["php", "-r", _PARSE],
            input=content.encode("utf-8"),
            capture_output=True,
            check=True,
            env={**os.environ, "WP_PATH": str(WP_PATH)},
        )
        parsed: list[dict[str, Any]] = json.loads(done.stdout)
        return parsed

    return parse


def freeform(blocks: list[dict[str, Any]]) -> list[str]:
    """Text the parser found outside any block (the editor's Classic block), at any depth."""
    found = []
    for item in blocks:
        if item["blockName"] is None and item["innerHTML"].strip():
            found.append(item["innerHTML"])
        found += freeform(item.get("innerBlocks", []))
    return found


def names(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["blockName"] for b in blocks if b["blockName"] is not None]


# -- a fake WordPress -----------------------------------------------------------------------


@dataclass
class FakeWordPress:
    """Enough of WordPress's REST API for push, in memory; ``fail`` makes a route fail."""

    user: str = "juniper"
    password: str = PASSWORD
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    media: dict[int, dict[str, Any]] = field(default_factory=dict)
    blobs: dict[int, bytes] = field(default_factory=dict)
    terms: dict[str, dict[int, str]] = field(
        default_factory=lambda: {"categories": {1: "Uncategorized"}, "tags": {}}
    )
    requests: list[tuple[str, str]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)  # each post's fields, as sent
    fail: dict[tuple[str, str], httpx.Response] = field(default_factory=dict)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(10))

    def handler(self, request: httpx.Request) -> httpx.Response:
        route = request.url.params.get("rest_route", "")
        self.requests.append((request.method, route))
        expected = "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if request.headers.get("authorization") != expected:
            return httpx.Response(
                401,
                json={
                    "code": "incorrect_password",
                    "message": "The provided password is an invalid application password.",
                },
            )
        for (method, pattern), response in self.fail.items():
            if request.method == method and re.fullmatch(pattern, route):
                return response
        return self._route(request, route)

    def writes(self) -> list[tuple[str, str]]:
        return [r for r in self.requests if r[0] != "GET"]

    def _route(self, request: httpx.Request, route: str) -> httpx.Response:
        method, params = request.method, request.url.params
        if route == "/wp/v2/users/me":
            return httpx.Response(200, json={"id": 2, "username": self.user})
        if route == "/wp/v2/media" and method == "GET":
            term = params.get("search", "")
            return httpx.Response(200, json=[m for m in self.media.values() if term in m["slug"]])
        if route == "/wp/v2/media" and method == "POST":
            name = re.search(r'filename="([^"]+)"', request.headers["content-disposition"])
            assert name is not None
            new = next(self.ids)
            stem = name.group(1).rsplit(".", 1)[0].lower()
            url = f"https://blog.example/wp-content/uploads/{name.group(1)}"
            self.media[new] = {"id": new, "slug": stem, "source_url": url}
            self.blobs[new] = request.content
            return httpx.Response(201, json=self.media[new])
        match = re.fullmatch(r"/wp/v2/(categories|tags)", route)
        if match and method == "GET":
            term = params.get("search", "").lower()
            found = [
                {"id": i, "name": n} for i, n in self.terms[match[1]].items() if term in n.lower()
            ]
            return httpx.Response(200, json=found)
        if match and method == "POST":
            # as WordPress keeps a name: its spaces collapsed, its HTML characters escaped;
            # a name it has already is refused
            name = html.escape(" ".join(json.loads(request.content)["name"].split()), quote=False)
            if name.lower() in (n.lower() for n in self.terms[match[1]].values()):
                return httpx.Response(
                    400,
                    json={
                        "code": "term_exists",
                        "message": "A term with the name provided already exists.",
                    },
                )
            new = next(self.ids)
            self.terms[match[1]][new] = name
            return httpx.Response(201, json={"id": new, "name": name})
        match = re.fullmatch(r"/wp/v2/(?:posts|(pages))(?:/(\d+))?", route)
        store = self.pages if match and match[1] else self.posts
        match = re.fullmatch(r"/wp/v2/(?:posts|pages)(?:/(\d+))?", route)
        if match and method == "GET" and match[1]:
            post = store.get(int(match[1]))
            if post is None:
                return httpx.Response(
                    404, json={"code": "rest_post_invalid_id", "message": "Invalid post ID."}
                )
            return httpx.Response(200, json=post)
        if match and method == "POST":
            fields = json.loads(request.content)
            self.sent.append(fields)
            own = int(match[1]) if match[1] else None
            if "slug" in fields:  # as WordPress does: a slug another post has gets -2, -3…
                taken = {p.get("slug") for i, p in store.items() if i != own}
                slug, number = fields["slug"], 1
                while slug in taken:
                    number += 1
                    slug = f"{fields['slug']}-{number}"
                fields["slug"] = slug
            if own is not None:
                post = store[own]
                post.update(fields)
                return httpx.Response(200, json=post)
            new = next(self.ids)
            store[new] = {"id": new, "link": f"https://blog.example/?p={new}", **fields}
            return httpx.Response(201, json=store[new])
        return httpx.Response(
            404,
            json={
                "code": "rest_no_route",
                "message": "No route was found matching the URL and request method.",
            },
        )


@pytest.fixture
def fake_wp(monkeypatch: pytest.MonkeyPatch) -> FakeWordPress:
    """A fake site every ``Site`` in the test talks to, and the password in the environment."""
    import reviewctl.wpsite

    fake = FakeWordPress()
    monkeypatch.setattr(
        reviewctl.wpsite, "default_transport", lambda: httpx.MockTransport(fake.handler)
    )
    monkeypatch.setenv("REVIEWCTL_WP_PASSWORD", PASSWORD)
    return fake


def configure(archive: Path, url: str, user: str) -> None:
    """Add a ``[wordpress]`` table to the archive's config."""
    config = archive / "reviewctl.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(f'{text}\n[wordpress]\nurl = "{url}"\nuser = "{user}"\n', encoding="utf-8")


@pytest.fixture
def wp_archive(examples: Path, fake_wp: FakeWordPress) -> Path:
    """The examples archive, configured for the fake site."""
    configure(examples, "https://blog.example", fake_wp.user)
    return examples


# -- the real WordPress ---------------------------------------------------------------------


@dataclass(frozen=True)
class LiveSite:
    url: str
    user: str
    password: str

    def client(self, password: str | None = None) -> httpx.Client:
        return httpx.Client(
            base_url=self.url + "/", auth=(self.user, password or self.password), timeout=30
        )

    def get(self, route: str, **params: Any) -> Any:
        with self.client() as client:
            response = client.get("", params={"rest_route": route, **params})
            response.raise_for_status()
            return response.json()


def _read_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip()
    return values


@pytest.fixture(scope="session")
def live_wp() -> LiveSite:
    """The real WordPress, emptied of the test user's posts and media at the session start."""
    if not ENV_FILE.is_file():
        missing(f"no local WordPress: run `bash .ci/wordpress.sh` (it writes {ENV_FILE})")
    values = _read_env(ENV_FILE)
    site = LiveSite(
        values["REVIEWCTL_WP_URL"], values["REVIEWCTL_WP_USER"], values["REVIEWCTL_WP_PASSWORD"]
    )
    try:
        me = site.get("/wp/v2/users/me")
    except httpx.HTTPError as exc:
        missing(f"the local WordPress at {site.url} does not answer ({exc}): run .ci/wordpress.sh")
    with site.client() as client:
        for kind in ("posts", "media"):
            while True:
                params = {"rest_route": f"/wp/v2/{kind}", "author": me["id"], "per_page": 100}
                if kind == "posts":
                    params["status"] = "publish,draft,pending,private,future"
                items = client.get("", params=params).json()
                if not items:
                    break
                for item in items:
                    client.delete(
                        "", params={"rest_route": f"/wp/v2/{kind}/{item['id']}", "force": "true"}
                    ).raise_for_status()
    return site
