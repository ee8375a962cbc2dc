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
    scheme = url.find(":/")  # "https://", and "https:/" with a slash short (SL003's)
    if scheme != -1 and url[:scheme].isalnum():
        url = url[scheme + 1 :].lstrip("/")
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


def _insertions(ctx: Context, found: dict[int, Link]) -> tuple[Fix | None, dict[str, Link]]:
    """The missing configured lines put into the footer where config order places them
    (after the footer lines of the links before, else before the ones after), each with the
    line ending and the hard break of the line it joins; and the lines it replaces: a link
    under a configured link's label at another address of its site (by configured label).
    Every other byte of the footer stays as the author wrote it."""
    region = ctx.parts.footer_region
    replaced: dict[str, Link] = {}
    if region is None:
        return None, replaced
    lines, text = ctx.review.lines, ctx.review.text
    prefix_match = _LIST_PREFIX.match(lines[region.start - 1])
    prefix = prefix_match.group(0) if prefix_match else ""
    numbers = range(region.start, region.end + 1)
    apart = any(not lines[n - 1].strip() for n in numbers)  # one paragraph a link
    linked = sorted({link.line for link in ctx.parts.links} & set(numbers))
    written = [lines[n - 1] for n in linked]
    broken = not apart and len(written) > 1 and all(_BREAK.search(w) for w in written[:-1])
    mark = m.group(0) if broken and (m := _BREAK.search(written[0])) else ""
    configured = {normalize_url(s.url) for s in ctx.config.support_links}
    used: set[int] = set()
    placed = {index: link.line for index, link in found.items()}  # config index → its line
    edits: list[Edit] = []
    after: dict[int, list[str]] = {}  # footer line → the lines to put after it
    before: dict[int, list[str]] = {}  # footer line → the lines to put before it
    missing = []  # placed once every replaced line is known: each one's place depends on all
    for index, wanted in enumerate(ctx.config.support_links):
        if index in found:
            continue
        old = next(
            (
                x
                for x in ctx.parts.links
                if x.line not in used
                and _same_label(x, wanted)
                and _same_site(x, wanted)
                and normalize_url(x.url) not in configured
            ),
            None,
        )
        line = footer_line(wanted, prefix)
        if old is not None:  # the author's line for it, at an old address: replaced
            used.add(old.line)
            replaced[wanted.label] = old
            kept = _BREAK.search(lines[old.line - 1])
            line += kept.group(0) if kept else ""
            edits.append(Edit(ctx.offset(old.line), ctx.line_end(old.line), line))
            placed[index] = old.line
        else:
            missing.append((index, line))
    for index, line in missing:
        earlier = [n for i, n in placed.items() if i < index]
        if earlier:
            after.setdefault(max(earlier), []).append(line)
        else:
            later = [n for i, n in placed.items() if i > index]
            before.setdefault(min(later) if later else linked[0], []).append(line)

    def gap_after(number: int) -> str:
        """The line ending of line ``number`` (the file's on a last line with none), twice
        between links that are paragraphs of their own."""
        end = ctx.line_end(number)
        ending = text[end : end + 2] if text.startswith("\r\n", end) else text[end : end + 1]
        return (ending or ctx.newline) * (2 if apart else 1)

    for number, added in after.items():
        end, gap = ctx.line_end(number), gap_after(number)
        last = number == linked[-1]
        tail = [f"{a}{mark}" for a in added[:-1]] + [added[-1] + ("" if last else mark)]
        head = mark if last and mark and not _BREAK.search(lines[number - 1]) else ""
        edits.append(Edit(end, end, head + gap + gap.join(tail)))
    for number, added in before.items():
        start, gap = ctx.offset(number), gap_after(number)
        edits.append(Edit(start, start, "".join(f"{a}{mark}{gap}" for a in added)))
    if not edits:
        return None, replaced
    edits.sort(key=lambda e: e.start)
    return Fix(tuple(edits), "add the missing support links"), replaced


# A hard line break at the end of a line: two spaces, a backslash, or <br>.
_BREAK = re.compile(r"(?: {2,}|\\|<br\s*/?>)\Z", re.I)


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
        config order (``Label url`` when the label ends in "on" or "at": "Watch my streams
        on https://…").

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
        ``--fix`` adds each missing link as ``Label: url`` where config order places it in
        the footer (after the links before it), and replaces a line that names the link at
        an old address of its site (said in the message); every other line stays as written.

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
        fix, replaced = _insertions(ctx, found)
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
