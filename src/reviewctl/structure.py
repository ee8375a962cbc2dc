"""Locate the house parts of a review body: blocks, the cut, warning, lede, footer, ….

A line scanner rather than a full Markdown parse: it knows enough CommonMark (fences,
indented code, HTML blocks and comments, headings, lists, quotes) to keep code out of prose,
and it is fast enough to run over ten thousand files in well under a second.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, Protocol

from reviewctl import textscan
from reviewctl.availability import STORE_BLOCKS, says_available, sends_to_store
from reviewctl.prose import count_words

if TYPE_CHECKING:
    from reviewctl.markers import Markers


class Source(Protocol):
    """What the scan reads of a review (a :class:`~reviewctl.model.Review`)."""

    @property
    def lines(self) -> list[str]: ...
    @property
    def readable(self) -> bool: ...

    text: str

    body_line: int
    markers: Markers

    @property
    def spoiler_flag(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Region:
    """A run of lines in the file, ``start`` to ``end`` inclusive."""

    start: int
    end: int


class Kind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    CODE = "code"
    HTML = "html"
    COMMENT = "comment"
    CUT = "cut"
    LIST = "list"
    QUOTE = "quote"
    TABLE = "table"
    RULE = "rule"


PROSE_KINDS = frozenset({Kind.PARAGRAPH, Kind.HEADING, Kind.LIST, Kind.QUOTE, Kind.TABLE})


class Block(NamedTuple):
    """A Markdown block: ``start``..``end`` are file lines; ``lines`` its raw lines.

    A named tuple rather than a frozen dataclass: a review has dozens of blocks, and a frozen
    dataclass's ``__init__`` costs several times more to build.
    """

    kind: Kind
    start: int
    end: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def region(self) -> Region:
        return Region(self.start, self.end)

    def prose(self) -> list[tuple[int, str]]:
        """``(file line, text)`` pairs with inline code blanked out, columns preserved."""
        if self.kind not in PROSE_KINDS:
            return []
        masked = mask_inline_code(self.text).split("\n")
        return [(self.start + i, line) for i, line in enumerate(masked)]


@dataclass(frozen=True, slots=True)
class Link:
    """A link line of the support footer."""

    label: str
    url: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Image:
    """An image: Markdown ``![alt](src)`` or an HTML ``<img>``; ``alt`` is its caption."""

    alt: str
    src: str
    line: int
    column: int
    #: an HTML ``<img alt="">`` (or bare ``alt``): marked as decorative on purpose
    decorative: bool = False


@dataclass(slots=True)
class Parts:
    """The located house parts; every region is in file lines."""

    blocks: list[Block] = field(default_factory=list)
    cuts: list[Block] = field(default_factory=list)
    warning: Region | None = None
    lede: list[Block] = field(default_factory=list)
    spoilers: list[Block] = field(default_factory=list)
    availability: Block | None = None
    verdict: Block | None = None
    footer: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)

    @property
    def cut(self) -> Block | None:
        return self.cuts[0] if self.cuts else None

    @property
    def footer_region(self) -> Region | None:
        return Region(self.footer[0].start, self.footer[-1].end) if self.footer else None

    def lede_words(self) -> int:
        return sum(count_words(b.text) for b in self.lede)


# -- block scanner --------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_QUOTE = re.compile(r"^ {0,3}>")
_HTML = re.compile(r"^ {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_BACKTICKS = re.compile(r"`+")
_NOT_NEWLINE = re.compile(r"[^\n]")


def code_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the inline code spans in ``text``, backticks included.

    CommonMark's rule, in linear time: a run of backticks opens a span that the next run of
    exactly the same length closes; a run with no such partner is literal text. A backslash
    before a run (outside a span) escapes its first backtick. Each run is looked at once, and
    the next run of a length is found by a pointer that only moves forward.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    cursor = dict.fromkeys(by_length, 0)
    spans: list[tuple[int, int]] = []
    index, count = 0, len(runs)
    while index < count:
        start, end = runs[index]
        slashes = 0
        while start - slashes > 0 and text[start - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2:
            start += 1  # an escaped backtick is literal; the rest of the run may still open
        length = end - start
        closer = None
        if length:
            same = by_length.get(length, ())
            at = cursor.get(length, 0)
            while at < len(same) and same[at] <= index:
                at += 1
            cursor[length] = at
            if at < len(same):
                closer = same[at]
        if closer is None:
            index += 1
            continue
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return spans


def mask_inline_code(text: str) -> str:
    """Blank out inline code spans (keeping newlines and columns) so rules skip them."""
    if "`" not in text:  # fast path: no code span possible
        return text
    out: list[str] = []
    last = 0
    for start, end in code_spans(text):
        out.append(text[last:start])
        out.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


_INLINE_COMMENT = re.compile(r"<!--.*?-->", re.S)  # unclosed, it is text on the page


def mask_comments(text: str) -> str:
    """Blank out HTML comments inside a block (keeping newlines and columns): a reader never
    sees them, so no rule reads them as text."""
    if "<!--" not in text:
        return text
    return _INLINE_COMMENT.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group(0)), text)


def scan_blocks(lines: list[str], first_line: int, cut_pattern: re.Pattern[str]) -> list[Block]:
    """Split body ``lines`` (starting at file line ``first_line``) into blocks."""
    blocks: list[Block] = []
    append = blocks.append
    i, n = 0, len(lines)
    setext = _SETEXT.match
    paragraph = Kind.PARAGRAPH
    new = tuple.__new__  # Block(...) without the named tuple's Python-level __new__

    after_blank = True
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            after_blank = True
            continue
        # fast path: a letter in column 1 can only start a paragraph
        letter = line[0].isalpha()
        if not letter and not line.strip():
            i += 1
            after_blank = True
            continue
        start = i
        if letter:
            kind = paragraph
            i += 1
            while i < n:
                following = lines[i]
                if not following:
                    break
                if not following[0].isalpha():  # a letter first neither interrupts nor underlines
                    if not following.strip() or _interrupts(following, kind):
                        break
                    if setext(following):
                        kind = Kind.HEADING
                        i += 1
                        break
                i += 1
            append(
                new(Block, (kind, first_line + start, first_line + i - 1, tuple(lines[start:i])))
            )
            after_blank = False
            continue
        fence = _FENCE_OPEN.match(line)
        if fence:
            marker = fence.group(1)
            close = _fence_close(marker[0], len(marker))
            i += 1
            while i < n and not close(lines[i]):
                i += 1
            i = min(i + 1, n)
            kind = Kind.CODE
        elif _INDENTED.match(line) and after_blank and not _continues_list(blocks, first_line + i):
            while i < n and (_INDENTED.match(lines[i]) or not lines[i].strip()):
                i += 1
            while i > start and not lines[i - 1].strip():
                i -= 1
            kind = Kind.CODE
        elif _COMMENT_OPEN.match(line):
            while i < n and "-->" not in lines[i]:
                i += 1
            i = min(i + 1, n)
            kind = Kind.CUT if cut_pattern.fullmatch(lines[start].strip()) else Kind.COMMENT
        elif cut_pattern.fullmatch(line.strip()):  # a marker of another kind: {{< more >}}
            i += 1
            kind = Kind.CUT
        elif _HEADING.match(line):
            i += 1
            kind = Kind.HEADING
        elif _RULE.match(line):
            i += 1
            kind = Kind.RULE
        else:
            kind = _container_kind(line)
            i += 1
            while i < n and lines[i].strip() and not _interrupts(lines[i], kind):
                if kind is paragraph and setext(lines[i]):
                    kind = Kind.HEADING
                    i += 1
                    break
                i += 1
        append(new(Block, (kind, first_line + start, first_line + i - 1, tuple(lines[start:i]))))
        after_blank = False
    return blocks


@lru_cache(maxsize=64)
def _fence_close(char: str, length: int) -> Callable[[str], re.Match[str] | None]:
    """The ``match`` of the line that closes a fence opened with ``length`` × ``char``."""
    return re.compile(rf"^ {{0,3}}{re.escape(char)}{{{length},}}[ \t]*$").match


def _container_kind(line: str) -> Kind:
    if _LIST.match(line):
        return Kind.LIST
    if _QUOTE.match(line):
        return Kind.QUOTE
    if _HTML.match(line):
        return Kind.HTML
    if line.lstrip().startswith("|"):
        return Kind.TABLE
    return Kind.PARAGRAPH


def _interrupts(line: str, kind: Kind) -> bool:
    """Whether ``line`` ends the current block without a blank line before it."""
    if kind is Kind.HTML:
        return False
    if _FENCE_OPEN.match(line) or _HEADING.match(line) or _COMMENT_OPEN.match(line):
        return True
    if kind is Kind.PARAGRAPH:
        return bool(_QUOTE.match(line) or (_RULE.match(line) and not _SETEXT.match(line)))
    return False


def _continues_list(blocks: list[Block], line: int) -> bool:
    """An indented line right after a list (one blank line apart) continues the list item."""
    return bool(blocks) and blocks[-1].kind is Kind.LIST and blocks[-1].end >= line - 2


# -- house parts ----------------------------------------------------------------------------

# a footer line's bare link: a web address, or an e-mail one (``Email me: mailto:…``)
# (``https:/x`` with a slash short too: SL003 reports it as written, whole)
_URL = re.compile(r"https?:/{1,3}[^\s<>()\[\]]+|\b(?:www\.|mailto:)[^\s<>()\[\]]+", re.I)
# The destinations are possessive (``*+``): giving characters back never helps them match,
# and trying to made a failing line of links quadratic (see textscan.Tail).
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]++)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
# a destination in angle brackets may hold spaces and parentheses (``![A still](<img/ferry
# shot (1).jpg>)``), which _MD_IMAGE's stops at; read apart, only where the line has one
_MD_IMAGE_ANGLE = re.compile(r"!\[([^\]\n]*)\]\(\s*<([^<>\n]*+)>(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_DESTINATION_STOP = re.compile(r"[)\s>]")
_LINK_TAIL = textscan.Tail(_DESTINATION_STOP, re.compile(r">?(?:\s+\"[^\"]*\")?\s*\)"))
_IMAGE_TAIL = textscan.Tail(_DESTINATION_STOP, re.compile(r">?(?:\s+[\"'][^\"']*[\"'])?\s*\)"))
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"""\b(alt|src)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""", re.I)
AVAILABILITY_KINDS = (Kind.PARAGRAPH, Kind.LIST, Kind.HTML, Kind.QUOTE)


_VERDICT = re.compile(r"verdict|final thoughts|conclusion|in summary|bottom line|overall", re.I)
_EMPHASIS = re.compile(r"[*_~]+")


# (?<![^\W_]) and (?![^\W_]) are \b that takes "_" for punctuation: "__SPOILERS START__"
_PROMISE = re.compile(
    r"(?<![^\W_])spoilers?\s+(?:below|ahead|follow(?:s|ing)?|after\s+this"
    r"|(?:beyond|past)\s+this(?:\s+point)?|from\s+here(?:\s+on(?:wards?)?)?)(?![^\W_])"
    r"|(?:^|[:!.]\s)[\W_]*(?<![^\W_])(?:spoiler\s+(?:warning|alert)|warning[,:!]?\s+spoilers?"
    r"|spoilers?\s+(?:start|begin)s?)(?![^\W_])",
    re.I,
)
# "no (major) spoilers ahead", "not a spoiler alert", "spoiler-free": a promise of none
_DENIAL = re.compile(r"\b(?:no|not|without|zero|free\s+of)\b[^.!?;:]*$|spoiler[- ]free", re.I)


def mentions_spoilers(text: str) -> int:
    """How often ``text`` says "spoiler" (or "SPOILER"), counted in C with no lowered copy
    of the text, before :func:`spoiler_promise` looks closer."""
    return text.count("poiler") + text.count("POILER")


def spoiler_promise(line: str) -> re.Match[str] | None:
    """Where ``line`` promises that spoilers follow ("Spoilers below", "**Spoiler
    warning:** …"), if it does; a line that promises none ("no major spoilers ahead", "I
    hate a spoiler warning") does not."""
    match = _PROMISE.search(line)
    if match is None or _DENIAL.search(
        line, 0, match.start() + match.group(0).lower().find("spoiler")
    ):
        return None
    return match


def promise_ends_line(line: str) -> bool:
    """Whether ``line`` ends with its promise of spoilers ("… More spoilers below the cut."),
    after text of its own: nothing but "the cut" and closing marks follow it. Such a line is
    the lede's last, shown with it; any other line that promises is hidden with what follows."""
    promise = spoiler_promise(line)
    return (
        promise is not None
        and _WORD.search(line, 0, promise.start()) is not None
        and _PROMISE_TAIL.fullmatch(line, promise.end()) is not None
    )


def promise_is_all(line: str) -> bool:
    """Whether ``line`` says nothing after its promise of spoilers ("**Spoiler warning:**",
    "Spoilers below the cut."): a divider's text, not "Spoiler warning: the hero dies"."""
    promise = spoiler_promise(line)
    return promise is not None and _PROMISE_TAIL.fullmatch(line, promise.end()) is not None


_WORD = re.compile(r"\w")
_PROMISE_TAIL = re.compile(r"\s*(?:the\s+(?:cut|fold|break|jump))?[\s.!…:*_)\]\"'’”]*", re.I)


#: The blocks a spoiler warning is written in.
WARNING_KINDS = (Kind.PARAGRAPH, Kind.HEADING, Kind.LIST, Kind.QUOTE)


def uncut_warning(review: Source, parts: Parts) -> int | None:
    """The line of the spoiler warning in a review with no cut (not even one sharing its
    line): the configured warning, or a line that promises spoilers (as SP006 finds them)
    with no folded ``<details>`` block after it. The author promised that what follows is
    spoilers and forgot the marker: ``show`` and ``search`` hide what follows it, as they
    would below the cut. In a review whose front matter marks it all spoilers
    (``spoiler: true``), that line: the whole text follows it."""
    if parts.cuts:
        return None
    if (flag := review.spoiler_flag) is not None:
        return flag
    warning = _normalized_marker(review.markers.warning)
    blocks = [b for b in parts.blocks if b.kind is not Kind.COMMENT]
    for index, block in enumerate(blocks):
        if block.kind not in WARNING_KINDS:
            continue
        configured = warning and block.kind is Kind.PARAGRAPH
        if not configured and not mentions_spoilers(block.text):
            continue
        for number, line in block.prose():
            if configured and normalize_line(line) == warning:
                return number
            if mentions_spoilers(line) and spoiler_promise(line):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if following is None or not following.text.lstrip().lower().startswith("<details"):
                    return number
                break
    return None


@lru_cache(maxsize=16)
def cut_pattern(marker: str) -> re.Pattern[str]:
    """The configured cut, plus the spaced ``<!-- more -->`` form of any HTML comment marker
    and WordPress's ``<!--more Continue reading-->`` (the link's text) of ``<!--more-->``."""
    inner = re.fullmatch(r"<!--\s*(.*?)\s*-->", marker.strip())
    if inner:
        plain = rf"<!--\s*{re.escape(inner.group(1))}\s*-->"
        if inner.group(1).lower() == "more":  # WordPress's <!--more Read on-->, no space first
            return re.compile(rf"{plain}|<!--more[ \t][^\n]*?-->", re.I)
        return re.compile(plain, re.I)
    return re.compile(re.escape(marker.strip()))


def normalize_line(text: str) -> str:
    """A line compared loosely: emphasis markers and spacing dropped, case folded, and an
    accent typed as its own character (``u`` + U+0308) the same as one written whole."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(_EMPHASIS.sub("", text).split()).casefold()


def locate(review: Source, *, verdict: bool = True) -> Parts:
    """Every house part of ``review``; ``verdict=False`` leaves :attr:`Parts.verdict` unset
    for callers that never read it (``lint``)."""
    parts = locate_sections(review)
    blocks = parts.blocks
    footer_start = parts.footer[0].start if parts.footer else math.inf
    body = [
        b
        for b in blocks
        if b.start < footer_start and b.kind is not Kind.COMMENT and b.kind is not Kind.CUT
    ]
    parts.availability = next(
        (
            b
            for n, b in enumerate(reversed(body))
            if b.kind in AVAILABILITY_KINDS and says_available(b.text, by_store=n < STORE_BLOCKS)
        ),
        None,
    )
    if verdict:
        parts.verdict = _locate_verdict(body, parts)
    parts.images = _images(blocks)
    return parts


def locate_sections(review: Source) -> Parts:
    """Only the blocks, the cut, lede, warning, spoilers and footer (with its links).

    The cheaper half of :func:`locate`, for callers that split a review at the cut and need
    neither the availability line, the verdict nor the images (``export``).
    """
    lines = review.lines[review.body_line - 1 :] if review.readable else []
    blocks = scan_blocks(lines, review.body_line, cut_pattern(review.markers.cut))
    parts = Parts(blocks=blocks)
    parts.cuts = cuts = [b for b in blocks if b.kind is Kind.CUT]
    content = [b for b in blocks if b.kind is not Kind.COMMENT and b.kind is not Kind.CUT]
    _locate_footer(parts, content)
    if cuts:
        cut_line = cuts[0].start
        parts.lede = [b for b in content if b.end < cut_line]
        footer_start = parts.footer[0].start if parts.footer else math.inf
        parts.spoilers = [b for b in content if cut_line < b.start < footer_start]
        _locate_warning(parts, _normalized_marker(review.markers.warning))
    return parts


class InlineCut(NamedTuple):
    """A cut marker that is no cut to reviewctl (see :func:`inline_cuts`)."""

    block: Block  # the block that holds it
    line: int
    column: int
    marker: str  # as written


def inline_cuts(review: Source, parts: Parts) -> list[InlineCut]:
    """Cut markers that are no cut to reviewctl but where a blog's generator cuts: sharing a
    line with text, or inside a quote or an HTML block, outside code, and above the cut (a
    generator cuts at the first marker; one below the cut changes nothing).

    One scan of the review's text finds the markers; in the usual review the only one is
    the cut itself.
    """
    text = review.text
    pattern = cut_pattern(review.markers.cut)
    below = parts.cuts[0].start if parts.cuts else math.inf
    found = []
    for match in pattern.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        if number >= below:
            break
        block = next((b for b in parts.blocks if b.start <= number <= b.end), None)
        if block is None or block.kind is Kind.CODE:
            continue  # front matter (Jekyll's excerpt_separator), or code
        inline = pattern.search(mask_inline_code(review.lines[number - 1]))
        if inline is not None:  # else: in inline code
            found.append(InlineCut(block, number, inline.start() + 1, inline.group(0)))
    return found


@lru_cache(maxsize=16)
def _normalized_marker(marker: str) -> str:
    return normalize_line(marker)


def _locate_warning(parts: Parts, warning: str) -> None:
    """The warning is the last line of the last block above the cut, when it matches."""
    if not parts.lede:
        return
    last = parts.lede[-1]
    if normalize_line(last.lines[-1]) != warning:
        return
    parts.warning = Region(last.end, last.end)
    if len(last.lines) == 1:
        parts.lede.pop()
    else:  # the warning shares a paragraph with the lede's last lines
        parts.lede[-1] = Block(last.kind, last.start, last.end - 1, last.lines[:-1])


_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_TRAILER = " \t.,;:!?)*_>"
_HARD_BREAK = re.compile(r"[ \t]*(?:\\|<br\s*/?>)\Z", re.I)


# a blog's footer lines are the same in every review: read once (bench_instructions: lint
# 3.5 % fewer instructions a review)
@lru_cache(maxsize=1024)
def _link_parts(line: str) -> tuple[str, str, int] | None:
    """``(label, url, column)`` of a footer line: a label and a link that ends the line
    (``Label: https://…``). A link in the middle of prose, a parenthesised aside and a
    reference definition (``[name]: https://…``, invisible on the page) are not footer
    lines."""
    if not (
        "://" in line or "www." in line or "ailto:" in line or "AILTO:" in line
    ) or line.lstrip().startswith("("):
        return None
    if line.endswith(("\\", ">")):  # a hard line break after the link ends the line
        line = _HARD_BREAK.sub("", line)
    if "[" in line:
        if _REF_DEF.match(line):
            return None
        match = textscan.search(_MD_LINK, line, "[", "]", shared_tail=True, tail=_LINK_TAIL)
        if match and match.start() and line[match.start() - 1] == "!":
            return None  # an image, not a link
        if match and match.group(2).lower().startswith(("http", "www.", "mailto:")):
            if line[match.end() :].strip(_TRAILER):
                return None
            label = (line[: match.start()] + match.group(1)).strip()
            return _clean_label(label), match.group(2), match.start(2) + 1
    url = _URL.search(line)
    if url is None or line[url.end() :].strip(_TRAILER):
        return None
    label = line[: url.start()].strip()
    return _clean_label(label), url.group(0).rstrip(".,;:!?'\""), url.start() + 1


_LIST_MARK = re.compile(r"^[-*+]\s+|^\d+[.)]\s+")


def _clean_label(label: str) -> str:
    if label[:1] in "-*+0123456789":
        label = _LIST_MARK.sub("", label)
    return label.strip(" \t:–—-<>*_").strip()


def _locate_footer(parts: Parts, content: list[Block]) -> None:
    """The trailing blocks whose every line is a link line (``Label: https://…``)."""
    footer: list[Block] = []
    links: list[Link] = []
    cut_line = parts.cut.start if parts.cut else 0
    for block in reversed(content):
        if block.start < cut_line or block.kind not in (Kind.PARAGRAPH, Kind.LIST):
            break
        if "[" in block.text and all(_REF_DEF.match(line) for line in block.lines):
            continue  # reference definitions render as nothing
        found = [_link_parts(line) for line in block.lines]
        if not all(found) or (
            len(found) == 1
            and says_available(block.text, by_store=False)
            and sends_to_store(block.text)
        ):
            break  # "… is currently available on [Crunchyroll](…)." is no support link
        footer.insert(0, block)
        links[:0] = [
            Link(link[0], link[1], block.start + i, link[2])
            for i, link in enumerate(found)
            if link is not None
        ]
    parts.footer = footer
    parts.links = links


def _locate_verdict(body: list[Block], parts: Parts) -> Block | None:
    """A heading like "Verdict" (and the paragraph after it), else the last body paragraph."""
    cut_line = parts.cuts[0].start if parts.cuts else None
    after_cut = body if cut_line is None else [b for b in body if b.start > cut_line]
    for index, block in enumerate(after_cut):
        if block.kind is Kind.HEADING and _VERDICT.search(block.text):
            following = after_cut[index + 1 : index + 2]
            return following[0] if following else block
    paragraphs = [b for b in after_cut if b.kind is Kind.PARAGRAPH and b is not parts.availability]
    return paragraphs[-1] if paragraphs else None


def _images(blocks: list[Block]) -> list[Image]:
    images: list[Image] = []
    for block in blocks:
        # fast path: no image possible ("<" and "!" are found by memchr; "![" is not)
        lines = block.lines
        text = lines[0] if len(lines) == 1 else "\n".join(lines)
        if "<" not in text and ("!" not in text or "![" not in text):
            continue
        for number, line in block.prose() or _html_lines(block):
            spans: list[tuple[int, int]] = []
            found: list[Image] = []
            if "](" in line and "<" in line:  # ``(<a b(1).jpg>)``: read whole, first
                for match in textscan.finditer(_MD_IMAGE_ANGLE, line, "![", "]", shared_tail=True):
                    src, column = match.group(2), match.start() + 1
                    found.append(Image(match.group(1).strip(), src, number, column))
                    spans.append(match.span())
            for match in textscan.finditer(
                _MD_IMAGE, line, "![", "]", shared_tail=True, tail=_IMAGE_TAIL
            ):
                if spans and any(a <= match.start() < b for a, b in spans):
                    continue
                found.append(
                    Image(match.group(1).strip(), match.group(2), number, match.start() + 1)
                )
                spans.append(match.span())
            if len(found) > 1:
                found.sort(key=lambda image: image.column)
            images.extend(found)
            for match in textscan.finditer(_HTML_IMG, line, "<", ">", shared_tail=False):
                if any(a < match.start() < b for a, b in spans):
                    continue  # ``![…](<img/a b.jpg>)``: a destination, not a tag
                attrs: dict[str, str] = {}
                for a in _ATTR.finditer(match.group(0)):
                    attrs.setdefault(
                        a.group(1).lower(), a.group(2) or a.group(3) or a.group(4) or ""
                    )
                alt = attrs.get("alt")
                images.append(
                    Image(
                        (alt or "").strip(),
                        attrs.get("src", ""),
                        number,
                        match.start() + 1,
                        decorative=alt is not None and not alt.strip(),
                    )
                )
    return images


def _html_lines(block: Block) -> list[tuple[int, str]]:
    return (
        [(block.start + i, line) for i, line in enumerate(block.lines)]
        if block.kind is Kind.HTML
        else []
    )


_NOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_START = re.compile(r" {0,3}\[\^([^\]\s]+)\]:")


def footnotes(lines: list[str], first: int, end: int) -> dict[str, tuple[int, list[str]]]:
    """Each footnote written between lines ``first`` and ``end``: its label → its first
    line and its lines (the definition and the indented lines that continue it)."""
    notes: dict[str, tuple[int, list[str]]] = {}
    label = ""
    for number in range(first, min(end, len(lines)) + 1):
        line = lines[number - 1]
        start = _NOTE_START.match(line)
        if start is not None:
            label = start[1].lower()
            notes.setdefault(label, (number, []))[1].append(line)
        elif label and (line.startswith(("    ", "\t")) or not line.strip()):
            notes[label][1].append(line)
        else:
            label = ""
    return notes


def notes_for(
    source: str, notes: dict[str, tuple[int, list[str]]], start: int, end: int, cut: int | None
) -> list[str]:
    """The lines of the footnotes ``source`` (lines ``start`` to ``end``) marks that are
    written outside it, above ``cut`` if the part is the lede's (ends before the cut)."""
    wanted: list[str] = []
    for mark in dict.fromkeys(m[1].lower() for m in _NOTE_MARK.finditer(source)):
        found = notes.get(mark)
        if found is None or start <= found[0] < end:
            continue
        if cut is not None and end <= cut and found[0] >= cut:
            continue  # the lede never shows a note from below the cut
        wanted += ["", *found[1]]
    return wanted
