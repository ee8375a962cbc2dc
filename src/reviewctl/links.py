"""Support-link URLs as ``init`` stores them: ``https://`` with a dotted host name.

The footer lint rules (SL001, SL003) accept only such links, so a link reviewctl writes
into every new review must be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewctl.errors import InputError

_HOST = re.compile(r"^[^/\s?#@:]+\.[^/\s?#@:]+(?::\d+)?(?:[/?#]\S*)?$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(//)?", re.I)


@dataclass(frozen=True, slots=True)
class NormalisedUrl:
    """The URL to store, and what was changed (empty when nothing was)."""

    url: str
    change: str = ""


def normalise_url(text: str) -> NormalisedUrl:
    """``patreon.com/me`` → ``https://patreon.com/me``; ``http://…`` → ``https://…``.

    Anything that is not a web address with a dotted host name is refused.
    """
    url = text.strip()
    if url.lower().startswith("mailto:") and "@" in url:
        return NormalisedUrl(url)
    scheme = _SCHEME.match(url)
    if scheme and scheme[2]:
        rest = url[scheme.end() :]
        name = scheme[1].lower()
        if name not in ("http", "https"):
            raise InputError(f"support link {url!r}: expected an https:// address")
        if not _HOST.match(rest):
            raise InputError(f"support link {url!r}: no host name like example.com")
        if name == "http":
            return NormalisedUrl(f"https://{rest}", "http:// changed to https://")
        return NormalisedUrl(f"https://{rest}") if url[:8] != "https://" else NormalisedUrl(url)
    if " " in url or not _HOST.match(url) or (scheme and not url.split(":", 1)[1][:1].isdigit()):
        raise InputError(f"support link {url!r}: expected an address like https://example.com/me")
    return NormalisedUrl(f"https://{url}", "https:// added")
