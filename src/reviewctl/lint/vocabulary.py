"""The words a run knows: an English dictionary plus the archive's own vocabulary.

The dictionary is pyspellchecker's English word-frequency list (shipped inside the package,
nothing downloaded), adjusted per ``[lint.spelling] language`` with breame's British/American
spelling pairs. The archive's vocabulary is every word of every front matter value in the
files of the run (work titles, tags, studios, authors, characters…), the config's support link
labels, author and ``[lint.spelling] words``. It is built once per run, before the files are
linted (:func:`scan_heads` reads only the top of each file), and shared read-only by the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.model import Review

LANGUAGES = ("en", "en-US", "en-GB")

# Words reviewers use that a general dictionary lacks (our own list).
REVIEW_WORDS = frozenset(
    """
    anime manga manhwa manhua isekai shounen shonen shoujo shojo seinen josei mecha moe
    slice-of-life yuri yaoi otaku waifu chibi kawaii senpai sensei tsundere yandere
    gameplay playthrough playthroughs videogame videogames roguelike roguelikes roguelite
    metroidvania metroidvanias soulslike speedrun speedruns cutscene cutscenes cooldown
    worldbuilding spinoff spinoffs prequel prequels backstory backstories showrunner
    showrunners screenwriter rewatch rewatched rewatching rewatchable binge-watch bingeable
    webcomic webtoon novella novellas audiobook audiobooks ebook ebooks bookish blurb
    standalone subplot subplots storyline storylines voiceover livestream livestreams
    walkthrough multiplayer singleplayer co-op indie indies remaster remastered remasters
    cour cours etc meh intro intros outro melee cafe tech screenshot screenshots
    platformer platformers webtoons popup popups shader shaders dlc dlcs npc npcs fanbase fandom fandoms fanservice fanfic tropes trope trope's
    """.split()  # noqa: SIM905  (a word list reads better as text)
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words_in(text: str) -> Iterator[str]:
    """The words of ``text`` as written (letters and inner apostrophes)."""
    for match in _WORD.finditer(text):
        yield match.group(0)


# -- the dictionary -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dictionary:
    """English words (lower case) with their frequencies, for one ``language``."""

    language: str
    frequency: Mapping[str, int]

    def __contains__(self, word: str) -> bool:
        return word in self.frequency


@lru_cache(maxsize=4)
def load_dictionary(language: str = "en") -> Dictionary:
    """The dictionary for ``language`` (loaded once per process: about 0.15 s)."""
    import gzip
    import json
    import pkgutil

    from breame.spelling import (  # type: ignore[import-untyped]
        AMERICAN_ENGLISH_SPELLINGS,
        BRITISH_ENGLISH_SPELLINGS,
    )

    # pyspellchecker's own English list, read directly: its SpellChecker object would copy
    # the 160,000 words again to lower-case them (they already are) and costs twice as long.
    data = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    words: dict[str, int] = json.loads(gzip.decompress(data or b"{}"))
    from reviewctl.lint.modern_words import MODERN_WORDS

    for word in REVIEW_WORDS:
        words.setdefault(word, 1000)
    for word in MODERN_WORDS:  # common enough to derive from ("jittering")
        words[word] = max(words.get(word, 0), 1000)
    if language in ("en", "en-GB"):
        for british, american in BRITISH_ENGLISH_SPELLINGS.items():
            words.setdefault(british, words.get(american, 1000))
    if language == "en-GB":  # an American spelling with a British one is a finding
        for american in AMERICAN_ENGLISH_SPELLINGS:
            if american not in BRITISH_ENGLISH_SPELLINGS:
                words.pop(american, None)
    elif language == "en-US":
        for british in BRITISH_ENGLISH_SPELLINGS:
            if british not in AMERICAN_ENGLISH_SPELLINGS:
                words.pop(british, None)
    return Dictionary(language, words)


# -- the archive's vocabulary ---------------------------------------------------------------

# Front matter keys whose values are not names or prose.
_SKIP_KEYS = frozenset(
    ("date", "lastmod", "updated", "status", "draft", "slug", "url", "permalink", "layout",
     "image", "cover", "thumbnail", "rating", "score", "medium", "lang", "language", "type",
     "weight", "aliases", "isbn", "id", "uuid")
)  # fmt: skip
_KEY_LINE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the archive knows, shared by every file of a run (read only)."""

    #: lower-cased words the archive uses (front matter values, config words)
    words: frozenset[str] = frozenset()
    #: names to compare near misses with: lower case → as written (work titles, and
    #: capitalised front matter words the dictionary does not know)
    names: Mapping[str, str] = field(default_factory=dict)
    #: the works reviewed in the archive
    works: frozenset[str] = frozenset()
    #: verdicts the rules worked out for a word, kept for the run's other files
    memo: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, hash=False)

    def knows(self, word: str) -> bool:
        return word.lower() in self.words


def _values(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _values(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _values(item)


def _useful(value: str) -> bool:
    return "://" not in value and "/" not in value and "{" not in value


class _Builder:
    """Collects words and names from front matter values and the config."""

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.frequency = dictionary.frequency  # ``in`` on the dict itself: no method call
        self.words: set[str] = set()
        self.names: dict[str, str] = {}
        self.works: set[str] = set()
        self.seen: set[str] = set()  # values already added (tags repeat across an archive)
        self.tokens: set[str] = set()  # front matter tokens already seen

    def add(self, value: str, *, work: bool = False) -> None:
        if work:
            self.works.add(value.strip())
        if value in self.seen or not _useful(value):
            return
        self.seen.add(value)
        for word in _WORD.findall(value):
            lower = word.lower()
            self.words.add(lower)
            if word[:1].isupper() and len(word) >= 4 and (work or lower not in self.frequency):
                self.names.setdefault(lower, word)

    def add_block(self, block: str) -> None:
        """Every word of a front matter block read as text (keys included: they are words
        too). Fast: split and set difference run in C, and only tokens no earlier file had
        are looked at, so an archive's thousands of files cost little more than reading."""
        if not block:
            return
        new = set(block.split()) - self.tokens
        if new:
            self.tokens |= new
            for token in new:
                if _useful(token):
                    self.add_word(token)
        match = _WORK.search(block)
        if match:
            self.add(match.group(1).strip("'\""), work=True)

    def add_word(self, token: str) -> None:
        for word in _WORD.findall(token):
            lower = word.lower()
            self.words.add(lower)
            if word[:1].isupper() and len(word) >= 4 and lower not in self.frequency:
                self.names.setdefault(lower, word)

    def add_metadata(self, metadata: Mapping[str, Any]) -> None:
        for key, value in metadata.items():
            if key.lower() in _SKIP_KEYS:
                continue
            for text in _values(value):
                self.add(text, work=key == "work")

    def add_config(self, config: Config) -> None:
        from reviewctl.availability import STORES

        for name in (*STORES, *SUPPORT_PLATFORMS):  # known words, never names to match
            self.words.update(word.lower() for word in words_in(name))
        for link in config.support_links:
            self.add(link.label)
        if config.author:
            self.add(config.author)
        for word in config.lint.spelling_words:
            self.add(word)

    def build(self) -> Vocabulary:
        return Vocabulary(frozenset(self.words), dict(self.names), frozenset(self.works))


#: Where review bloggers ask for support: known words whatever the config says.
SUPPORT_PLATFORMS = (
    "Patreon", "Ko-fi", "Kofi", "Twitch", "Liberapay", "Substack", "Buymeacoffee", "PayPal",
    "Mastodon", "Bluesky", "Letterboxd", "Goodreads", "Backloggd", "MyAnimeList", "AniList",
)  # fmt: skip


def front_matter_block(head: str) -> str:
    """The YAML (``---``) or TOML (``+++``) front matter at the top of ``head``, else ``""``."""
    head = head.removeprefix("\ufeff")
    fence = head[:3]
    if fence not in ("---", "+++") or head[3:4] not in ("\n", "\r"):
        return ""
    end = head.find("\n" + fence, 3)
    return head[4:end] if end != -1 else head[4:]


_WORK = re.compile(r"^work[ \t]*[:=][ \t]*(.+?)[ \t]*$", re.M)


def build_vocabulary(
    config: Config,
    *,
    heads: Iterable[str] = (),
    reviews: Iterable[Review] = (),
) -> Vocabulary:
    """The vocabulary of a run: front matter of ``heads`` (file tops) and ``reviews``."""
    builder = _Builder(load_dictionary(config.lint.spelling_language))
    builder.add_config(config)
    for head in heads:
        builder.add_block(front_matter_block(head))
    for review in reviews:
        builder.add_metadata(review.metadata)
    return builder.build()


# Front matter sits at the top of a file; 4 KiB holds all of it in practice.
HEAD_BYTES = 4096


def scan_heads(paths: Iterable[str | Path]) -> Iterator[str]:
    """The first :data:`HEAD_BYTES` of each file, decoded leniently; unreadable files skipped."""
    for path in paths:
        try:
            with open(path, "rb", buffering=0) as handle:
                data = handle.read(HEAD_BYTES)
        except OSError:
            continue
        yield data.decode("utf-8", "replace")


class RunVocabulary:
    """A run's vocabulary, built on first use: at most once per process, and not at all when
    every word of the run is in the dictionary (the common case needs no archive scan).

    The engine makes one per run from the run's files; forked workers inherit it unbuilt.
    """

    def __init__(
        self, config: Config, items: Iterable[Path | Review], roots: Iterable[Path] = ()
    ) -> None:
        self.config = config
        self.items = list(items)
        self.roots = list(roots)
        self._built: Vocabulary | None = None

    def get(self) -> Vocabulary:
        if self._built is None:
            self._built = run_vocabulary(self.config, self.items, self.roots)
        return self._built


def run_vocabulary(
    config: Config, items: Iterable[Path | Review], roots: Iterable[Path] = ()
) -> Vocabulary:
    """The vocabulary of a run over ``items`` (paths, or reviews already read), plus every
    file of the archive's reviews folder when the run has a config file and its ``roots``
    (the paths it was given) do not already cover that folder: linting one review of an
    archive still knows the others' front matter."""
    import os

    paths: list[str] = []
    reviews: list[Review] = []
    for item in items:
        if isinstance(item, Path):
            paths.append(str(item))
        else:
            reviews.append(item)
    if config.source is not None:
        from reviewctl.archive import default_paths, iter_names

        archive = [os.path.abspath(p) for p in default_paths(config)]
        given = [os.path.abspath(r) for r in roots]
        covered = all(
            any(a == g or a.startswith(g.rstrip(os.sep) + os.sep) for g in given) for a in archive
        )
        if not covered:
            seen = {os.path.abspath(p) for p in paths}
            for name in iter_names([Path(a) for a in archive], config):
                if isinstance(name, str) and (full := os.path.abspath(name)) not in seen:
                    seen.add(full)
                    paths.append(full)
    return build_vocabulary(config, heads=scan_heads(paths), reviews=reviews)
