"""TX: the review's prose — the work's title spelt right, no placeholders, availability."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Literal

from reviewctl.config import DEFAULT_MEDIA
from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Rule, Severity, register
from reviewctl.structure import AVAILABILITY_KINDS

if TYPE_CHECKING:
    from reviewctl.model import Review

# the combining accents a letter may be typed with (decomposed: "e" + U+0301)
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# a word: letters, each with the accents typed after it
_LETTERS = f"(?:[^\\W_][{_MARKS}]*)+"
_TOKEN = re.compile(rf"{_LETTERS}(?:['’]{_LETTERS})*")
# a word of four characters or more that may be capitalised (not lower-case ASCII), its
# accents typed with it or after it; words that start lower-case are skipped in the scan
# itself (a 5 KB review: 90 µs, where taking every word with _TOKEN took 360)
_CAPITALISED = re.compile(rf"\b[^\W\d_a-z][\w'’{_MARKS}]{{3,}}")
_STOPWORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "de", "for", "from", "in", "la", "le", "no", "of", "on",
     "or", "the", "to", "wa", "with")
)  # fmt: skip
# One phrase of the same word count as the title may differ this much (rapidfuzz ratio).
PHRASE_CUTOFF = 75.0


def _is_near_miss(found: list[str], title: list[str]) -> bool:
    """Whether the words ``found`` are a near miss of ``title`` (not the title itself),
    however either types its accents (composed or not)."""
    if not (all(w.isascii() for w in found) and all(w.isascii() for w in title)):
        found = [unicodedata.normalize("NFC", w) for w in found]
        title = [unicodedata.normalize("NFC", w) for w in title]
    a = " ".join(found).casefold()
    b = " ".join(title).casefold()
    if a == b:
        return False
    # plural or possessive of the title is the title
    if a.startswith(b) and a[len(b) :] in ("s", "'s", "’s", "es"):
        return False
    # another entry of a series or another model: "Persona 4" beside "Persona 5"
    differ = [(g, w) for g, w in zip(found, title, strict=True) if g.casefold() != w.casefold()]
    if any(any(c.isdigit() for c in g + w) for g, w in differ):
        return False
    # a near miss of a name is written like one: capitalised where the title is
    for got, want in zip(found, title, strict=True):
        if want[:1].isupper() and not got[:1].isupper():
            return False
    # imported only now, past the cheap checks: most phrases never get here, and a one-file
    # lint is spared the import (11 ms)
    from rapidfuzz import fuzz
    from rapidfuzz.distance import DamerauLevenshtein

    if len(title) == 1:
        limit = 1 if len(b) < 8 else 2
        return len(b) >= 5 and DamerauLevenshtein.distance(a, b) <= limit
    return fuzz.ratio(a, b) >= PHRASE_CUTOFF


def near_misses(text: str, title: str) -> Iterator[tuple[int, str]]:
    """Offsets and text of phrases in ``text`` that nearly spell ``title``.

    A phrase is anchored on a word it shares with the title (so "Magnetic Rouge" is found
    through "Rouge"); a one-word title is compared with every capitalised word instead.
    """
    spans = list(_TOKEN.finditer(title))
    words = [m.group(0) for m in spans]
    if not words:
        return
    n = len(words)
    if n == 1:
        word = words[0]
        if len(word) < 5:
            return
        from rapidfuzz import fuzz, process

        candidates = {c for c in _CAPITALISED.findall(text) if c[:1].isupper()}
        hits = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=70, limit=None)
        for candidate, _score, _index in hits:
            if _is_near_miss([candidate], words):
                alone = rf"(?<!\w){re.escape(candidate)}(?![\w{_MARKS}])"
                for match in re.finditer(alone, text):
                    yield match.start(), candidate
        return
    lower = text.lower()
    if len(lower) != len(text):  # case mapping changed lengths: offsets would drift
        lower = text
    title_lower = title.lower()
    if len(title_lower) != len(title):
        title_lower = title
    seen: set[int] = set()
    # a comma ends a phrase ("Mentally, Rouge never…") unless the title has one itself
    breaks = _BREAK if "," in title else _BREAK_COMMA
    # whether the title word after each word is capitalised (then so must the text's be)
    next_upper = [w[:1].isupper() for w in words[1:]]
    anchors: list[tuple[int, int, int]] = []  # (title word index, start, end) in text
    for k, anchor in enumerate(words):
        needle = anchor.lower()
        if len(needle) < 3 or needle in _STOPWORDS:
            continue
        capital = anchor[:1].isupper()
        # a capitalised title word is looked for as written: the common-noun uses of words
        # like "Garden" in ordinary prose are never candidates
        haystack, needle = (text, anchor) if capital else (lower, needle)
        into = spans[k].start()  # where the anchor sits in the title
        pos = haystack.find(needle)
        while pos != -1:
            end = pos + len(needle)
            if (
                not (pos >= into and lower.startswith(title_lower, pos - into))
                and (pos == 0 or not lower[pos - 1].isalnum())
                and (end == len(lower) or not lower[end].isalnum())
                and (k + 1 == n or not next_upper[k] or _next_is_upper(text, end))
            ):
                anchors.append((k, pos, end))
            pos = haystack.find(needle, end)
    for k, pos, end in anchors:
        found = _window(text, pos, end, k, n, breaks)
        if found is not None and found[0] not in seen and not _continues(text, found[1]):
            start, stop = found
            phrase = text[start:stop]
            tokens = _TOKEN.findall(phrase)
            if len(tokens) == n and _is_near_miss(tokens, words):
                seen.add(start)
                yield start, phrase


def _next_is_upper(text: str, end: int) -> bool:
    """Whether the word after offset ``end`` (past spaces) starts with a capital letter."""
    j = end
    while j < len(text) and text[j] == " ":
        j += 1
    return j < len(text) and (text[j].isupper() or not text[j].isalpha())


_BREAK = re.compile(r"[.!?;:()\[\]\"“”]")
_BREAK_COMMA = re.compile(r"[.!?;:()\[\]\"“”,]")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)")


def _continues(text: str, stop: int) -> bool:
    """Whether a longer Title Case name goes on after ``stop`` ("Metallic Armor Concept
    Art" is another name, not a misspelt "Metallic Rouge")."""
    return _NEXT_WORD.match(text, stop) is not None


def _window(
    text: str, pos: int, end: int, before: int, n: int, breaks: re.Pattern[str] = _BREAK
) -> tuple[int, int] | None:
    """The span of ``n`` words around the word at ``pos``, with ``before`` words before it."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    start = pos
    if before:
        left = _TOKEN.findall(text, max(line_start, pos - 40 * before), pos)
        if len(left) < before:
            return None
        start = text.rfind(left[-before], 0, pos)
        if breaks.search(text, start, pos):  # do not cross a sentence or a comma
            return None
    stop = end
    after = n - 1 - before
    if after:
        right = _TOKEN.findall(text, end, min(line_end, end + 40 * after))
        if len(right) < after:
            return None
        stop = text.find(right[after - 1], end)
        stop += len(right[after - 1])
        first = text.find(right[0], end)
        if breaks.search(text, end, first):
            return None
    return start, stop


@register
class WorkTitleMisspelled(Rule):
    """A near miss of the work's title in the text or an image caption.

    What it does
        Looks in the prose (never code) and image captions for a phrase that nearly spells
        the reviewed work's title: same number of words, capitalised like a name, close but
        not equal (rapidfuzz similarity), e.g. one word swapped or a typo. Not reported: a
        phrase that crosses a comma or a sentence, one followed by more Title Case words
        (another name, like a caption's "Metallic Armor Concept Art"), and one that differs
        only in a number (another entry of a series: "Persona 4" in a review of "Persona 5").

    Why
        Misspelling the title of the work under review is the typo readers notice first, and
        it hurts search: nobody searches for the wrong name.

    Example
        ``Rouge and Naomi (from Right) from Magnetic Rouge`` in a review of *Metallic Rouge*.

    Fix
        Correct the spelling. If the phrase is right (a sequel, a character named like the
        show), suppress it with ``<!-- reviewctl: ignore TX001 -->`` above the paragraph.

    Configure
        ``work`` (or the medium's ``title_pattern`` read back from the title) names the work;
        ``[aliases] work = "…"`` for the blog's own key.
    """

    code = "TX001"
    name = "work-title-misspelled"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        work = ctx.work
        if not work:
            return
        prose = ctx.prose
        said, form = work, _form(prose)
        if not work.isascii():  # its accents typed as the prose types them: composed or not
            work = unicodedata.normalize(form, work)
        seen: set[tuple[int, int]] = set()
        for offset, phrase in near_misses(prose, work):
            line, column = ctx.prose_position(offset)
            seen.add((line, column))
            yield Diagnostic(line, column, f"{phrase!r} looks like a misspelling of {said!r}")
        lines = ctx.review.lines
        for image in ctx.parts.images:  # captions of HTML images (Markdown ones are prose)
            at = image.column - 1
            if not image.alt or lines[image.line - 1][at : at + 2] == "![":
                continue
            if any(line == image.line for line, _ in seen):
                continue
            alt = image.alt if image.alt.isascii() else unicodedata.normalize(form, image.alt)
            for _offset, phrase in near_misses(alt, work):
                message = f"caption {phrase!r} looks like a misspelling of {said!r}"
                yield Diagnostic(image.line, image.column, message)
                break


def _form(text: str) -> Literal["NFC", "NFD"]:
    """The Unicode form ``text`` is written in: composed (NFC) unless it is not."""
    return "NFC" if text.isascii() or unicodedata.is_normalized("NFC", text) else "NFD"


# Each placeholder pattern with a test for a substring it needs: the cheap test skips the
# regex scan on almost every file. Searching for a two-letter needle costs as much as for a
# long one, while a single character is found by ``memchr``: a rare character of the needle
# is looked for first, and the ``[insert …]`` test looks at the character after each ``[``
# instead of searching for six two-letter needles.
_BRACKET_WORDS = frozenset("IiWwFf")


def _has_bracket_word(text: str) -> bool:
    at = text.find("[")
    while at != -1:
        if text[at + 1 : at + 2] in _BRACKET_WORDS:
            return True
        at = text.find("[", at + 1)
    return False


_PLACEHOLDERS: tuple[tuple[Callable[[str], bool], re.Pattern[str]], ...] = (
    (
        # capital D and X are rare in prose; each ``in`` on one character is a memchr
        lambda t: ("D" in t and ("TODO" in t or "TBD" in t)) or ("X" in t and "FIXME" in t),
        re.compile(r"\b(?:TODO|TBD|FIXME)\b"),
    ),
    (
        lambda t: "orem" in t or ("M" in t and "OREM" in t),
        re.compile(r"\blorem\s+ipsum\b", re.I),
    ),
    # {{ verdict }} and {work}, but not {{< shortcode >}}, {{ site.url }} or {% tags %}
    (lambda t: "{" in t, re.compile(r"\{\{-?\s*[A-Za-z_][A-Za-z0-9_ ]*?\s*-?\}\}|\{[a-z_]+\}")),
    (
        _has_bracket_word,
        re.compile(r"\[(?:[Ii]nsert|[Ww]rite|[Ff]ill\s+in)\s[^\]\n]*\](?!\()"),
    ),
)


def placeholders(text: str) -> Iterator[re.Match[str]]:
    """Every placeholder in ``text``, in order: each pattern runs only where its substring
    test says it may match (bench_rule_scans, 2,000 generated reviews: 8 µs a review
    instead of 177)."""
    found: list[re.Match[str]] = []
    for hint, pattern in _PLACEHOLDERS:
        if hint(text):
            found.extend(pattern.finditer(text))
    if len(found) > 1:
        found.sort(key=lambda m: m.start())
    return iter(found)


def _link_text(review: Review, line: int, column: int, match: re.Match[str]) -> bool:
    """Whether the bracketed ``match`` is a link's text (``[Insert Coin](…)``, ``[…][ref]``
    with ``ref`` defined), not a picture's caption: the prose has the link's target blanked,
    the file still holds it."""
    text = review.lines[line - 1]
    start = column - 1
    if text[start - 1 : start] == "!":
        return False  # ![Insert caption here](poster.jpg): the template's, left
    after = start + len(match.group(0))
    if text[after : after + 1] == "(":
        return True
    label = re.match(r"\[([^\]\n]*)\]", text[after:])
    if label is None:
        return False
    name = (label.group(1) or match.group(0)[1:-1]).strip()
    definition = rf"^ {{0,3}}\[{re.escape(name)}\]:"
    return re.search(definition, review.text, re.M | re.I) is not None


@register
class PlaceholderLeft(Rule):
    """A placeholder is left in the text or front matter.

    What it does
        Finds ``TODO``, ``TBD``, ``FIXME``, *lorem ipsum*, template placeholders like
        ``{{ verdict }}`` or ``{work}``, and ``[insert … here]`` in prose and front matter
        values. Hugo shortcodes (``{{< … >}}``), code and comments are left alone.

    Why
        A placeholder on a published page looks careless. In a draft it is a reminder, so
        the rule is an error only once the review is published and a warning before.

    Example
        ``The studio is TBD.`` or ``title: "Anime Review: {work}"``.

    Fix
        Write the missing text.

    Configure
        Nothing to set; suppress a deliberate ``TODO`` with a comment.
    """

    code = "TX002"
    name = "placeholder-left"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        severity = Severity.WARNING if ctx.review.is_draft else Severity.ERROR
        review = ctx.review
        strings = [v for v in review.metadata.values() if isinstance(v, str)]
        if strings and next(placeholders("\n".join(strings)), None) is not None:
            for key, value in review.metadata.items():
                if isinstance(value, str) and (match := next(placeholders(value), None)):
                    line = review.key_line(key) or 1
                    column = review.lines[line - 1].find(match.group(0)) + 1 or 1
                    message = f"placeholder {match.group(0)!r} left in {key!r}"
                    yield Diagnostic(line, column, message, severity=severity)
        prose = ctx.prose
        for match in placeholders(prose):
            line, column = ctx.prose_position(match.start())
            if match.group(0).startswith("[") and _link_text(review, line, column, match):
                continue
            message = f"placeholder {match.group(0)!r} left in the text"
            yield Diagnostic(line, column, message, severity=severity)


@register
class AvailabilityMissing(Rule):
    """No line says where to watch, play or read the work.

    What it does
        Looks for an availability sentence in the body, such as "… is currently available
        for streaming on Crunchyroll" or "available to buy on Steam". In a review not written
        in English (``lang``, the file name's language tag or ``[site] language``), a line
        near the end that names a store or the review's ``where_to_watch`` is one too.

    Why
        Readers who are convinced by the review want to know where to find the work; it is
        part of the house template.

    Example
        A review that ends with the verdict and the footer only.

    Fix
        Add a line before the footer, e.g. ``Metallic Rouge is currently available for
        streaming on Crunchyroll.``

    Configure
        ``[media.NAME] availability`` sets the wording of the example. ``[lint] ignore =
        ["TX003"]`` for a blog that does not say where to find the work (``init`` does
        this when most posts do not).
    """

    code = "TX003"
    name = "availability-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        parts = ctx.parts
        if parts.availability is not None:
            return
        if not ctx.english and self._names_store(ctx):
            return
        medium = ctx.medium
        work = ctx.work or "The work"
        example = (medium or DEFAULT_MEDIA["film"]).availability_line(work, "…")
        if parts.footer:
            line = parts.footer[0].start
        else:
            line = parts.blocks[-1].end if parts.blocks else ctx.review.body_line
        yield Diagnostic(line, 1, f"no line says where to find the work (e.g. {example!r})")

    @staticmethod
    def _names_store(ctx: Context) -> bool:
        """Whether one of the last blocks before the footer names a store, or the review's
        ``where_to_watch``: the line in a language whose sentences TX003 cannot read."""
        from reviewctl.availability import STORE_BLOCKS, names_store

        footer = ctx.parts.footer
        body = [b for b in ctx.parts.blocks if b not in footer and b.kind in AVAILABILITY_KINDS]
        store = ctx.review.where_to_watch
        return any(names_store(b.text, store) for b in body[-STORE_BLOCKS:])


@register
class TitlePatternMismatch(Rule):
    """The title does not follow the medium's pattern.

    What it does
        Compares ``title`` with the medium's ``title_pattern`` filled in with ``work``
        (default for anime: ``Anime Review: {work}``).

    Why
        The blog's archive and search rely on consistent titles; "Review — Metallic Rouge"
        in a list of "Anime Review: …" stands out and breaks filters.

    Example
        ``title: Metallic Rouge review`` with ``work: Metallic Rouge`` and ``medium: anime``.

    Fix
        Use the expected title (the message shows it), or correct ``work`` if that is what
        is wrong.

    Configure
        ``[media.NAME] title_pattern`` (must contain ``{work}``).
    """

    code = "TX004"
    name = "title-pattern-mismatch"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review, medium = ctx.review, ctx.medium
        if medium is None or not review.title or not review.work or review.error is not None:
            return
        expected = medium.title_for(review.work)
        if review.title == expected or (
            not review.title.isascii()  # the same letters, one accent typed apart
            and unicodedata.normalize("NFC", review.title) == unicodedata.normalize("NFC", expected)
        ):
            return
        line = review.key_line("title") or (review.front_matter.start if review.front_matter else 1)
        message = f"title {review.title!r} does not follow the pattern: expected {expected!r}"
        yield Diagnostic(line, 1, message)
