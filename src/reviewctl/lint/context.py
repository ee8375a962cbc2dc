"""What a rule sees: the review, the config and cached views of the text (prose, offsets)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from reviewctl import schema, textscan
from reviewctl.model import lazy, split_language
from reviewctl.structure import PROSE_KINDS, Kind, mask_comments, mask_inline_code

if TYPE_CHECKING:
    from datetime import date

    from reviewctl.config import Config, Medium
    from reviewctl.lint.registry import Spot
    from reviewctl.lint.vocabulary import RunVocabulary, Vocabulary
    from reviewctl.model import Review
    from reviewctl.structure import Parts

# Link targets, bare URLs and inline HTML tags are not prose: blank them, keeping columns.
# Three patterns, each with a literal prefix the regex engine can skip to quickly.
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_URL = re.compile(r"https?://[^\s)>\]]+|mailto:[^\s)>\]]+", re.I)
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
# In an HTML block, all but the text a reader sees: comments, tags (their attributes may
# span lines), entities (a word holding an apostrophe's, "doesn&#39;t", whole: its parts
# are no words), and the elements whose content is code or no text at all.
_HTML_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|pre|code|kbd|samp|textarea|svg|math|template)\b.*?(?:</\1\s*>|\Z)"
    r"|</?[A-Za-z][^>]*>?|<![^>]*>?"
    r"|\w*&(?:#0*39|#[xX]0*27|apos|rsquo|lsquo|#0*821[67]);\w*"
    r"|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);",
    re.S | re.I,
)
_NOT_NEW_LINE = re.compile(r"[^\n]")


def _html_text(text: str) -> str:
    """An HTML block with everything but its text blanked, lines and columns kept."""
    return _HTML_HIDDEN.sub(lambda m: _NOT_NEW_LINE.sub(" ", m.group(0)), text)


# Punctuation to spaces, curly apostrophes to straight ones: words split cleanly in C.
_PUNCTUATION = '"“”‘.,;:!?()[]{}<>*_~…—–-/|\\=+&%$#@^`'
# (one regex pass, not str.translate with a dict, which looks each character up in Python:
# 1.4 → 0.5 ms a file of the real posts not all ASCII: bench_spelling)
_CLEAN = re.compile("[" + re.escape(_PUNCTUATION) + "]")


def _words(text: str) -> list[str]:
    r"""``text``'s words, lower case, composed as the dictionary spells them ("cafe\u0301" is
    "café", not "caf" and "e"), punctuation dropped, apostrophes straight."""
    return _CLEAN.sub(" ", unicodedata.normalize("NFC", text.lower())).replace("’", "'").split()


# The same for ASCII text, lower-casing too: one bytes.translate instead of lower() and a
# str.translate saves 68,000 of the editor rules' 1.27 million instructions per review of
# the benchmark archive (callgrind), a twentieth of their cost
_CLEAN_ASCII = bytes(
    32 if chr(b) in _PUNCTUATION else b + 32 if 65 <= b <= 90 else b for b in range(256)
)


# Known fields per (config, medium): a config is frozen, so one lookup serves a whole run.
_FIELDS: dict[tuple[int, str | None], tuple[Config, Mapping[str, schema.Type]]] = {}


@lru_cache(maxsize=64)
def _known_fields(
    media: tuple[Medium, ...],
    extra: tuple[str, ...],
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Mapping[str, schema.Type]:
    """:func:`schema.known_fields` for these media, extra fields and aliases, built once."""
    return MappingProxyType(schema.fields_for(media, extra, aliases))


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.startswith("]("):
        return "]" + " " * (len(text) - 1)
    return " " * len(text)


class Context:
    """One review being linted. Views are computed on first use and shared by the rules."""

    def __init__(
        self,
        review: Review,
        config: Config,
        run: RunVocabulary | None = None,
        reports: Callable[[str], bool] | None = None,
    ) -> None:
        self.review = review
        self.config = config
        self._run = run
        self._reports = reports
        #: files outside the review whose presence a rule judged (path → found): a finding
        #: remembered in the archive index holds only while each is as it was
        self.files: dict[str, bool] = {}
        #: the day from which the findings may differ with nothing changed but the date
        #: (ISO; "": never)
        self.until = ""
        #: what the spelling rules work out once for TX005 and TX006 (lint.rules.spelling):
        #: the prose's words the dictionary lacks, the spots neither it nor the vocabulary
        #: knows, and the words the vocabulary alone knew
        self.dictionary_misses: set[str] | None = None
        self.spots: list[Spot] | None = None
        self.known_parts: tuple[str, ...] = ()
        #: the words the spelling rules looked for (lower case) that hid another inside
        #: their occurrence (:func:`~reviewctl.lint.rules.spelling.locate`): a vocabulary
        #: that knows one of them finds the other
        self.hiding: set[str] = set()

    def reports(self, code: str) -> bool:
        """Whether this run reports ``code`` for this review (``--select``, ``--ignore``, the
        config's ``[lint]``, its per-file ignores and an ``ignore-file`` comment), for a rule
        that leaves a case to another while that one runs."""
        if self._reports is not None:
            if not self._reports(code):
                return False
        else:
            from reviewctl.lint.engine import Selection

            if not Selection.from_config(self.config).enabled(code):
                return False
        if "ignore-file" not in self.review.text:
            return True
        from reviewctl.lint.engine import ignored_in_file

        return not ignored_in_file(self, code)

    def holds_until(self, day: date) -> None:
        """The findings hold only before ``day`` (a date in the future is one until then)."""
        iso = day.isoformat()
        if not self.until or iso < self.until:
            self.until = iso

    @lazy
    def vocabulary(self) -> Vocabulary:
        """The run's vocabulary (built once per run), else this review's own and the config's."""
        if self._run is not None:
            return self._run.get()
        from reviewctl.lint.vocabulary import build_vocabulary

        return build_vocabulary(self.config, reviews=(self.review,))

    @lazy
    def parts(self) -> Parts:
        """The review's parts; located here, without the verdict no rule reads, unless the
        review already has them."""
        known: Parts | None = self.review.__dict__.get("parts")
        if known is not None:
            return known
        from reviewctl.structure import locate

        return locate(self.review, verdict=False)

    @lazy
    def medium(self) -> Medium | None:
        return self.config.medium(self.review.medium)

    @lazy
    def english(self) -> bool:
        """Whether the review is written in English: as its front matter says
        (``lang``/``language``/``locale``, a tag or a name: "French"), else a language tag in
        its file name (``post.fr.md``), else its blog's ``[site] language``."""
        metadata = self.review.metadata
        for key in ("lang", "language", "locale"):
            value = metadata.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower().startswith("en")
        language = split_language(self.review.path.stem)[1]
        if language is not None:
            return language.startswith("en")
        return self.config.site.language.strip().lower().startswith("en")

    @lazy
    def work(self) -> str:
        """The work's name: ``work``, else read back from the title via the medium pattern."""
        if self.review.work:
            return self.review.work
        medium, title = self.medium, self.review.title
        if medium is None or not title:
            return ""
        head, _, tail = medium.title_pattern.partition("{work}")
        if title.startswith(head) and title.endswith(tail) and len(title) > len(head) + len(tail):
            return title[len(head) : len(title) - len(tail)].strip()
        return ""

    # -- prose ----------------------------------------------------------------------------
    @lazy
    def prose(self) -> str:
        """The body with everything but prose blanked: one string, lines and columns kept.

        Code blocks, comments and the cut become empty lines; an HTML block keeps its text
        alone; inline code, link targets, URLs and inline tags become spaces. Offset ``i`` maps back with :meth:`prose_position`.
        """
        review = self.review
        first = review.body_line
        lines = review.lines[first - 1 :]
        # in C: most reviews have no inline code, and no comment but the cut
        text = review.text
        ticks, mail = "`" in text, "ailto:" in text or "AILTO:" in text
        cut_comments = len(self.parts.cuts) if "<!--" in review.markers.cut else 0
        comments = "<!--" in text and text.count("<!--") > cut_comments
        for block in self.parts.blocks:
            if block.kind is Kind.HTML:  # <p>…</p>: its text is prose too
                lo, hi = block.start - first, block.end - first + 1
                lines[lo:hi] = _html_text(block.text).split("\n")
            elif block.kind not in PROSE_KINDS:
                lo, hi = block.start - first, block.end - first + 1
                lines[lo:hi] = [""] * (hi - lo)
            elif (ticks and "`" in block.text) or (
                comments and any("<!--" in line for line in block.lines)
            ):
                lo, hi = block.start - first, block.end - first + 1
                lines[lo:hi] = mask_comments(mask_inline_code(block.text)).split("\n")
        # All three patterns match within a line, so only the few lines that hold their
        # first character (found by memchr) are rewritten, not the whole text.
        for index, line in enumerate(lines):
            if "<" in line or "]" in line or "/" in line or (mail and "@" in line):
                if "<" in line:
                    line = textscan.sub(_TAG, _blank, line, "<", ">", shared_tail=False)
                if "](" in line:
                    line = textscan.sub(_LINK_TARGET, _blank, line, "](", ")", shared_tail=False)
                if "http" in line or "HTTP" in line or (mail and "@" in line):
                    line = _URL.sub(_blank, line)
                lines[index] = line
        return "\n".join(lines)

    @lazy
    def words(self) -> list[str]:
        """The prose's words in order, lower case, composed, punctuation dropped, apostrophes straight:
        one split (in C) shared by every rule that reads words."""
        prose = self.prose
        if prose.isascii():
            return prose.encode("ascii").translate(_CLEAN_ASCII).decode("ascii").split()
        return _words(prose)

    @lazy
    def known_fields(self) -> Mapping[str, schema.Type]:
        """The front matter keys this review may set, with their types (shared: read only)."""
        config = self.config
        medium = self.review.medium or None
        key = (id(config), medium)
        cached = _FIELDS.get(key)
        if cached is not None and cached[0] is config:
            return cached[1]
        spec = config.media.get(medium) if medium is not None else None
        media = (spec,) if spec is not None else tuple(config.media.values())
        fields = _known_fields(media, config.extra_fields, config.aliases)
        if len(_FIELDS) > 64:
            _FIELDS.clear()
        _FIELDS[key] = (config, fields)  # holding the config keeps its id from being reused
        return fields

    @lazy
    def lede_text(self) -> str:
        """The lede's blocks, joined."""
        return "\n".join(block.text for block in self.parts.lede)

    @lazy
    def _prose_newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.prose)]

    def prose_position(self, offset: int) -> tuple[int, int]:
        """The file ``(line, column)`` of an offset into :attr:`prose`."""
        newlines = self._prose_newlines
        index = bisect_right(newlines, offset - 1)
        line_start = newlines[index - 1] + 1 if index else 0
        return self.review.body_line + index, offset - line_start + 1

    # -- file offsets, for fixes ------------------------------------------------------------
    @lazy
    def line_offsets(self) -> list[int]:
        """``line_offsets[n - 1]`` is the offset in ``review.text`` where file line ``n`` starts.

        One extra entry, the text's length, stands for the line after the last.
        """
        text = self.review.text
        offsets = [0]
        offsets.extend(m.end() for m in re.finditer("\n", text))
        if offsets[-1] != len(text):
            offsets.append(len(text))
        return offsets

    def offset(self, line: int, column: int = 1) -> int:
        """The text offset of ``line`` (1-based) and ``column``; past the end is the end."""
        offsets = self.line_offsets
        if line - 1 >= len(offsets):
            return len(self.review.text)
        return offsets[line - 1] + column - 1

    def line_end(self, line: int) -> int:
        """The offset just past ``line``'s content (before its line ending)."""
        start = self.offset(line)
        return start + len(self.review.lines[line - 1]) if line <= len(self.review.lines) else start

    @property
    def newline(self) -> str:
        return self.review.newline
