"""What of a review the full-text search indexes: its title, work and tags, the lede as
it is read, and the text below the cut (with what ``show`` folds away), kept apart so that a
snippet never shows it unasked.

Only a search that has files to read again imports this (and the structure scan behind it).
"""

from __future__ import annotations

import html
import os
import re
import zlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reviewctl import templatetags
from reviewctl.cjk import spaced
from reviewctl.facts import medium_facts
from reviewctl.folding import folded_spans, unfolded
from reviewctl.prose import without_tags
from reviewctl.structure import Block, inline_cuts, promise_ends_line, uncut_warning

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.model import Review


@dataclass(frozen=True, slots=True)
class Doc:
    """What the search index holds of one review."""

    path: str
    medium: str
    status: str
    title: str
    work: str
    tags: str
    lede: str
    below: str
    error: str = ""
    #: ``below`` deflated, as the index keeps it, by the worker that read the review
    #: (bench_index, cold search of 10,000 reviews: 2.7-3.1 s → 2.4 s with the 1.4 s of
    #: compressing spread over the workers instead of done in the parent)
    packed: bytes = b""


# What a reader never sees: tags and their attributes (a tag has a name: "I <3 it" and
# "Stark > Himmel" are text), a link's address and reference definitions, bold's marks (a
# snippet marks its matches with them). Each pattern starts with a literal character, which
# the regex engine looks for first: one alternation of them tried every character (cold
# search of bench_index's 10,000 reviews: 2.5 s → 4.2 s).
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_BOLD = re.compile(r"\*\*|__")
_HEADING_MARKS = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)", re.M)
# Invisible inside a word (a soft hyphen, a zero-width space): "twenty\u00adminute" is
# the word "twentyminute" a reader sees
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"


def _visible(text: str) -> str:
    """``text`` without :data:`_INVISIBLE` characters; looked for first (``in`` is memchr),
    since ``str.translate`` runs at a twentieth of that speed on any text not ASCII."""
    if text.isascii() or not any(c in text for c in _INVISIBLE):
        return text
    for c in _INVISIBLE:
        text = text.replace(c, "")
    return text


def _bold_mark(match: re.Match[str]) -> str:
    """A bold mark beside a word goes; "****" (four stars, a rating) stays."""
    text, start, end = match.string, match.start(), match.end()
    beside = text[start - 1 : start].isalnum() or text[end : end + 1].isalnum()
    return "" if beside else match.group(0)


def _as_read(text: str) -> str:
    """``text`` as it is read: no HTML tags, link addresses, heading or bold marks to
    search, no invisible characters inside words, and ``&lt;`` as the ``<`` it shows."""
    if "<" in text:
        text = without_tags(text)
    if "&" in text:
        text = html.unescape(text)
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    if "]:" in text:
        text = _REFERENCE.sub("", text)
    if "**" in text or "__" in text:
        text = _BOLD.sub(_bold_mark, text)
    if "#" in text:
        text = _HEADING_MARKS.sub("", text)
    return _visible(text)


def _as_shown(text: str) -> str:
    """``text`` with its shortcodes and Liquid tags as a reader sees them (a ``details``
    shortcode folds as ``<details>`` does)."""
    return templatetags.as_markdown(text) if "{{" in text or "{%" in text else text


def _lines(block: Block, first: int, last: int) -> str:
    """The text of ``block``'s file lines ``first``..``last``."""
    return "\n".join(block.lines[max(first - block.start, 0) : last - block.start + 1])


def _unfolded(text: str) -> tuple[str, list[str]]:
    """``text`` without its comments and ``<details>`` elements (:mod:`reviewctl.folding`),
    and the elements, in order: folded text is searched as below the cut, never in a
    snippet of the lede; a comment is the author's note, never searched."""
    spans = folded_spans(text)
    folded = [text[a:b] for a, b in spans if not text.startswith("<!--", a)]
    return unfolded(text, spans=spans), folded


def why(review: Review) -> str:
    """Why a review is not searched: ``12: invalid YAML …`` (its line first, when known)."""
    error = review.error
    if error is None:
        return "unreadable"
    return error.where()


def document(review: Review) -> Doc:
    """The searchable parts of ``review``; the lede never holds text from below the cut."""
    path = os.path.abspath(review.path)
    if not review.ok:
        return Doc(path, "", "", "", "", "", "", "", why(review))
    parts = review.parts
    blocks = [b for b in parts.blocks if b.kind not in ("comment", "cut")]
    inline = inline_cuts(review, parts)
    if inline:  # a marker sharing its line (SP007): below it from its block on, as in show
        start = inline[0].block.start
        lede = [b.text for b in blocks if b.start < start]
        below = [b.text for b in blocks if b.start >= start]
    elif parts.cut is None:
        warned = uncut_warning(review, parts)  # what follows is hidden, as below a cut
        if warned is None:
            lede, below = [b.text for b in blocks], []
        else:  # as show: by line, the warning's with the lede only when it ends that line
            end = warned if promise_ends_line(review.lines[warned - 1]) else warned - 1
            lede = [_lines(b, b.start, end) for b in blocks if b.start <= end]
            below = [_lines(b, end + 1, b.end) for b in blocks if b.end > end]
    else:
        lede = [b.text for b in parts.lede]
        below = [b.text for b in blocks if b.start > parts.cut.end]
    lede_text, below_text = _as_shown("\n\n".join(lede)), _as_shown("\n\n".join(below))
    if "<" in lede_text:  # what show folds or hides is no snippet's: below the cut with it
        lede_text, folded = _unfolded(lede_text)
        below_text = "\n\n".join([*folded, below_text])
    text = spaced(_as_read(below_text))
    lede_text = _as_read(lede_text)
    return Doc(
        path,
        review.medium,
        review.status,
        spaced(_visible(review.title)),
        spaced(_visible(review.work)),
        spaced(_visible(" ".join(review.tags))),
        spaced(lede_text),
        text,
        packed=zlib.compress(text.encode()),
    )


def with_facts(config: Config, review: Review) -> Doc:
    """:func:`document`, its tags followed by the medium's facts (a book's author, its
    ISBN): searched as the tags are."""
    doc = document(review)
    facts = medium_facts(review, config) if review.ok else []
    if not facts:
        return doc
    return replace(doc, tags=spaced(" ".join([doc.tags, *(value for _, value in facts)])))
