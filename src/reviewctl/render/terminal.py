"""A review for the terminal, as Rich renderables: pure, it never prints.

Layout, top to bottom:

- a header panel from the front matter (title, work, medium, status, date, rating, tags,
  where to watch, length); a draft stands out; front matter is never shown as text;
- a "Problems" panel when the front matter could not be read;
- the lede, as Markdown;
- the spoiler divider, labelled with the review's warning line (or the configured one);
- below the cut, either the body (``spoilers=True``) or a notice of how many words are hidden;
  the availability line, when it closes the body, and the support footer are not spoilers and
  are always shown;
- the support footer as a list of links (terminal hyperlinks on a terminal).

HTML ``<details>`` elements stay folded (their summary and a hint show) unless ``spoilers``,
as a browser shows them: some authors wrap spoilers in them.

A review without a cut has nothing to hide: all of it is shown, with a note saying so.

Nothing from the review reaches the terminal raw: front matter values, the Markdown of each
section and the footer's links pass through :func:`~reviewctl.terminal_text.escape_controls`,
so an ESC (a window title, a clear-screen, an OSC 8 link) or a carriage return shows as a
visible escape instead of acting.
Each section (lede, body, availability) is parsed on its own, so text below the cut cannot
reach the lede; only link reference definitions are shared, so ``[text][ref]`` in the lede
finds its address wherever ``[ref]: …`` is written.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reviewctl.availability import says_available
from reviewctl.config import Config
from reviewctl.model import Review
from reviewctl.prose import count_words
from reviewctl.render.markdown import markdown, references
from reviewctl.structure import (
    Block,
    Kind,
    Link,
    Parts,
    footnotes,
    inline_cuts,
    notes_for,
    promise_ends_line,
    uncut_warning,
)
from reviewctl.terminal_text import display_name, escape_controls

SPOILER_HINT = "--spoilers to show"
NO_CUT_NOTE = "No cut in this review: the whole text is shown."
UNCUT_WARNING_NOTE = (
    "No cut after the spoiler warning on line {line}: hidden from there on, as below a cut."
)
FLAGGED_NOTE = "Marked as spoilers in its front matter (line {line}): hidden, as below a cut."
INLINE_CUT_NOTE = (
    "The cut marker on line {line} shares its line with text (SP007): hidden from its paragraph on."
)
# Bounds above which Markdown is shown as its source text (see :class:`PlainText`): Rich
# lays out some thousands of blocks a second, and a hundred thousand table rows in minutes.
PLAIN_TABLE_LINES = 1_000  # a table longer than this
PLAIN_BLOCKS = 2_000  # a run of Markdown with more blocks than this
PLAIN_CHARS = 1_000_000  # a run of Markdown longer than this


def render_review(
    review: Review,
    config: Config,
    *,
    spoilers: bool = False,
    hyperlinks: bool = True,
    hint: str = SPOILER_HINT,
) -> list[RenderableType]:
    """The renderables that show ``review``, in order, one blank line apart."""
    items: list[RenderableType] = [header(review, config)]
    if review.error is not None:
        items.append(problems(review))
    if review.readable:
        urls = frozenset(_address(link.url) for link in config.support_links)
        items.extend(
            body(review, spoilers=spoilers, hyperlinks=hyperlinks, hint=hint, support_urls=urls)
        )
    return _spaced(items)


# Where bloggers ask for support, and their own channels: a footer link there is no spoiler
# (a video link, youtube.com/watch?v=…, may be one).
_SUPPORT_HOSTS = (
    "patreon.com", "ko-fi.com", "buymeacoffee.com", "liberapay.com", "paypal.me", "paypal.com",
    "substack.com", "subscribestar.com", "github.com/sponsors", "opencollective.com",
    "twitch.tv", "youtube.com/@", "youtube.com/c/", "youtube.com/channel/", "youtube.com/user/",
)  # fmt: skip


def _supports(address: str, support_urls: frozenset[str]) -> bool:
    """Whether a footer link (its :func:`_address`) is a support link: one of the config's,
    or on a site people are only sent to for support."""
    if address in support_urls:
        return True
    host = address.split("/", 1)[0]
    return address.startswith(_SUPPORT_HOSTS) or host.endswith(
        tuple("." + h for h in _SUPPORT_HOSTS if "/" not in h)
    )


def _address(url: str) -> str:
    """A link's address compared loosely: scheme, ``www.`` and a closing slash dropped."""
    url = url.strip().lower()
    url = url.split("://", 1)[-1].removeprefix("www.")
    return url.rstrip("/")


def _spaced(items: list[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for item in items:
        if spaced:
            spaced.append(Text())
        spaced.append(item)
    return spaced


# -- header ---------------------------------------------------------------------------------


def header(review: Review, config: Config) -> Panel:
    """The front matter at a glance."""
    rows = header_rows(review, config)
    title = Text(escape_controls(review.title or review.path.name, ""), style="bold")
    draft = review.readable and review.is_draft
    return Panel(
        Group(title, Text(), _Facts(rows)) if rows else title,
        border_style="yellow" if draft else "blue",
        padding=(0, 1),
    )


class _Facts:
    """The header's rows: labels beside their values, or, too narrow for both (a value
    would get no room beside "Where to watch"), each label above its value."""

    def __init__(self, rows: list[tuple[str, Text]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widest = max(cell_len(label) for label, _ in self.rows)
        if options.max_width - widest - 2 >= 16:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in self.rows:
                grid.add_row(label, value)
            yield grid
            return
        from rich.padding import Padding

        for label, value in self.rows:
            yield Text(label, style="bold")
            yield Padding(value, (0, 0, 0, 2))


def header_rows(review: Review, config: Config) -> list[tuple[str, Text]]:
    """``(label, value)`` rows for what the front matter says; missing fields are left out."""
    rows: list[tuple[str, Text]] = []

    def add(label: str, value: str | Text) -> None:
        if value:
            rows.append((label, value if isinstance(value, Text) else Text(escape_controls(value))))

    add("Work", review.work)
    medium = config.medium(review.medium)
    add("Medium", medium.label if medium else review.medium)
    from reviewctl.facts import medium_facts

    for label, value in medium_facts(review, config):
        add(label, value)
    if review.ok:
        add("Status", status_text(review.status))
    date = review.date
    add("Date", date.isoformat() if date else _raw(review, "date"))
    add("Rating", rating_text(review, config.rating_scale))
    add("Tags", ", ".join(review.tags))
    add("Where to watch", review.where_to_watch)
    if review.readable:
        minutes = review.reading_minutes
        length = f"{review.words:,} word{'' if review.words == 1 else 's'}"
        add("Length", f"{length} · {minutes} min read" if minutes else length)
    return rows


def status_text(status: str) -> Text:
    status = escape_controls(status, "")
    if status == "published":
        return Text(status, style="green")
    return Text(status.upper(), style="bold black on yellow")


def rating_text(review: Review, scale: int) -> str:
    rating = review.rating
    if rating is None:
        return _raw(review, "rating")
    return format_rating(rating, scale)


def format_rating(value: float, scale: int) -> str:
    """Stars on a scale of five or fewer (halves shown as ½), else ``n/scale``."""
    number = f"{value:g}/{scale}"
    if not 0 <= value <= scale:
        return f"{number} (outside the 0-{scale} scale)"
    if scale > 5:
        return number
    halves = round(value * 2)
    full, half = divmod(halves, 2)
    stars = "★" * full + "½" * half + "☆" * (scale - full - half)
    return f"{stars}  {number}"


def _raw(review: Review, key: str) -> str:
    """A front matter value the model could not interpret, shown as written."""
    value: Any = review.metadata.get(key)
    return value.strip() if isinstance(value, str) else ""


# -- problems -------------------------------------------------------------------------------


def problems(review: Review) -> Panel:
    error = review.error
    assert error is not None
    text = Text(f"line {error.line}: {escape_controls(error.message)}")
    if review.front_matter is not None:
        text.append("\nShowing the review without its front matter.", style="italic")
    elif review.readable:
        text.append("\nShowing the text after the opening fence as Markdown.", style="italic")
    return Panel(text, title="Problems", title_align="left", border_style="red")


# -- body -----------------------------------------------------------------------------------


def body(
    review: Review,
    *,
    spoilers: bool = False,
    hyperlinks: bool = True,
    hint: str = SPOILER_HINT,
    support_urls: frozenset[str] | None = None,
) -> list[RenderableType]:
    """Lede, divider, body or hidden notice, availability and footer.

    With ``support_urls`` (the config's support links), the support footer below a cut
    starts at its first support link: trailing link lines before it (a last "as the wiki
    says https://…" line) are hidden with the rest of what follows the cut, and those after
    it (the author's Bluesky, under Patreon) are the footer's.
    """
    parts = review.parts
    refs = references(escape_controls(review.body))
    last = len(review.lines)
    footer = _footer_lines(parts)
    items: list[RenderableType | None] = []
    inline = inline_cuts(review, parts)
    warned = uncut_warning(review, parts)
    links = parts.links
    strange: list[Block] = []  # footer blocks with lines before the first support link
    if support_urls is not None and not spoilers and (parts.cut or inline or warned):
        first = next(
            (i for i, link in enumerate(links) if _supports(_address(link.url), support_urls)),
            len(links),
        )
        links = links[first:]
        linked = {link.line for link in links}
        strange = [b for b in parts.footer if not linked.issuperset(range(b.start, b.end + 1))]

    folded = None if spoilers else f"hidden; {hint}"  # <details> stay folded, as in a browser

    # with spoilers shown, a note the lede marks is printed under it, wherever it is written
    # (a part is parsed on its own: one written below the cut had no mark to follow)
    notes = (
        footnotes(review.lines, review.body_line, last) if spoilers and "[^" in review.body else {}
    )

    def section(
        first: int, end: int, blank: frozenset[int] = frozenset(), shared: dict[str, Any] = refs
    ) -> None:
        for start, stop, table in _pieces(parts, first, end):
            source = _source(review, start, stop, blank)
            if notes and (wanted := notes_for(source, notes, start, stop + 1, None)):
                source += "\n" + escape_controls("\n".join(wanted))
            blocks = sum(1 for b in parts.blocks if start <= b.start <= stop)
            if table or blocks > PLAIN_BLOCKS or len(source) > PLAIN_CHARS:
                what = "table" if table else "text"
                items.append(PlainText(source.split("\n"), what))
                continue
            items.append(markdown(source, refs=shared, hyperlinks=hyperlinks, details_hint=folded))

    def hide_from(first: int) -> None:
        """What follows line ``first`` - 1 up to the footer: hidden, but for the closing
        availability line (no spoiler), as below a cut."""
        footer_start = parts.footer[0].start if parts.footer else last + 1
        below = [
            b
            for b in parts.blocks
            if first <= b.start < footer_start and b.kind is not Kind.COMMENT
        ]
        shown = availability(parts, below)
        items.append(hidden_notice([b for b in below if b is not shown] + strange, hint))
        if shown is not None:
            section(shown.start, shown.end)

    def above(line: int) -> dict[str, Any]:
        """The link definitions above ``line``: the lede's (one below may name a spoiler)."""
        return references(_source(review, review.body_line, line - 1, frozenset()))

    cut = parts.cut
    if inline and not spoilers:
        # a marker that shares its line (SP007): no cut to reviewctl, but the blog cuts
        # there; hidden from its block on, as nothing after a cut may show
        block = inline[0].block
        section(review.body_line, block.start - 1, shared=above(block.start))
        items.append(Text(INLINE_CUT_NOTE.format(line=inline[0].line), style="dim italic"))
        hide_from(block.start)
    elif cut is None and not spoilers and warned and warned < review.body_line:
        items.append(Text(FLAGGED_NOTE.format(line=warned), style="dim italic"))
        hide_from(review.body_line)
    elif cut is None and not spoilers and warned:
        # "I finished it! … More spoilers below the cut.": a promise that ends the lede's
        # line is shown with it (as the site shows that paragraph), when nothing follows it
        ends = promise_ends_line(review.lines[warned - 1])
        section(review.body_line, warned if ends else warned - 1, shared=above(warned + ends))
        items.append(Text(UNCUT_WARNING_NOTE.format(line=warned), style="dim italic"))
        items.append(divider(warning_text(review)))
        hide_from(warned + 1)
    elif cut is None:
        items.append(Text(NO_CUT_NOTE, style="dim italic"))
        section(review.body_line, last, footer)
    else:
        warning = frozenset({parts.warning.start}) if parts.warning else frozenset()
        # the lede sees only the definitions above the cut (one below may name a spoiler),
        # unless spoilers are shown anyway
        section(review.body_line, cut.start - 1, warning, refs if spoilers else above(cut.start))
        items.append(divider(warning_text(review)))
        if spoilers:
            section(cut.end + 1, last, footer)
        else:
            hide_from(cut.end + 1)
    if links:
        items.append(support(links, review.lines))
    return [item for item in items if item is not None]


def _pieces(parts: Parts, first: int, end: int) -> list[tuple[int, int, bool]]:
    """Lines ``first``..``end`` as ``(start, stop, table)`` runs: a table of more than
    :data:`PLAIN_TABLE_LINES` lines is a run of its own (``table``), shown as text."""
    pieces: list[tuple[int, int, bool]] = []
    start = first
    for block in parts.blocks:
        if (
            block.kind is Kind.TABLE
            and block.end - block.start >= PLAIN_TABLE_LINES
            and start <= block.start
            and block.end <= end
        ):
            if block.start > start:
                pieces.append((start, block.start - 1, False))
            pieces.append((block.start, block.end, True))
            start = block.end + 1
    if start <= end or not pieces:
        pieces.append((start, end, False))
    return pieces


class PlainText:
    """Huge Markdown (a long table, thousands of blocks), shown as its source lines (folded
    at the width) under a note; ``lines`` are already escaped.

    Laying out a table of a hundred thousand rows takes Rich (and markdown-it, parsing it)
    minutes; its lines are written directly instead, which takes well under a second.
    """

    def __init__(self, lines: list[str], what: str = "text") -> None:
        self.lines = lines
        self.what = what

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        rows = len(self.lines)
        note = f"{rows:,} lines of {self.what}, too long to lay out, shown as written:"
        yield Text(note, style="dim italic")
        newline = Segment.line()
        for line in self.lines:
            if len(line) <= width and line.isascii():
                yield Segment(line)
            else:
                for number, piece in enumerate(chop_cells(line, width) or [""]):
                    if number:
                        yield newline
                    yield Segment(piece)
            yield newline


def _source(review: Review, first: int, end: int, blank: frozenset[int]) -> str:
    """File lines ``first``..``end`` as Markdown; lines in ``blank`` left empty."""
    return escape_controls(
        "\n".join(
            "" if number in blank else review.lines[number - 1]
            for number in range(max(first, 1), min(end, len(review.lines)) + 1)
        )
    )


def _footer_lines(parts: Parts) -> frozenset[int]:
    return frozenset(n for b in parts.footer for n in range(b.start, b.end + 1))


def warning_text(review: Review) -> str:
    """The review's own warning line, else the configured one."""
    parts = review.parts
    if parts.warning is not None:
        line = review.slice(parts.warning).strip().strip("*_").strip()
        if line:
            return escape_controls(line, "")
    return escape_controls(review.markers.warning.strip(), "")


def divider(label: str) -> Rule:
    return Rule(Text(f"✂ {label}", style="bold yellow"), characters="╌", style="yellow")


def availability(parts: Parts, below: list[Block]) -> Block | None:
    """The availability line, when it is the last of the blocks ``below`` the cut, before
    the footer, and says no more than where the work is: no spoiler. A paragraph that
    names a store in passing ("I played it on Steam, and the final boss…") stays hidden."""
    shown = parts.availability
    if shown is None or not below or below[-1] is not shown:
        return None
    words = count_words(shown.text)
    if words <= _STORE_LINE or (words <= _SENTENCE and says_available(shown.text, by_store=False)):
        return shown
    return None


#: the most words of a line that only names where the work is ("$10 on itch.io, or Steam"),
#: and of one that says so in a sentence ("It is available to stream on …")
_STORE_LINE, _SENTENCE = 12, 30


def hidden_notice(hidden: list[Block], hint: str) -> Text:
    words = sum(count_words(b.text) for b in hidden)
    if words:
        what = f"{words:,} word{'' if words == 1 else 's'} hidden"
    elif hidden:
        what = f"{len(hidden)} block{'' if len(hidden) == 1 else 's'} hidden"
    else:
        return Text("Nothing below the cut.", style="dim italic")
    return Text(f"{what}; {hint}", style="italic yellow")


def support(links: list[Link], source: list[str]) -> Group:
    """The support footer: one line per link, the address a terminal hyperlink.

    ``source`` is the file's lines: a label keeps its colon only where the author wrote one
    ("Patreon: https://…", but "Watch me on https://…").
    """
    lines: list[RenderableType] = [Text("Support", style="bold")]
    for link in links:
        url = escape_controls(link.url, "")
        target = url if re.match(r"[a-z][a-z0-9+.-]*:", url, re.I) else f"https://{url}"
        line = Text("• ")
        if link.label:
            before = (
                source[link.line - 1][: link.column - 1] if 0 < link.line <= len(source) else ""
            )
            label = escape_controls(link.label, "")
            line.append(label + (": " if before.rstrip().endswith(":") else " "))
        line.append(url, style=Style(color="cyan", underline=True, link=target))
        lines.append(line)
    return Group(*lines)


class Separator:
    """A heavy rule naming the review that follows; the name on its own line if too long.

    A file name with control characters is shown as its ``repr``."""

    def __init__(self, label: str) -> None:
        self.label = display_name(label)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = "bold"
        if cell_len(self.label) + 6 <= options.max_width:
            yield Rule(Text(self.label, style=style), characters="━", style=style)
        else:
            yield Rule(characters="━", style=style)
            yield Text(self.label, style=style, overflow="fold")
