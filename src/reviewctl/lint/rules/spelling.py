"""TX: spelling, checked against an English dictionary and the archive's own vocabulary."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Finding, Rule, Severity, Spot, register
from reviewctl.lint.vocabulary import Dictionary, Vocabulary, load_dictionary

if TYPE_CHECKING:
    from reviewctl.index import Index

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_INNER = re.compile(r"[^a-z'’]+")
_MESSAGE = re.compile(r"^unknown word (['\"])(.+?)\1(?: |$)")


@dataclass(frozen=True, slots=True)
class Word:
    """An occurrence in the prose of a word looked for (:func:`locate`)."""

    offset: int  # in ``ctx.prose``
    text: str  # as written


# Endings that make a word from a word: "platformer", "impactful", "overhyped".
_SUFFIXES = (
    *("ability", "ables", "able", "ers", "er", "ful", "ings", "ing", "ed", "d", "ly", "ish"),
    *("y", "ness", "less", "es", "s"),
)
_PREFIXES = ("over", "under", "re", "un", "non", "pre", "sub", "super", "anti", "co", "mis")


# How often a word must occur in the dictionary's corpus to build derivations and compounds.
COMMON = 200


_BRITISH = (("isa", "iza"), ("ise", "ize"), ("isi", "izi"), ("our", "or"))


#: Longer runs of letters are no words to spell (a hash, a key, a run of "x"): never judged,
#: and never cut into compounds, which costs a pass over the word for each cut.
LONGEST_WORD = 45


def _known(word: str, dictionary: Dictionary, vocabulary: Vocabulary) -> bool:
    """``word`` (lower case, straight apostrophes) is a word, a contraction or a possessive,
    a regular derivation of a word, or a compound of two words of four letters or more."""
    if word in dictionary or word in vocabulary.words:
        return True
    for tail in ("'s", "'", "s"):  # Naomi's, the Neans', and plurals of names
        if word.endswith(tail) and len(word) > len(tail) + 2:
            base = word[: -len(tail)]
            if (tail != "s" and base in dictionary) or base in vocabulary.words:
                return True
    for contraction in ("'ve", "'ll", "'d", "'re"):  # could've, Naomi'll
        if word.endswith(contraction):
            return _known(word.removesuffix(contraction), dictionary, vocabulary)
    if word.endswith(("'s", "'")):  # harbourmaster's: judge harbourmaster
        return _known(word.removesuffix("s").removesuffix("'"), dictionary, vocabulary)
    if "'" in word:
        return False
    freq = dictionary.frequency
    # British -ise/-isation and -our for American forms the dictionary has ("civilisation",
    # "harbourmaster")
    # ("humourous" is no British form: the British write "humorous" too)
    if dictionary.language != "en-US" and ("is" in word or "our" in word) and "ourous" not in word:
        for british, american in _BRITISH:
            if british in word and word.replace(british, american) in freq:
                return True

    if _derived(word, freq):
        return True
    for cut in range(4, len(word) - 3):  # screenshots, workaround, bodyweight
        head, tail = word[:cut], word[cut:]
        if tail not in ("able", "ible") and freq.get(head, 0) >= COMMON <= freq.get(tail, 0):
            return True
    return False


_ABLE = ("able", "ables", "ability")  # "un-" + "-able": "unskippable", "unlockable"


def _derived(word: str, freq: Mapping[str, int]) -> bool:
    """``word`` is a regular derivation of a common word: a suffix ("platformer",
    "customizable", "equippable"), a prefix ("overhyped") or "un-" with "-able"
    ("unskippable")."""

    def common(part: str) -> bool:  # the list's rarest entries are noise ("logy")
        return freq.get(part, 0) >= COMMON

    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            if _spelt_otherwise(suffix, stem, freq):
                continue
            if common(stem) or common(stem + "e"):
                return True
            doubled = stem[-1] == stem[-2] and stem[-1] not in "aeiou"
            if doubled and suffix[0] in "aeiy" and common(stem[:-1]):
                return True  # a doubled consonant: "equippable", "skipping"
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and (
            common(rest) or (rest.endswith(_ABLE) and _derived(rest, freq))
        ):
            return True
    return False


def _spelt_otherwise(suffix: str, stem: str, freq: Mapping[str, int]) -> bool:
    """Whether the dictionary spells ``stem`` + ``suffix`` another way: the usual
    misspellings of a regular ending ("digestable", "finaly", "definitly", "truely",
    "storys", "creater")."""
    if suffix.startswith("abl"):
        return stem + "ible" in freq or (stem.endswith("e") and stem[:-1] + "able" in freq)
    if suffix == "y":
        return stem + "ly" in freq
    if suffix == "ly":
        return stem + "ely" in freq or (stem.endswith("e") and stem[:-1] + "ly" in freq)
    if suffix == "s":
        return (
            len(stem) > 1
            and stem[-1] == "y"
            and stem[-2] not in "aeiou"
            and (stem[:-1] + "ies" in freq)
        )
    if suffix in ("er", "ers"):
        return stem + suffix.replace("e", "o") in freq
    return False


def dictionary_misses(ctx: Context) -> set[str]:
    """The prose's distinct words (lower case) the dictionary lacks (cached on ctx)."""
    if ctx.dictionary_misses is not None:
        return ctx.dictionary_misses
    dictionary = load_dictionary(ctx.config.lint.spelling_language)
    parts: set[str] = set()
    for token in dictionary.lacking(set(ctx.words)):  # each distinct token looked up once
        for part in _INNER.split(token):
            part = part.strip("'")
            if 2 < len(part) <= LONGEST_WORD and part not in dictionary:
                parts.add(part)
    ctx.dictionary_misses = parts
    return parts


def locate(ctx: Context, words: Iterable[str]) -> Iterator[Word]:
    """Each occurrence in the prose of ``words`` (lower case), as written, in order; not
    inside a longer word, an address or a file name. Where one of ``words`` is found inside
    another's occurrence, the longer is the one located, and it joins ``ctx.hiding``: a run
    that does not look for it locates the other."""
    prose = ctx.prose
    lowered = prose.lower()
    if len(lowered) != len(prose):  # a letter lower-cased to two (Turkish İ): to its first,
        lowered = "".join(c.lower()[0] for c in prose)  # so that offsets stay the prose's
    # str.find per word (memchr-fast) instead of a regex compiled for each file's words
    spans: dict[int, tuple[int, str]] = {}  # start → end, word
    for word in words:
        needles = {word, word.replace("'", "’")}
        for needle in needles:
            at = lowered.find(needle)
            while at != -1:
                end = at + len(needle)
                if _alone(lowered, at, end):
                    other = spans.get(at)
                    if other is None or other[0] < end:
                        spans[at] = (end, word)
                    if other is not None and other[0] != end:
                        ctx.hiding.add(word if other[0] < end else other[1])
                at = lowered.find(needle, at + 1)
    last, longer = -1, ""
    for start in sorted(spans):
        if start < last:
            ctx.hiding.add(longer)
            continue  # inside a longer match
        last, longer = spans[start]
        yield Word(start, prose[start:last])


def _alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word, not part of a word, an address, a tag or
    a file name."""
    before = text[start - 1] if start else " "
    if before.isalnum() or before in "_@#/\\.-":
        return False
    after = text[end] if end < len(text) else " "
    if after.isalnum() or after in "_@/\\-":
        return False
    return not (
        after == "." and end + 1 < len(text) and (text[end + 1].isalnum() or text[end + 1] == "_")
    )


# Template tags ({% endcapture %}, {{ page.title }}) and reference labels ([text][label],
# [label]: url) that the prose keeps but that are not words.
_MARKUP = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\]\[[^\]\n]*\]|^\s*\[[^\]\n]*\]:")


def _in_markup(ctx: Context, word: str, line: int, column: int) -> bool:
    """Whether ``word``, written at ``line`` and ``column``, sits inside a template tag or a
    link's reference label, or is the text of a link whose address holds it too
    ("[vgmaps](http://vgmaps.com)")."""
    text = ctx.review.lines[line - 1] if 0 < line <= len(ctx.review.lines) else ""
    start = column - 1
    end = start + len(word)
    if text[start:end] != word:
        return False  # the prose and the file disagree: judge the word as prose
    for match in _MARKUP.finditer(text):
        if match.start() <= start and end <= match.end():
            return True
    opening = text.rfind("[", 0, start)
    closing = text.find("](", end)
    if opening != -1 and closing != -1 and "]" not in text[opening:start] + text[end:closing]:
        target_end = text.find(")", closing)
        target = text[closing : target_end if target_end != -1 else None].lower()
        return word.lower() in target
    return False


#: (language, word) → whether the dictionary alone knows it, for every file a process lints
_KNOWN: dict[tuple[str, str], bool] = {}
_NO_VOCABULARY = Vocabulary()


def spots(ctx: Context) -> list[Spot]:
    """Every occurrence of a word neither the dictionary nor the run's vocabulary knows (not
    skipped), in prose order, where written (cached on ctx): what TX005 and TX006 judge.
    :func:`known_parts` names the words the vocabulary alone knew, for the index: when the
    vocabulary changes, the spots are judged again, unless one of those left it.

    Fast path: the prose's distinct whitespace-separated tokens are looked up first (C-level
    split and set), so only the few unknown ones are located, with ``str.find``.
    """
    if ctx.spots is not None:
        return ctx.spots
    found: list[Spot] = []
    ctx.spots = found
    if not ctx.english:
        return found
    parts = dictionary_misses(ctx)
    if not parts:
        return found
    language = ctx.config.lint.spelling_language
    dictionary = load_dictionary(language)
    vocabulary = ctx.vocabulary  # only now, with words the dictionary lacks, is it needed
    memo = vocabulary.memo  # the run's files mostly miss the same few words: judge each once
    suspects = set()
    by_vocabulary = []
    for part in parts:
        known = memo.get(("known", part))
        if known is None:
            known = memo["known", part] = _known(part, dictionary, vocabulary)
        if not known:
            suspects.add(part)
        elif not _known_alone(part, language, dictionary):
            by_vocabulary.append(part)
    ctx.known_parts = tuple(sorted(by_vocabulary))
    if not suspects:  # the usual review: nothing to locate, the prose not lowered (1.5 %)
        return found
    for word in locate(ctx, suspects):
        text = word.text
        if not text.isascii() or text.isupper() or any(c.isupper() for c in text[1:]):
            continue  # acronyms, CamelCase brands, accented foreign words
        line, column = ctx.prose_position(word.offset)
        if not _in_markup(ctx, text, line, column):
            found.append(Spot(line, column, text))
    return found


def known_parts(ctx: Context) -> tuple[str, ...]:
    """The words of the review (lower case) that the run's vocabulary alone knew."""
    spots(ctx)
    return ctx.known_parts


def still_known(parts: Sequence[str], vocabulary: Vocabulary, language: str) -> bool:
    """Whether ``vocabulary`` still knows every word of ``parts`` (:func:`known_parts`)."""
    return all(_known_in(part, vocabulary, language) for part in parts)


def knows_any(parts: Sequence[str], vocabulary: Vocabulary, language: str) -> bool:
    """Whether ``vocabulary`` knows a word of ``parts`` (one that hid another: :func:`locate`)."""
    return any(_known_in(part, vocabulary, language) for part in parts)


def _known_in(part: str, vocabulary: Vocabulary, language: str) -> bool:
    """Whether the dictionary or ``vocabulary`` knows ``part`` (once per run)."""
    memo = vocabulary.memo
    known = memo.get(("known", part))
    if known is None:
        known = memo["known", part] = _known(part, load_dictionary(language), vocabulary)
    return known


def _known_alone(part: str, language: str, dictionary: Dictionary) -> bool:
    """Whether the dictionary knows ``part`` without the vocabulary (once per process)."""
    known = _KNOWN.get((language, part))
    if known is None:
        if len(_KNOWN) > 200_000:  # a long-lived process (serve) linting many archives
            _KNOWN.clear()
        known = _KNOWN[language, part] = _known(part, dictionary, _NO_VOCABULARY)
    return known


def unknown(found: Sequence[Spot], dictionary: Dictionary, vocabulary: Vocabulary) -> list[Spot]:
    """The spots ``vocabulary`` does not know either (judged once per word per run)."""
    memo = vocabulary.memo
    words = []
    for spot in found:
        part = spot.text.lower().replace("’", "'")
        known = memo.get(("known", part))
        if known is None:
            known = memo["known", part] = _known(part, dictionary, vocabulary)
        if not known:
            words.append(spot)
    return words


def _edits1(word: str) -> Iterator[str]:
    """Every string one edit from ``word`` (delete, transpose, replace, insert)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            if len(right) > 1:
                yield left + right[1] + right[0] + right[2:]
            for c in _LETTERS:
                yield left + c + right[1:]
        for c in _LETTERS:
            yield left + c + right


@lru_cache(maxsize=4)
def _by_length(language: str) -> dict[int, list[str]]:
    """The dictionary's words by length, each length's in alphabetical order: the order breaks
    ties between suggestions equally far, and must not depend on how the dictionary was
    loaded (built from its list, or read back sorted from the index)."""
    words: dict[int, list[str]] = defaultdict(list)
    for word in sorted(load_dictionary(language).frequency):
        words[len(word)].append(word)
    return words


@lru_cache(maxsize=64)
def _within_two(language: str, length: int) -> list[str]:
    """The dictionary's words two letters shorter than ``length`` to two longer, in
    :func:`_by_length` order: the words that may be two edits from one that long."""
    pool = _by_length(language)
    return [w for n in range(length - 2, length + 3) for w in pool.get(n, ())]


#: language → misspelling → :func:`_two_edits`' words: the dictionary's alone, so kept
#: between runs in the archive index (:func:`recall_far`), for the runs that judge every
#: spot again when the vocabulary changes (a new review's tags)
_FAR: dict[str, dict[str, list[str]]] = {}
_FAR_NEW: set[str] = set()  # languages with words found since recalled or remembered
_FAR_MOST = 20_000  # words kept for a language: a few MB at most
#: a worker's searches since :func:`far_searched` last took them, for its run to keep
_FAR_FOUND: list[tuple[str, str, tuple[str, ...]]] = []


def _two_edits(word: str, language: str) -> list[str]:
    """Up to eight dictionary words at most two edits from ``word`` (Damerau-Levenshtein:
    a swap of neighbours is one), nearest first, ties in :func:`_within_two` order.

    The words within four insertions and deletions (Indel) are found first, a superset,
    since each of two edits is at most two of those: its bit-parallel scorer halves the
    search (bench_spelling: 48 → 22.5 ms a misspelling), and is a third cheaper than OSA to
    within three edits (129 misspellings of the real posts: 18.8 → 13.8 ms)."""
    found = _FAR.setdefault(language, {}).get(word)
    if found is None:
        from reviewctl.batch import in_worker

        found = _search_two_edits(word, language)
        _keep(language, word, found)
        if in_worker():
            _FAR_FOUND.append((language, word, tuple(found)))
    return found


def _keep(language: str, word: str, found: list[str]) -> None:
    """Hold one far search, to be remembered in the index (at most :data:`_FAR_MOST`)."""
    known = _FAR.setdefault(language, {})
    if len(known) >= _FAR_MOST:
        known.clear()
    known[word] = found
    _FAR_NEW.add(language)


def far_searched() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The far searches this worker made since last asked, as ``(language, word, words)``:
    what a worker finds is lost with it unless its results carry it back (:func:`keep_far`)."""
    found = tuple(_FAR_FOUND)
    _FAR_FOUND.clear()
    return found


def keep_far(found: Iterable[tuple[str, str, Sequence[str]]]) -> None:
    """Take the far searches workers made (:func:`far_searched`), for :func:`remember_far`:
    the first vocabulary change after a cold run then searches nothing again."""
    for language, word, words in found:
        _keep(language, word, list(words))


def recall_far(index: Index, language: str) -> None:
    """Take the far searches an earlier run kept in ``index`` (once per process)."""
    from reviewctl.index import package_fingerprint

    if language in _FAR:
        return
    row = index.rows("far", package_fingerprint(), paths=[language]).get(language)
    kept = index.decode(row[1]) if row is not None else None
    _FAR[language] = (
        {
            w: found
            for w, found in kept.items()
            if isinstance(found, list) and all(isinstance(f, str) for f in found)
        }
        if isinstance(kept, dict)
        else {}
    )  # a row of another shape (damaged): searched again


def remember_far(index: Index, language: str) -> None:
    """Keep in ``index`` the far searches of ``language`` (when this process made new ones)."""
    from reviewctl.index import package_fingerprint

    if language in _FAR_NEW:
        index.save_rows("far", package_fingerprint(), [(language, "", _FAR[language])])
        _FAR_NEW.discard(language)


def _search_two_edits(word: str, language: str) -> list[str]:
    """:func:`_two_edits`, searched."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein, Indel

    choices = _within_two(language, len(word))
    near = process.extract(word, choices, scorer=Indel.distance, score_cutoff=4, limit=None)
    near_choices = [choices[i] for i in sorted(hit[2] for hit in near)]
    hits = process.extract(
        word, near_choices, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=8
    )
    return [hit[0] for hit in hits]


def suggestions(
    word: str, dictionary: Dictionary, vocabulary: Vocabulary, *, far: bool = True
) -> list[str]:
    """Up to three likely words for ``word``, most likely first, in ``word``'s case.

    One edit away first (a name from the archive before a dictionary word, then the most
    frequent); two edits away only when nothing is one away and ``far`` is set.
    """
    lower = word.lower().replace("’", "'")
    freq = dictionary.frequency
    names = vocabulary.names

    def rank(candidate: str) -> tuple[int, int, str]:  # ties: alphabetical, not hash order
        return (0 if candidate in names else 1, -freq.get(candidate, 0), candidate)

    near = {c for c in _edits1(lower) if c in freq or c in vocabulary.words}
    if not near and far and 4 <= len(lower) <= 12:
        near = set(_two_edits(lower, dictionary.language))
    ranked = sorted(near, key=rank)[:3]
    out = []
    for candidate in ranked:
        written = names.get(candidate, candidate)
        if word[:1].isupper() and written == candidate:
            written = candidate[:1].upper() + candidate[1:]
        out.append(written)
    return out


def near_name(word: str, vocabulary: Vocabulary) -> str | None:
    """The archive name ``word`` nearly spells (same first letter, one or two edits), if any."""
    lower = word.lower().replace("’", "'")
    if len(lower) < 4 or not word[:1].isupper() or not vocabulary.names:
        return None
    limit = 1 if len(lower) < 8 else 2
    choices = [
        n
        for n in vocabulary.names
        if n[:1] == lower[:1] and abs(len(n) - len(lower)) <= limit and n != lower
    ]
    if not choices:
        return None
    from rapidfuzz import process  # only with names to compare (a one-file lint: 11 ms)
    from rapidfuzz.distance import DamerauLevenshtein

    hit = process.extractOne(lower, choices, scorer=DamerauLevenshtein.distance, score_cutoff=limit)
    if hit is None:
        return None
    name = hit[0]
    if lower in (name + "s", name + "es", name + "'s") or name in (lower + "s", lower + "es"):
        return None  # a plural or possessive of the name
    return vocabulary.names[name]


# Japanese in Hepburn romanisation (Yanaka, Tensei, konbini): names and loanwords that no
# English dictionary has, never English typos.
_ROMAJI = re.compile(
    r"(?:(?:sh|ch|ts|[kgnhbpmr]y|[kgsztdnhbpmyrwfjc])?[aeiou]|n(?![aeiouy])|([kstpc])(?=\1|ch))+"
)
_STRETCHED = re.compile(r"(.)\1\1")  # "sooooo", "uhhhm": deliberate


def _foreign_or_deliberate(word: str) -> bool:
    lower = word.lower()
    if _STRETCHED.search(lower):
        return True
    return (word[:1].isupper() or len(word) >= 6) and _ROMAJI.fullmatch(lower) is not None


# Shorter unknown words are mostly slang and abbreviations (lol, idk, imo, dev, app).
WORD_LENGTH = 5
# A capitalised word shorter than this is taken for a name (Rui, Maki, Nean), never a typo.
NAME_LENGTH = 6


_POSSESSIVE = re.compile(r"['’]s$")


def _slip(word: str, likely: str) -> bool:
    """Whether ``word`` is ``likely`` (six letters or more) with one letter dropped, added or
    two swapped inside it: the typing slips of "Exorist", "Ursurpers". Names the dictionary
    lacks are mostly one letter from some word by a substitution or at either end ("Fawley",
    "Lenina"), so only these inner slips make a capitalised word a finding."""
    w, s = word.lower(), likely.lower()
    if len(s) < 6:
        return False
    if len(w) == len(s) - 1:
        return any(s[:i] + s[i + 1 :] == w for i in range(1, len(s) - 1))
    if len(w) == len(s) + 1:
        return any(w[:i] + w[i + 1 :] == s for i in range(1, len(w) - 1))
    if len(w) == len(s):
        return any(s[:i] + s[i + 1] + s[i] + s[i + 2 :] == w for i in range(1, len(s) - 2))
    return False


def _either(words: list[str]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    quoted = [repr(w) for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


class _JudgesSpots(Rule):
    """A rule that judges a review's spots with the run's vocabulary (:meth:`Rule.judge`)."""

    uses_vocabulary = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        found = spots(ctx)
        if found:
            yield from self.judge(found, ctx.vocabulary, ctx.config.lint.spelling_language)


@register
class Spelling(_JudgesSpots):
    """A word that neither the dictionary nor the archive knows.

    What it does
        Checks every word of the prose (never code, URLs, link targets, HTML tags or front
        matter keys) against an English dictionary shipped with reviewctl (pyspellchecker's,
        with British and American spellings per ``[lint.spelling] language``: ``en`` accepts
        both, ``en-GB`` and ``en-US`` one each) and the archive's own vocabulary: every word of
        every front matter value in the archive (works, titles, tags, studios, characters),
        the support link labels, the author and ``[lint.spelling] words``, plus a short list
        of everyday gaming, film and web words ("hitbox", "romcom", "regex"). Regular
        derivations and compounds of dictionary words ("platformer", "screenshots",
        "unskippable") are words, unless the dictionary spells the word otherwise
        ("digestable"). Template tags (``{% … %}``), reference labels and link text that
        its address repeats are skipped, and so is a review whose ``lang`` (or file name,
        ``post.fr.md``) says it is not in English. Not reported, as names, slang or jargon
        rather than typos: a capitalised word written twice in the review, that recurs
        across the reviews of the run or is shorter than six letters, any word shorter than
        five letters, Japanese in romaji, stretched words ("sooooo") and words with no likely
        word one edit away (two for lower case). Words that nearly spell a name of the archive
        are left to TX006. Each finding suggests the likely word.

    Why
        A typo in the first paragraph is what a reader notices first; a plain spell checker
        buries it under every character and studio name, the archive's vocabulary does not.

    Example
        ``The Ursurpers arrive on Mars.`` → unknown word 'Ursurpers' (did you mean
        'Usurpers'?).

    Fix
        Correct the word; never fixed automatically. A word that is right goes in
        ``[lint.spelling] words = ["…"]`` or in the review's front matter (e.g. a
        ``characters`` list), or the paragraph gets ``<!-- reviewctl: ignore TX005 -->``.

    Configure
        ``[lint.spelling] words = ["…"]`` adds words, ``language`` picks ``en``, ``en-
        US`` or ``en-GB``; every front matter value of the archive is a known word. A review
        in another language is not checked: one that says so (``lang: fr``, ``post.fr.md``)
        or, saying nothing, one of a blog whose ``[site] language`` is not English.
    """

    code = "TX005"
    name = "spelling"
    severity = Severity.INFO

    def judge(
        self, spots: Sequence[Spot], vocabulary: Vocabulary, language: str
    ) -> Iterator[Diagnostic]:
        dictionary = load_dictionary(language)
        words = unknown(spots, dictionary, vocabulary)
        verdicts: dict[str, list[str] | None] = {}
        memo = vocabulary.memo
        # a capitalised word written twice or more in one review is a name the author means
        names = Counter(_POSSESSIVE.sub("", w.text) for w in words if w.text[:1].isupper())
        for word in words:
            text = word.text
            if text[:1].isupper() and names[_POSSESSIVE.sub("", text)] > 1:
                continue
            if text not in verdicts and (self.code, text) in memo:
                verdicts[text] = memo[self.code, text]
            if text not in verdicts:
                capital = text[:1].isupper()
                stem = _POSSESSIVE.sub("", text)  # Bocchi's is judged as Bocchi
                if (
                    len(stem) < WORD_LENGTH
                    or _foreign_or_deliberate(stem)
                    or (capital and (len(stem) < NAME_LENGTH or near_name(stem, vocabulary)))
                ):
                    verdicts[text] = None  # slang, a short name, or TX006's
                else:
                    likely = suggestions(stem, dictionary, vocabulary, far=not capital)
                    if capital:  # a name unless it is a plain slip of the finger on a word
                        likely = [s for s in likely if _slip(stem, s)]
                    verdicts[text] = likely or None  # no likely word: a name or jargon
                memo[self.code, text] = verdicts[text]
            verdict = verdicts[text]
            if verdict is None:
                continue
            hint = f" (did you mean {_either(verdict)}?)" if verdict else ""
            yield Diagnostic(word.line, word.column, f"unknown word {text!r}{hint}")

    def across_files(self, findings: list[Finding]) -> Iterable[Finding]:
        """A capitalised word reported in two or more files recurs: a name, not a typo."""
        files: dict[str, set[str]] = defaultdict(set)
        words: list[tuple[Finding, str]] = []
        for finding in findings:
            match = _MESSAGE.match(finding.message)
            if match and match.group(2)[:1].isupper():
                files[match.group(2)].add(finding.path)
                words.append((finding, match.group(2)))
        return [finding for finding, word in words if len(files[word]) > 1]


@register
class NameMisspelled(_JudgesSpots):
    """A word one or two letters away from a name the archive knows.

    What it does
        Compares each capitalised word the dictionary and the archive do not know with the
        archive's names: the words of every work reviewed (``work``) and the capitalised
        words of front matter values that no dictionary has (characters, studios, authors).
        A word with the name's first letter and one edit away (two from eight letters) is
        reported with the name it resembles; plurals and possessives of a name are the name.

    Why
        A character's or a work's name misspelt is a public mistake fans notice at once, and
        a dictionary cannot catch it: the archive's own front matter can.

    Example
        ``Blue Exorist`` in an archive that reviews *Blue Exorcist*.

    Fix
        Correct the name; never fixed automatically. A different name that happens to be
        close goes in the review's front matter or ``[lint.spelling] words``.

    Configure
        The names come from the archive's front matter; ``[lint.spelling] words`` adds
        more.
    """

    code = "TX006"
    name = "name-misspelled"
    severity = Severity.WARNING

    def judge(
        self, spots: Sequence[Spot], vocabulary: Vocabulary, language: str
    ) -> Iterator[Diagnostic]:
        memo = vocabulary.memo
        for word in unknown(spots, load_dictionary(language), vocabulary):
            text = word.text
            key = (self.code, text)
            if key not in memo:
                memo[key] = near_name(text, vocabulary)
            name = memo[key]
            if name is not None:
                message = f"{text!r} looks like a misspelling of {name!r}"
                yield Diagnostic(word.line, word.column, message)
