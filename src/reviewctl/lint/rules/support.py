"""SL: the support-links footer (``Label: url`` lines at the end of the review)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reviewctl.config import SupportLink
from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Edit, Fix, Rule, Severity, register
from reviewctl.structure import Link

_LIST_PREFIX = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


@lru_cache(maxsize=4096)
def normalize_url(url: str) -> str:
    """A URL compared loosely: scheme, ``www.``, trailing slash and case ignored."""
    url = url.strip().casefold()
    scheme = url.find("://")
    if scheme != -1 and url[:scheme].isalnum():
        url = url[scheme + 3 :]
    url = url.removeprefix("www.")
    return url.rstrip("/")


_HTTPS = re.compile(r"https://[^/\s?#@:]+\.[^/\s?#@:]+(?::\d+)?(?:[/?#]\S*)?", re.I)


@lru_cache(maxsize=4096)
def _malformed(url: str) -> bool:
    """Not an ``https://`` URL with a dotted host name."""
    return _HTTPS.fullmatch(url) is None


def footer_line(link: SupportLink, prefix: str = "") -> str:
    """One footer line in the house style (:meth:`SupportLink.line`, the one formatter)."""
    return prefix + link.line()


_NOT_WORD = re.compile(r"[\W_]+")


def _same_label(found: Link, wanted: SupportLink) -> bool:
    """Whether two labels name the same place: equal, or one's words are a run of the
    other's ("Patreon", "Please support my Patreon"; "Ko-fi", "Kofi"), never a part of a
    word ("X" is not in "Letterboxd")."""
    a = _NOT_WORD.sub(" ", found.label.casefold()).split()
    b = _NOT_WORD.sub(" ", wanted.label.casefold()).split()
    if not a or not b:
        return False
    if "".join(a) == "".join(b):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _same_site(found: Link, wanted: SupportLink) -> bool:
    """Whether two links lead to the same service (another page of it: a new account's):
    "Buy me a coffee" on buymeacoffee.com is not the Ko-fi link it resembles by name."""
    return normalize_url(found.url).split("/", 1)[0] == normalize_url(wanted.url).split("/", 1)[0]


def _match(ctx: Context) -> tuple[dict[int, Link], list[SupportLink]]:
    """Configured links found in the footer (by config index) and those missing."""
    links = ctx.parts.links
    found: dict[int, Link] = {}
    missing: list[SupportLink] = []
    by_url = {normalize_url(link.url): link for link in links}
    for index, wanted in enumerate(ctx.config.support_links):
        link = by_url.get(normalize_url(wanted.url))
        if link is None:
            missing.append(wanted)
        else:
            found[index] = link
    return found, missing


def _rewrite(ctx: Context, found: dict[int, Link]) -> tuple[Fix | None, dict[str, Link]]:
    """The footer rebuilt in config order, keeping the author's own lines where they match,
    and the lines it replaces: a link under a configured link's label at another address
    (by configured label)."""
    region = ctx.parts.footer_region
    replaced: dict[str, Link] = {}
    if region is None:
        return None, replaced
    lines = ctx.review.lines
    first = lines[region.start - 1]
    prefix_match = _LIST_PREFIX.match(first)
    prefix = prefix_match.group(0) if prefix_match else ""
    used: set[int] = set()
    out: list[str] = []
    for index, wanted in enumerate(ctx.config.support_links):
        link = found.get(index)
        if link is None:  # a line with the same label but another URL is replaced
            link = next(
                (
                    x
                    for x in ctx.parts.links
                    if x.line not in used and _same_label(x, wanted) and _same_site(x, wanted)
                ),
                None,
            )
            if link is not None and normalize_url(link.url) not in {
                normalize_url(s.url) for s in ctx.config.support_links
            }:
                used.add(link.line)
                replaced[wanted.label] = link
            out.append(footer_line(wanted, prefix))
            continue
        used.add(link.line)
        out.append(lines[link.line - 1])
    configured = {normalize_url(s.url) for s in ctx.config.support_links}
    for link in ctx.parts.links:  # other links the author added stay, at the end
        if link.line not in used and normalize_url(link.url) not in configured:
            out.append(lines[link.line - 1])
            used.add(link.line)
    # What else the region holds stays: a reference or footnote definition between the
    # footer's lines (after them, where Markdown reads it as well), and blank lines between
    # links that were paragraphs of their own.
    numbers = range(region.start, region.end + 1)
    linked = {link.line for link in ctx.parts.links}
    others = [lines[n - 1] for n in numbers if n not in linked and lines[n - 1].strip()]
    apart = any(not lines[n - 1].strip() for n in numbers)
    if not apart:
        out = _broken_as(out, [lines[n - 1] for n in sorted(linked & set(numbers))])
    text = (ctx.newline * 2 if apart else ctx.newline).join(out)
    if others:
        text += ctx.newline * 2 + ctx.newline.join(others)
    start, end = ctx.offset(region.start), ctx.line_end(region.end)
    return Fix((Edit(start, end, text),), "rewrite the support footer"), replaced


# A hard line break at the end of a line: two spaces, a backslash, or <br>.
_BREAK = re.compile(r"(?: {2,}|\\|<br\s*/?>)\Z", re.I)


def _broken_as(out: list[str], written: list[str]) -> list[str]:
    """``out``'s lines with the hard line breaks the author's footer ``written`` ends its
    lines with (all but its last), so that the lines the fix adds are not run together with
    their neighbours into one line."""
    if len(written) < 2 or not all(_BREAK.search(line) for line in written[:-1]):
        return out
    mark = _BREAK.search(written[0])
    assert mark is not None
    bare = [line[: m.start()] if (m := _BREAK.search(line)) else line for line in out]
    return [line + mark.group(0) for line in bare[:-1]] + bare[-1:]


@register
class SupportFooterMissing(Rule):
    """The review has no support-links footer.

    What it does
        When ``support_links`` are configured, checks that the review ends with a footer:
        trailing lines that are each a label and a link. A mention of "Patreon" in a sentence
        is not a footer.

    Why
        The footer is how readers find the author's Patreon, Ko-Fi and streams; a review
        without it earns nothing.

    Example
        A review whose last paragraph is the verdict.

    Fix
        ``--fix`` appends the footer from the config, one ``Label: url`` line per link, in
        config order.

    Configure
        ``[[support_links]]`` lists the footer's links; with none, the rule is off.
    """

    code = "SL001"
    name = "support-footer-missing"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        links = ctx.config.support_links
        if not links or ctx.parts.links:
            return
        review = ctx.review
        nl = ctx.newline
        text = review.text
        if not text:
            lead = ""
        elif not text.endswith("\n"):
            lead = nl + nl
        elif review.lines and review.lines[-1].strip():
            lead = nl
        else:
            lead = ""
        body = nl.join(footer_line(link) for link in links) + nl
        end = len(text)
        fix: Fix | None = Fix((Edit(end, end, lead + body),), "append the support footer")
        labels = ", ".join(link.label for link in links)
        line = max(len(review.lines), 1)
        message = f"no support-links footer (expected: {labels})"
        written = _written_elsewhere(text, links)
        if written is not None:  # a footer of another shape: appending one would repeat it
            fix = None
            message += f"; {written.label}'s link is in the text, not as a footer line"
        yield Diagnostic(line, 1, message, fix)


def _written_elsewhere(text: str, links: tuple[SupportLink, ...]) -> SupportLink | None:
    """The first configured link whose address the review already holds."""
    lowered = text.casefold()
    return next((link for link in links if normalize_url(link.url) in lowered), None)


@register
class SupportLinkMissing(Rule):
    """A configured support link is missing from the footer.

    What it does
        Compares the footer's links with ``support_links`` in the config (scheme, ``www.``
        and a trailing slash do not matter) and reports each configured link that is absent.

    Why
        A footer that forgets the Ko-Fi link, or still points at an old Patreon page, loses
        support quietly.

    Example
        A footer with the Patreon and Ko-Fi lines but not Twitch or YouTube.

    Fix
        ``--fix`` rewrites the footer in config order: the author's matching lines are kept
        as written, missing ones are added as ``Label: url``, other links stay at the end.

    Configure
        ``[[support_links]]`` lists the footer's links; with none, the rule is off.
    """

    code = "SL002"
    name = "support-link-missing"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if not ctx.config.support_links or not ctx.parts.links:
            return
        found, missing = _match(ctx)
        if not missing:
            return
        fix, replaced = _rewrite(ctx, found)
        line = ctx.parts.links[0].line
        for link in missing:
            message = f"support link {link.label!r} ({link.url}) is missing"
            old = replaced.get(link.label)
            if old is not None:  # what the fix does to the author's line, said
                message += f"; line {old.line} ({old.label!r} at {old.url}) is replaced"
            yield Diagnostic(line, 1, message, fix)


@register
class SupportLinkInsecure(Rule):
    """A footer link is plain ``http://`` or malformed.

    What it does
        Checks every link of the support footer: it must be an ``https://`` URL with a host
        (``mailto:`` is fine).

    Why
        Browsers flag ``http://`` pages as not secure, and payment pages in particular should
        never be reached over plain HTTP. A malformed link does not work at all.

    Example
        ``Please support my Patreon: http://www.patreon.com/countzeroor``

    Fix
        Use the ``https://`` address. ``--fix`` changes the scheme alone, and only when the
        config lists the same link with ``https://``, so the address is known to work.

    Configure
        ``[[support_links]]`` with ``https://`` URLs give the fix its URL. ``[lint] ignore =
        ["SL003"]`` for a blog without a support footer (``init`` does this).
    """

    code = "SL003"
    name = "support-link-insecure"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        secure = {
            normalize_url(s.url): s.url
            for s in ctx.config.support_links
            if s.url.lower().startswith("https://")
        }
        for link in ctx.parts.links:
            url = link.url
            lower = url.lower()
            if lower.startswith("mailto:"):
                continue
            if lower.startswith("http://"):
                fix = None
                good = secure.get(normalize_url(url))
                line = ctx.review.lines[link.line - 1]
                at = link.column - 1
                if good is not None and line[at : at + len(url)] == url:
                    # the scheme alone: the rest of the address stays as the author wrote it
                    start = ctx.offset(link.line, link.column)
                    fix = Fix((Edit(start, start + len("http"), "https"),), "use https://")
                yield Diagnostic(link.line, link.column, f"insecure link {url}: use https://", fix)
                continue
            if _malformed(url):
                yield Diagnostic(link.line, link.column, f"malformed link {url!r}")
