"""The checks an editor makes: confusables, links, images, dates and the page's structure."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import os
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote

from reviewctl.fs import absolute, listing
from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Rule, Severity, register
from reviewctl.lint.rules.text import placeholders
from reviewctl.model import FIRST_YEAR
from reviewctl.structure import Kind, mask_comments

# -- it's / its -----------------------------------------------------------------------------

_ITS = re.compile(r"\b[Ii]t['’]s[ \t\n]+([a-z]+)(?:[ \t\n]+([a-z]+))?")
_LAST_WORD = re.compile(r"([A-Za-z]+)\s*$")
# After these, "it's" can stand for "it is" only before a predicate: "by it's visuals".
_PREPOSITIONS = frozenset(
    ("by", "of", "to", "with", "from", "into", "about", "through", "for", "on", "at", "under",
     "over", "despite", "within", "without")
)  # fmt: skip
# After these verbs "it's" is an object, never "it is": "took it's time".
_VERBS = frozenset(
    ("took", "take", "takes", "taking", "mention", "enjoy", "lost", "lose", "loses", "has",
     "have", "had")
)  # fmt: skip
# "It's fans who keep it alive", "it's visuals that sell it": a cleft sentence, "it is",
# when "it's" opens its clause
_CLEFT = frozenset(("who", "that", "which"))
_CLAUSE_OPENERS = frozenset(
    ("", "and", "but", "so", "because", "yet", "or", "then", "now", "think", "guess", "suppose",
     "say", "end", "course", "honestly", "maybe", "perhaps", "really")
)  # fmt: skip
# After "it's", these make "it is …" (or "it has …") a sentence.
_PREDICATE = frozenset(
    ("a", "an", "the", "not", "been", "just", "so", "very", "also", "still", "all", "really",
     "quite", "pretty", "too", "more", "most", "less", "only", "never", "always", "already",
     "got", "gotten", "being", "like", "what", "my", "your", "our", "their", "his", "her",
     "this", "that", "worth", "as", "about", "up", "down", "out", "off", "no", "one", "time",
     "easy", "hard", "clear", "obvious", "true", "fine", "good", "great", "bad", "best",
     "better", "worse", "worst", "fun", "nice", "over", "here", "there", "now", "because",
     "much", "even", "almost", "definitely", "probably", "certainly", "actually", "such",
     "how", "why", "where", "when", "who", "either", "neither", "both", "kind", "sort")
)  # fmt: skip
# Plural-looking words that are not plural nouns after "it's".
_NOT_PLURAL = frozenset(
    ("always", "perhaps", "nevertheless", "sometimes", "towards", "afterwards", "besides",
     "nowadays", "less", "unless", "thus", "plus", "yours", "ours", "hers", "his", "theirs",
     "this", "was", "is", "as", "has", "does", "goes", "gets", "makes", "takes", "series",
     "news", "various", "serious", "famous", "obvious", "nervous", "curious", "gorgeous",
     "ridiculous", "hilarious", "glorious", "tedious", "dangerous", "tremendous", "anxious")
)  # fmt: skip
# Nouns a review often gives "its": "it's ending" is far likelier "its ending".
_NOUNS = frozenset(
    ("own", "story", "plot", "premise", "genre", "cast", "soundtrack", "music",
     "animation", "art", "world", "gameplay", "pacing", "narrative", "predecessor",
     "sequel", "release", "value", "tone", "protagonist", "characters", "themes", "core",
     "roots", "source", "title", "author", "creator", "director", "studio", "audience",
     "fans", "charm", "appeal", "length", "runtime", "price", "visuals", "flaws", "strengths",
     "weaknesses", "message", "climax", "finale", "successor", "potential", "identity")
)  # fmt: skip


def _plural_noun(word: str, ctx: Context) -> bool:
    if word in _NOT_PLURAL or not word.endswith("s") or word.endswith(("ss", "us", "is", "ous")):
        return False
    from reviewctl.lint.vocabulary import load_dictionary

    dictionary = load_dictionary(ctx.config.lint.spelling_language)
    stems = (word[:-1], word[:-2] if word.endswith("es") else "", word[:-3] + "y")
    return any(stem and len(stem) > 2 and stem in dictionary for stem in stems)


def _its(prose: str) -> Iterator[re.Match[str]]:
    """Matches of :data:`_ITS`, found from each "t's" (memchr) instead of trying every offset
    (bench_rule_scans, 2,000 generated reviews: 5 µs a review instead of 96)."""
    for needle in ("t's", "t’s"):
        at = prose.find(needle)
        while at != -1:
            start = at - 1
            if start >= 0 and (start == 0 or not prose[start - 1].isalnum()):
                match = _ITS.match(prose, start)
                if match:
                    yield match
            at = prose.find(needle, at + 3)


@register
class ItsConfusion(Rule):
    """ "it's" (it is) where "its" (belonging to it) is meant.

    What it does
        Reports "it's" (or "it’s") followed by ``own``, by a plural noun or by a noun reviews
        often give "its" (ending, story, genre…); "it's" after a verb that takes an object
        ("took it's time"); and "it's" after a preposition ("by it's visuals") unless what
        follows makes "it is" a sentence ("of it's not", "to it's a").

    Why
        It is the commonest slip in English prose and one readers love to point out.

    Example
        ``Don't get fooled by it's visuals.``

    Fix
        Write "its". Never fixed automatically: the sentence may need rewording.

    Configure
        Nothing to set.
    """

    code = "TX007"
    name = "its-confusion"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        prose = ctx.prose
        for match in _its(prose):
            last = _LAST_WORD.search(prose, max(0, match.start() - 30), match.start())
            before = last.group(1).lower() if last else ""
            word, after = match.group(1), match.group(2) or ""
            cleft = after in _CLEFT and before in _CLAUSE_OPENERS
            wrong = (
                ((word in _NOUNS or _plural_noun(word, ctx)) and not cleft)
                or (before in _VERBS and word not in ("a", "an", "the", "not"))
                or (before in _PREPOSITIONS and word not in _PREDICATE
                    and not word.endswith("ly") and after not in ("to", "that"))
            )  # fmt: skip
            if wrong:
                line, column = ctx.prose_position(match.start())
                its = prose[match.start() : match.start() + 4]
                message = f"{its!r} before {word!r}: did you mean 'its'?"
                yield Diagnostic(line, column, message)


# -- doubled words --------------------------------------------------------------------------

_DOUBLED = re.compile(r"\b([A-Za-z]+)(?:[ \t]+|[ \t]*\n[ \t]*)\1\b", re.I)
# Only small words are checked: a doubled name or "very very" is usually deliberate.
_CHECKED = frozenset(
    ("the", "a", "an", "to", "of", "and", "for", "on", "at", "by", "with", "from", "was",
     "are", "be", "it", "its", "this", "my", "i", "in", "is", "as", "or", "but", "if")
)  # fmt: skip
# Phrases where the doubled word is right: "what it is is", "fit in in the end".
_ALLOWED_BEFORE = {
    "to": ("next", "close", "due", "prior", "according", "thanks", "up"),
    "is": ("what it", "what this", "thing", "problem", "question", "point", "truth"),
    "in": ("fit", "fits", "sit", "sits", "give", "gave", "given", "cave", "caved", "pitch",
           "pitched", "join", "joined", "log", "logged", "settle", "settled", "blend",
           "blends", "tuned", "tune", "plug", "plugged", "drawn", "sucked", "dragged"),
}  # fmt: skip


@register
class DoubledWord(Rule):
    """A small word written twice in a row ("the the").

    What it does
        Reports a doubled article, preposition, pronoun or auxiliary ("the the", "to to"),
        across a line break too, except in phrases where the doubling is right ("what it is
        is", "fit in in the end", "had had", "that that"). Longer doubled words ("very very",
        "Doki Doki") are left alone: they are usually deliberate.

    Why
        A doubled word is a typing slip that spell checkers cannot see and readers do.

    Example
        ``one of the the best shows of the season``

    Fix
        Delete one of them. Never fixed automatically.

    Configure
        Nothing to set.
    """

    code = "TX008"
    name = "doubled-word"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        # the comparison of neighbouring words runs in C: the regex (slow, with its
        # back-reference) runs only on the rare text that holds a doubled word
        words = ctx.words
        doubled = _CHECKED.intersection(
            itertools.compress(words, map(operator.eq, words, itertools.islice(words, 1, None)))
        )
        if not doubled:
            return
        prose = ctx.prose
        pattern = re.compile(_DOUBLED.pattern.replace("[A-Za-z]+", "|".join(sorted(doubled))), re.I)
        for match in pattern.finditer(prose):
            word = match.group(1).lower()
            if word not in _CHECKED:
                continue
            allowed = _ALLOWED_BEFORE.get(word, ())
            head = prose[max(0, match.start() - 20) : match.start()].lower().rstrip()
            if any(head.endswith(a) for a in allowed):
                continue
            line, column = ctx.prose_position(match.start())
            if _between(ctx, match, line, column):
                continue  # code or a tag between them, blanked in the prose: not neighbours
            yield Diagnostic(line, column, f"doubled word {match.group(0).split()[0]!r}")


def _between(ctx: Context, match: re.Match[str], line: int, column: int) -> bool:
    """Whether the file holds a code span, or a tag a reader sees (a picture, a line
    break), between the two words of ``match``: blanked in the prose, they look adjacent."""
    end_line, end_column = ctx.prose_position(match.end())
    lines = ctx.review.lines[line - 1 : end_line]
    if len(lines) == 1:
        written = lines[0][column - 1 : end_column - 1]
    else:
        written = "\n".join([lines[0][column - 1 :], *lines[1:-1], lines[-1][: end_column - 1]])
    return "`" in written or ("<" in written and _CONTENT_TAG.search(written) is not None)


# what a reader sees between two words (a picture, a line break), unlike <em> or <a>
_CONTENT_TAG = re.compile(
    r"<(?:img|br|hr|video|audio|iframe|picture|svg|math|input|embed|object|canvas)\b", re.I
)


# -- links and images -----------------------------------------------------------------------

_HTTP = re.compile(r"http://[^\s)>\]\"'<`]+", re.I)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_LOCAL_HOSTS = ("http://localhost", "http://127.", "http://0.0.0.0", "http://[::1]")


@register
class BodyLinkInsecure(Rule):
    """A plain ``http://`` link in the body.

    What it does
        Finds ``http://`` addresses in the body's text, links, images and HTML (not in code,
        blocks or spans, or comments, and not in the support footer, which SL003 checks).

    Why
        Browsers warn about or block insecure pages and images, and most sites have served
        ``https://`` for years; a plain ``http://`` link often means an old, moved address.

    Example
        ``See [the trailer](http://www.youtube.com/watch?v=abc).``

    Fix
        Use the ``https://`` address after checking that it works. Never fixed
        automatically: not every old site answers on ``https://``.

    Configure
        Nothing to set; links in the support footer are SL003's.
    """

    code = "MD003"
    name = "body-link-insecure"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        if "ttp://" not in review.text and "TTP://" not in review.text:
            return
        footer = {id(block) for block in ctx.parts.footer}
        for block in ctx.parts.blocks:
            if block.kind in (Kind.CODE, Kind.COMMENT) or id(block) in footer:
                continue
            lines = block.lines
            if any("<!--" in line for line in lines):
                lines = tuple(mask_comments(block.text).split("\n"))
            for index, line in enumerate(lines):
                # once per address and line (an HTML link often repeats its address, in a
                # tracking attribute first): at its href or src, where it has one
                spots: dict[str, int] = {}
                code = [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []
                for match in _HTTP.finditer(line):
                    url, at = match.group(0), match.start()
                    if url.lower().startswith(_LOCAL_HOSTS) or any(a < at < b for a, b in code):
                        continue
                    if url not in spots or (_linked(line, at) and not _linked(line, spots[url])):
                        spots[url] = at
                for url, at in sorted(spots.items(), key=operator.itemgetter(1)):
                    yield Diagnostic(block.start + index, at + 1, f"insecure link {url}")


_LINK_ATTRIBUTE = re.compile(r"""\b(?:href|src)\s*=\s*["']?\Z""", re.I)


def _linked(line: str, at: int) -> bool:
    """Whether the address at ``at`` is an ``href``'s or a ``src``'s value."""
    return _LINK_ATTRIBUTE.search(line[max(0, at - 16) : at]) is not None


def _listing(folder: str) -> frozenset[str]:
    """The names in ``folder``: one directory read serves every review in it, until the
    folder changes (its modification time is part of the cache key)."""
    try:
        changed = os.stat(folder or ".").st_mtime_ns
    except OSError:
        return frozenset()
    return _read_listing(folder or ".", changed)


@lru_cache(maxsize=64)
def _read_listing(folder: str, changed: int) -> frozenset[str]:
    return listing(folder)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@register
class ImageMissing(Rule):
    """A local image that does not exist.

    What it does
        Resolves each image's relative source (``![…](rouge.jpg)``, ``<img src="img/a.png">``)
        against the review's folder and reports those with no file there. Remote images
        (``https://…``), site-absolute paths (``/images/…``), data URIs and template
        expressions (``{{ … }}``) are not checked.

    Why
        A broken image is the most visible defect of a published page; today only
        ``export`` notices.

    Example
        ``![Rouge and Naomi](rouge-and-naomi.jpg)`` with no ``rouge-and-naomi.jpg`` beside
        the review.

    Fix
        Add the picture beside the review, or correct the file name.

    Configure
        Nothing to set; ``exclude`` leaves files out of a run.
    """

    code = "MD004"
    name = "image-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        images = ctx.parts.images
        if not images:
            return
        folder, name = os.path.split(str(ctx.review.path))
        listing = _listing(folder)
        if name not in listing:
            return  # linted from memory: there is no folder to look in
        for image in images:  # a Markdown image's src is its destination alone
            src = image.src.strip().split("#", 1)[0].split("?", 1)[0]
            if not src or src.startswith(("/", "//")) or _SCHEME.match(src) or "{" in src:
                continue
            if next(placeholders(image.alt), None) is not None:
                continue  # a template's placeholder image: TX002 reports its caption
            name = unquote(src) if "%" in src else src
            if "/" not in name:
                found = name in listing
            else:  # one directory read per sub-folder (images/), not a stat per image
                sub, _, leaf = name.rpartition("/")
                found = leaf in _listing(os.path.normpath(os.path.join(folder, sub)))
            ctx.files[absolute(os.path.join(folder, name))] = found
            if not found:
                yield Diagnostic(image.line, image.column, f"image not found: {src}")


# -- dates ----------------------------------------------------------------------------------


def _date_line(ctx: Context) -> int:
    review = ctx.review
    key = review.date_key  # the blog's own key too ([aliases] date = "read")
    line = review.key_line(key) if key else None
    return line or (review.front_matter.start if review.front_matter else 1)


@register
class DateInFuture(Rule):
    """A published review dated in the future.

    What it does
        Compares the ``date`` of a review whose status is published with today's date.

    Why
        Static site generators hide future-dated posts (Hugo and Jekyll by default), so the
        review silently does not appear; or the date is a typo (2042 for 2024).

    Example
        ``status: published`` with ``date: 2042-04-15``.

    Fix
        Correct the date, or set ``status: draft`` until the review goes out.

    Configure
        ``[aliases] date`` names the blog's own date key.
    """

    code = "FM006"
    name = "date-in-future"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        date = review.date
        if date is None or date <= dt.date.today() or review.is_draft:
            return
        ctx.holds_until(date)  # on that day the finding goes
        yield Diagnostic(_date_line(ctx), 1, f"published review dated in the future ({date})")


@register
class DatePlaceholder(Rule):
    """A placeholder date such as 1970-01-01.

    What it does
        Reports a ``date`` before 1991 (no review was blogged before the web), such as the
        Unix epoch 1970-01-01 or 1900-01-01 that tools write when a date is missing.

    Why
        The review sorts to the bottom of every list and feed, and the page shows a date
        readers know is wrong.

    Example
        ``date: 1970-01-01``

    Fix
        Write the review's publication date.

    Configure
        ``[aliases] date`` names the blog's own date key.
    """

    code = "FM007"
    name = "date-placeholder"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        date = ctx.review.date
        if date is not None and date.year < FIRST_YEAR:
            yield Diagnostic(_date_line(ctx), 1, f"placeholder date {date}")


_NAME_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[-_.]|$)")


@register
class DateNameMismatch(Rule):
    """The file name's date and the front matter ``date`` disagree.

    What it does
        For a file named like ``2024-04-15-metallic-rouge.md`` (or ``20240415-…``), compares
        the date in the name with the front matter ``date``.

    Why
        Jekyll puts the file name's date in the post's URL and takes its displayed date from
        the front matter when it has one, and other tools read one or the other: when they
        disagree, the URL, the archive's order and the shown date tell different stories,
        and one of the two is usually a slip.

    Example
        ``2024-04-15-metallic-rouge.md`` with ``date: 2024-05-15``.

    Fix
        Make them agree: rename the file or correct ``date``.

    Configure
        ``[aliases] date`` names the blog's own date key. ``init`` switches the rule off for
        a blog where most dated file names disagree with the front matter on purpose (the
        name keeps the day a post was started).
    """

    code = "FM008"
    name = "date-name-mismatch"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        match = _NAME_DATE.match(os.path.basename(review.path))
        if match is None:
            return
        date = review.date
        if date is None:
            return
        try:
            named = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return
        if named != date:
            message = f"date {date} disagrees with the file name's {named}"
            yield Diagnostic(_date_line(ctx), 1, message)


# -- structure ------------------------------------------------------------------------------


def _h1(block_lines: tuple[str, ...]) -> str | None:
    """The text of a level-one heading block, else ``None``."""
    first = block_lines[0].lstrip()
    if first.startswith("# ") or first == "#":
        return first[1:].strip().rstrip("#").strip()
    if len(block_lines) > 1 and block_lines[-1].strip().startswith("="):
        return " ".join(line.strip() for line in block_lines[:-1])
    return None


@register
class HeadingOneRepeated(Rule):
    """The title repeated as a heading in the body, or more than one H1.

    What it does
        Reports a level-one heading (``# …`` or ``===``) in the body whose text is the
        review's title or work, and every H1 after the first.

    Why
        The theme already prints the title as the page's H1: a second one shows the title
        twice and confuses screen readers and search engines about what the page is.

    Example
        ``# Anime Review: Metallic Rouge`` as the body's first line.

    Fix
        Remove the repeated title; use ``##`` for the body's sections.

    Configure
        Nothing to set.
    """

    code = "MD005"
    name = "heading-one-repeated"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        names: set[str] | None = None  # looked up at the first H1: most bodies have none
        seen = 0
        for block in ctx.parts.blocks:
            if block.kind is not Kind.HEADING:
                continue
            text = _h1(block.lines)
            if text is None:
                continue
            seen += 1
            if seen == 1 and review.title_from_heading:
                continue  # that H1 is the post's title itself, not a repetition of it
            if names is None:
                names = {n.casefold() for n in (review.title, ctx.work) if n}
            if text.casefold() in names:
                yield Diagnostic(block.start, 1, f"the title is repeated as a heading: {text!r}")
            elif seen > 1:
                yield Diagnostic(block.start, 1, f"more than one H1: {text!r}")


@register
class BodyEmpty(Rule):
    """A published review with no text in its body.

    What it does
        Reports a review whose status is published and whose body holds nothing but blank
        lines, comments, the cut, rules or the support footer (text, lists, code and HTML all
        count as content).

    Why
        An empty page goes out to readers and feeds; usually the file was published by
        mistake, or the text was lost in an edit.

    Example
        Front matter with ``status: published`` and nothing after it.

    Fix
        Write the review, or set ``status: draft``.

    Configure
        Nothing to set.
    """

    code = "MD006"
    name = "body-empty"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        empty = (Kind.COMMENT, Kind.CUT, Kind.RULE)
        # the support footer (SL001's fix may have added it) is no text: the config's links
        # alone, not any list of links a review may be
        footer = ctx.parts.footer
        content = []
        for block in ctx.parts.blocks:
            if block.kind not in empty and block.text.strip():
                if block not in footer:
                    return  # nearly every review, at its first block
                content.append(block)
        from reviewctl.lint.rules.support import normalize_url

        support = {normalize_url(link.url) for link in ctx.config.support_links}
        links = ctx.parts.links
        if content and 2 * sum(normalize_url(link.url) in support for link in links) < len(links):
            return  # links most of which are not the support footer's: the review's text
        if review.is_draft or review.error is not None:
            return
        yield Diagnostic(review.body_line, 1, "published review with an empty body")


_INVISIBLE = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u00ad": "soft hyphen",
    # the bidirectional controls: they reorder the text after them ("Trojan Source")
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "]")


def _stray(text: str) -> re.Match[str] | None:
    """The first invisible character of ``text`` that belongs to no word: a joiner between
    two letters of a script that writes with it (Persian's non-joiner) or inside an emoji
    sequence ("🏳️‍🌈") is part of the text."""
    for match in _INVISIBLE_RE.finditer(text):
        at = match.start()
        joiner = match.group(0) in "\u200c\u200d" and 0 < at < len(text) - 1
        if not (joiner and _joins(text[at - 1], text[at + 1], text[at + 2 : at + 3])):
            return match
    return None


#: Scripts whose spelling uses the zero-width joiner and non-joiner.
_JOINING_SCRIPTS = (
    "ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
    "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA",
)  # fmt: skip


def _joins(before: str, after: str, then: str) -> bool:
    """Whether a joiner between ``before`` and ``after`` (``then`` after it) is written on
    purpose: inside an emoji sequence, or between two characters of a script that writes
    with it. An emoji newer than Python's Unicode tables (15.1's head shake, "🙂‍↔️") ends in
    the variation selector that makes a symbol such as an arrow an emoji."""
    if (unicodedata.category(after) == "So" or then == "\ufe0f") and (
        unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"
    ):
        return True
    return all(
        not c.isascii() and unicodedata.name(c, "").startswith(_JOINING_SCRIPTS)
        for c in (before, after)
    )


@register
class InvisibleCharacter(Rule):
    """An invisible character in the title or a heading.

    What it does
        Finds zero-width spaces, joiners, soft hyphens, stray byte-order marks and the
        bidirectional controls (embeddings, overrides and isolates, U+202A–U+202E and
        U+2066–U+2069) in the ``title`` and ``work`` values and in the body's headings. A
        joiner a script writes with (Persian's non-joiner in "درباره‌ی", the joiner of an emoji
        such as "🏳️‍🌈") is part of the text and not reported.

    Why
        They come in with text pasted from web pages and word processors; invisible on the
        page, they break search, links to the heading, and matching of titles. A
        bidirectional override also shows the text after it reversed ("gnp.exe" as
        "exe.png").

    Example
        ``title: "Anime Review: Metallic\u200bRouge"`` (a zero-width space in the title).

    Fix
        Retype the title or heading, or delete the character (the message says where).

    Configure
        Nothing to set.
    """

    code = "MD007"
    name = "invisible-character"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        text = review.text
        if text.isascii() or not any(c in text for c in _INVISIBLE):  # isascii: a flag
            return
        lines = review.lines
        for key in ("title", "work"):
            line = review.key_line(key)
            if line and line <= len(lines) and (m := _stray(lines[line - 1])):
                name = _INVISIBLE[m.group(0)]
                yield Diagnostic(line, m.start() + 1, f"{name} (U+{ord(m.group(0)):04X}) in {key}")
        for block in ctx.parts.blocks:
            if block.kind is not Kind.HEADING:
                continue
            for index, text in enumerate(block.lines):
                if m := _stray(text):
                    name = _INVISIBLE[m.group(0)]
                    yield Diagnostic(
                        block.start + index,
                        m.start() + 1,
                        f"{name} (U+{ord(m.group(0)):04X}) in a heading",
                    )
