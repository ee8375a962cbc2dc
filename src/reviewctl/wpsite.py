"""A WordPress site's REST API, as much of it as ``push`` needs, over httpx.

Routes go through ``?rest_route=``, which works with or without pretty permalinks. The user
signs in with an Application Password (HTTP Basic). Every failure is a :class:`SiteError`
whose one-line message says what the site said; ``fatal`` marks the ones no other review
can get past (the site cannot be reached, refuses the password, or has no REST API).
"""

from __future__ import annotations

import html
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reviewctl.errors import ConfigError, ReviewctlError

if TYPE_CHECKING:
    import httpx

TIMEOUT = 30.0
PASSWORD_VARIABLE = "REVIEWCTL_WP_PASSWORD"
USER_AGENT = "reviewctl"


class SiteError(ReviewctlError):
    """The site could not do what was asked; ``status`` is the HTTP status when there was one."""

    def __init__(
        self, message: str, *, status: int | None = None, fatal: bool = False, unsure: bool = False
    ) -> None:
        super().__init__(message)
        self.status = status
        self.fatal = fatal
        self.unsure = unsure  # no answer came: the site may have done it all the same


@dataclass(frozen=True, slots=True)
class Media:
    id: int
    url: str
    slug: str


@dataclass(frozen=True, slots=True)
class Term:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    link: str
    status: str
    slug: str = ""
    title: str = ""  # as written (``title.raw``; the rendered one when the site gives no raw)
    date: str = ""  # the site's time, ``2024-03-01T10:00:00``
    #: what the site holds of each field a push sends (a text's ``raw``), when it said
    saved: Mapping[str, Any] = field(default_factory=dict)

    def holds(self, fields: Mapping[str, Any]) -> bool:
        """Whether the post already holds ``fields`` as they would be sent (terms in any
        order, as the site keeps them)."""
        return all(
            key in self.saved
            and (
                self.saved[key] == value
                or (isinstance(value, list) and sorted(self.saved[key] or []) == sorted(value))
            )
            for key, value in fields.items()
        )


def check_url(url: str) -> str:
    """The site's address without a trailing slash; HTTPS unless the host is a loopback one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # a port that is no number raises here
        (parts.hostname or "").encode("idna")  # "a..b", a name part of 64 letters or more
    except (ValueError, UnicodeError):
        raise ConfigError(f"wordpress.url: {url!r} is not a web address") from None
    del port
    if parts.username is not None or parts.password is not None:  # first: never echoed
        raise ConfigError(
            "wordpress.url: the address holds a user name or password; give the site's address,"
            f" the user as wordpress.user and the password in {PASSWORD_VARIABLE}"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"wordpress.url: expected https://…, got {url!r}")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise ConfigError(
            f"wordpress.url: {url} is plain HTTP; use https:// (HTTP is allowed on loopback only)"
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"wordpress.url: {url} has a query or fragment; give the site's address")
    return url.strip().rstrip("/")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_transport() -> httpx.BaseTransport:
    """httpx's own transport, with one retry when a connection cannot be made."""
    import httpx

    return httpx.HTTPTransport(retries=1)


class Site:
    """One WordPress site, signed in as ``user``."""

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        import httpx

        self.url = check_url(url)
        self.user = user
        self._client = httpx.Client(
            base_url=self.url + "/",
            auth=httpx.BasicAuth(user, password),
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            transport=transport or default_transport(),
        )
        try:  # what httpx alone refuses (an "xn--" name that is no IDNA name)
            self._client.build_request("GET", "")
        except (httpx.InvalidURL, ValueError, UnicodeError):
            self._client.close()
            raise ConfigError(f"wordpress.url: {url!r} is not a web address") from None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests -----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        route: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """The JSON the site answers ``method route`` with; :class:`SiteError` otherwise."""
        import httpx

        query = {"rest_route": route, **(params or {})}
        for attempt in (1, 2):
            try:
                response = self._client.request(
                    method, "", params=query, json=json, content=content, headers=headers
                )
                break
            except httpx.ConnectError as exc:
                raise SiteError(f"cannot reach {self.url}: {_reason(exc)}", fatal=True) from None
            except httpx.TimeoutException:
                raise SiteError(
                    f"{self.url} did not answer within {self._client.timeout.read:g}s",
                    fatal=True,
                    unsure=method != "GET",
                ) from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                if attempt == 1 and method == "GET":
                    continue  # a dropped connection: once more (a POST may have been done)
                raise SiteError(
                    f"{self.url} dropped the connection: {_reason(exc)}",
                    fatal=True,
                    unsure=method != "GET",
                ) from None
            except httpx.HTTPError as exc:
                raise SiteError(f"{self.url}: {_reason(exc)}", fatal=True) from None
            except UnicodeError:  # a host name the resolver cannot encode
                raise SiteError(f"cannot reach {self.url}: not a host name", fatal=True) from None
        return self._answer(response, method, route)

    def _answer(self, response: httpx.Response, method: str, route: str) -> Any:
        status = response.status_code
        if response.is_redirect:  # followed, a POST would come back a GET: never follow
            where = response.headers.get("location", "elsewhere")
            raise SiteError(
                f"{self.url} redirects {method} {route} to {where}: set wordpress.url to the "
                "address the site answers on",
                status=status,
                fatal=True,
            )
        try:
            data = response.json()
        except ValueError:
            data = None
        if status < 400 and data is not None:
            return data
        code, said = "", ""
        if isinstance(data, dict):
            code = str(data.get("code") or "")
            said = html.unescape(str(data.get("message") or ""))
        said = f": {said}" if said else ""
        what = f"{method} {route}"
        if status == 401:
            raise SiteError(
                f"401 Unauthorized from {self.url}: wrong user ({self.user}) or Application "
                f"Password{said}",
                status=status,
                fatal=True,
            )
        if status == 403:
            raise SiteError(f"403 Forbidden ({what}){said}", status=status)
        if status == 404 and code == "rest_no_route":
            raise SiteError(
                f"{self.url} has no REST route {route} (is the REST API disabled?)",
                status=status,
                fatal=True,
            )
        if data is None and status < 400:
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            raise SiteError(
                f"{self.url} did not answer as WordPress's REST API (HTTP {status}, {kind}): "
                "is the REST API disabled?",
                status=status,
                fatal=True,
            )
        if status >= 500:  # a fatal error may come after the work is saved (a later hook)
            raise SiteError(
                f"the site failed with HTTP {status} ({what}){said}",
                status=status,
                unsure=method != "GET",
            )
        raise SiteError(f"HTTP {status} ({what}){said}", status=status)

    # -- what push uses -----------------------------------------------------------------------

    def me(self) -> str:
        """The signed-in user's name: checks the address, the REST API and the password."""
        data = self.request("GET", "/wp/v2/users/me", params={"context": "edit"})
        if not isinstance(data, dict):
            raise SiteError(
                f"{self.url} did not answer as WordPress's REST API (users/me is no user):"
                " is wordpress.url the site's address?",
                fatal=True,
            )
        return str(data.get("username") or data.get("name") or self.user)

    def find_media(self, marker: str) -> Media | None:
        """The media item whose slug holds ``marker`` (a content digest), if there is one."""
        found = self.request(
            "GET", "/wp/v2/media", params={"search": marker, "per_page": 100, "context": "edit"}
        )
        for item in _objects(found):
            if marker in str(item.get("slug", "")) or marker in str(item.get("source_url", "")):
                return _media(item)
        return None

    def upload_media(self, filename: str, data: bytes, mime: str) -> Media:
        safe = filename.replace('"', "")
        item = self.request(
            "POST",
            "/wp/v2/media",
            content=data,
            headers={
                "Content-Type": mime,
                "Content-Disposition": f'attachment; filename="{safe}"',
            },
        )
        return _media(item)

    def find_term(self, taxonomy: str, name: str) -> Term | None:
        """The category or tag named ``name`` (case-insensitive), if the site has it.

        WordPress keeps a name with its HTML characters escaped and its spaces collapsed
        ("Rock &amp; Roll") and searches what it keeps: such a name is looked for both ways."""
        wanted = _term_key(name)
        kept = html.escape(" ".join(name.split()), quote=False)
        for search in dict.fromkeys((name.strip(), kept)):
            found = self.request(
                "GET", f"/wp/v2/{taxonomy}", params={"search": search, "per_page": 100}
            )
            for item in _objects(found):
                if _term_key(str(item.get("name", ""))) == wanted:
                    return Term(_id(item), html.unescape(str(item.get("name", ""))))
        return None

    def create_term(self, taxonomy: str, name: str) -> Term:
        try:
            item = self.request("POST", f"/wp/v2/{taxonomy}", json={"name": name})
        except SiteError as exc:
            if exc.fatal:
                raise
            kind = "category" if taxonomy == "categories" else "tag"
            raise SiteError(
                f"cannot create the {kind} {name!r}: {exc.message}", status=exc.status
            ) from None
        return Term(_id(item), html.unescape(str(item.get("name", name))))

    def get_post(self, post_id: int, kind: str = "posts") -> Post | None:
        """The post (or page: ``kind`` ``pages``), ``None`` when the site has none with that id."""
        try:
            item = self.request("GET", f"/wp/v2/{kind}/{post_id}", params={"context": "edit"})
        except SiteError as exc:
            if exc.status in (404, 410):
                return None
            raise
        return _post(item)

    def save_post(
        self, post_id: int | None, fields: Mapping[str, Any], kind: str = "posts"
    ) -> Post:
        """Create a post (``post_id`` ``None``) or update one (a page: ``kind`` ``pages``)."""
        route = f"/wp/v2/{kind}" if post_id is None else f"/wp/v2/{kind}/{post_id}"
        return _post(self.request("POST", route, json=fields))


def _objects(found: Any) -> list[dict[str, Any]]:
    """The objects of a list the site answered with (anything else in it is no match)."""
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _term_key(name: str) -> str:
    """A term's name as WordPress compares it: unescaped, spaces collapsed, any case."""
    return " ".join(html.unescape(name).split()).casefold()


def _id(item: Any) -> int:
    """The ``id`` of an object the site answered with; :class:`SiteError` for anything else."""
    try:
        return int(item["id"])
    except (KeyError, TypeError, ValueError):
        raise SiteError(
            "the site answered with something other than a WordPress object (no id)",
            fatal=True,
            unsure=True,
        ) from None


def _media(item: Any) -> Media:
    return Media(_id(item), str(item.get("source_url", "")), str(item.get("slug", "")))


def _post(item: Any) -> Post:
    title = item.get("title") if isinstance(item, dict) else None
    if isinstance(title, dict):
        title = title.get("raw", title.get("rendered", ""))
    return Post(
        _id(item),
        str(item.get("link", "")),
        str(item.get("status", "")),
        str(item.get("slug", "")),
        html.unescape(str(title or "")),
        str(item.get("date") or ""),
        {
            key: value["raw"] if isinstance(value, dict) and "raw" in value else value
            for key, value in item.items()
            if key in _SENT
        }
        if isinstance(item, dict)
        else {},
    )


#: the fields a push sends
_SENT = frozenset(
    ("title", "content", "excerpt", "slug", "date", "date_gmt", "status", "comment_status",
     "ping_status", "sticky", "format", "categories", "tags", "featured_media")
)  # fmt: skip


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
