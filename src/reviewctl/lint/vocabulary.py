"""The words a run knows: an English dictionary plus the archive's own vocabulary.

The dictionary is pyspellchecker's English word-frequency list (shipped inside the package,
nothing downloaded), adjusted per ``[lint.spelling] language`` with breame's British/American
spelling pairs. The archive's vocabulary is every word of every front matter value in the
files of the run (work titles, tags, studios, authors, characters…), the config's support link
labels, author and ``[lint.spelling] words``. It is built at most once per run, when a file
has a word that neither the dictionary nor the config's words know (only the top of each
file is read), and shared read-only by the rules.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewctl.fs import read_head

if TYPE_CHECKING:
    from reviewctl.cache import Stamps
    from reviewctl.config import Config
    from reviewctl.index import Index
    from reviewctl.lint.engine import FileResult
    from reviewctl.model import Review


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

    def whole(self) -> None:
        """Have every word at hand, for many lookups (or for the processes forked next)."""
        if isinstance(self.frequency, SortedWords):
            self.frequency.table()

    def lacking(self, words: set[str]) -> set[str]:
        """The words of ``words`` the dictionary does not have."""
        frequency = self.frequency
        if isinstance(frequency, SortedWords):
            return frequency.lacking(words)
        return words.difference(frequency)  # set minus dict runs in C


class SortedWords(Mapping[str, int]):
    """The dictionary as the archive index keeps it: its JSON text, keys sorted, looked up by
    bisecting the text itself.

    Reading it back costs what reading and checking one string costs (about 5 ms, where
    decoding it into a 160,000-entry dict costs 30: a sixth of what a one-file lint may
    spend); a lookup costs
    about 8 µs instead of a dict's 0.05. Past :data:`LOOKUPS_BEFORE_TABLE` lookups (a run of
    more than a few files) the text is decoded into a dict once.
    """

    __slots__ = ("_left", "_table", "_text")

    #: Decoding the dict costs about as much as this many lookups by bisection.
    LOOKUPS_BEFORE_TABLE = 4_000

    def __init__(self, text: str) -> None:
        """``text``: :meth:`encode`'s."""
        self._text = text
        self._left = self.LOOKUPS_BEFORE_TABLE
        self._table: dict[str, int] | None = None

    @staticmethod
    def encode(frequency: Mapping[str, int]) -> str:
        """``frequency`` as JSON text, keys sorted (sorted in C: 17 ms, where a sorted copy
        of the dict takes 45)."""
        import orjson

        return orjson.dumps(frequency, option=orjson.OPT_SORT_KEYS).decode()

    @staticmethod
    def checksum(text: str) -> str:
        """What tells that ``text`` is :meth:`encode`'s as it was written (1.5 ms): bisection
        trusts its shape (sorted, nothing escaped: dictionary words hold no quote, backslash,
        comma or colon)."""
        import zlib

        return f"crc32:{zlib.crc32(text.encode()):08x}"

    def table(self) -> dict[str, int]:
        """Every entry, as a dict (decoded once)."""
        if self._table is None:
            import orjson

            self._table = orjson.loads(self._text)
        return self._table

    def _find(self, word: str) -> int | None:
        if self._table is not None:
            return self._table.get(word)
        self._left -= 1
        if self._left < 0:
            return self.table().get(word)
        text = self._text
        # [lo, hi): whole entries ('"word":count'), each ending in a comma, or in the closing
        # brace at hi for the last
        lo, hi = 1, len(text) - 1
        while lo < hi:
            comma = text.rfind(",", lo, (lo + hi) // 2)
            start = lo if comma < 0 else comma + 1
            colon = text.find('":', start)
            end = text.find(",", colon, hi)
            end = hi if end < 0 else end
            found = text[start + 1 : colon]
            if found == word:
                return int(text[colon + 2 : end])
            if found < word:
                lo = end + 1
            else:
                hi = start
        return None

    def lacking(self, words: set[str]) -> set[str]:
        if self._table is not None:
            return words.difference(self._table)
        return {word for word in words if self._find(word) is None}

    def __getitem__(self, word: str) -> int:
        found = self._find(word)
        if found is None:
            raise KeyError(word)
        return found

    def get(self, word: str, default: Any = None) -> Any:
        found = self._find(word)
        return default if found is None else found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.table())

    def __len__(self) -> int:
        return len(self.table())


_LOADED: dict[str, Dictionary] = {}


def load_dictionary(language: str = "en", index: Index | None = None) -> Dictionary:
    """The dictionary for ``language``, loaded once per process: built (about 0.15 s), or read
    back from the archive ``index`` where an earlier run left it (a few ms: see
    :class:`SortedWords`)."""
    loaded = _LOADED.get(language)
    if loaded is not None:
        return loaded
    key = ""
    if index is not None and not _in_worker():
        from reviewctl.index import package_fingerprint

        key = f"{language}:{package_fingerprint()}"
        # the row's stamp holds the text's checksum: a damaged row is built again
        hit = index.rows("dictionary", key).get("")
        if hit is not None and isinstance(hit[1], str) and hit[0] == SortedWords.checksum(hit[1]):
            loaded = _LOADED[language] = Dictionary(language, SortedWords(hit[1]))
            return loaded
    loaded = _LOADED[language] = _build_dictionary(language)
    if key and index is not None:
        from reviewctl.index import Encoded

        text = SortedWords.encode(loaded.frequency)
        index.save_rows("dictionary", key, [("", SortedWords.checksum(text), Encoded(text))])
    return loaded


def _build_dictionary(language: str) -> Dictionary:
    import gzip
    import pkgutil

    import orjson
    from breame.spelling import (  # type: ignore[import-untyped]
        AMERICAN_ENGLISH_SPELLINGS,
        BRITISH_ENGLISH_SPELLINGS,
    )

    # pyspellchecker's own English list, read directly: its SpellChecker object would copy
    # the 160,000 words again to lower-case them (they already are) and costs twice as long;
    # decoded by orjson, in 31 ms where json takes 64 (each cold lint waits for it)
    data = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    words: dict[str, int] = orjson.loads(gzip.decompress(data or b"{}"))
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


def _values(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
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
    blocks: Iterable[str] = (),
    reviews: Iterable[Review] = (),
) -> Vocabulary:
    """The vocabulary of a run: front matter of ``heads`` (file tops), ``blocks`` (front
    matter already cut out of them) and ``reviews``."""
    builder = _Builder(load_dictionary(config.lint.spelling_language))
    builder.add_config(config)
    for head in heads:
        builder.add_block(front_matter_block(head))
    for block in blocks:
        builder.add_block(block)
    for review in reviews:
        builder.add_metadata(review.metadata)
    return builder.build()


# Front matter sits at the top of a file; 4 KiB holds all of it in practice.
HEAD_BYTES = 4096


class RunVocabulary:
    """A run's vocabulary, built at most once per process.

    The engine makes one per run from the run's files. It is built on first use, and not at
    all when the dictionary and the config's words (:meth:`base`) know every word that
    matters (:meth:`independent`; the engine lints with those alone while ``provisional``
    is set). With the
    index (:meth:`fingerprint`), the front matter digest of each file and the built
    vocabulary are remembered: a warm run reads no file to know the vocabulary (a run that
    names a few files reads their front matter alone), and one after a front matter edit
    reads the others' front matter only to build it again.
    """

    def __init__(
        self, config: Config, items: Iterable[str | Path | Review], roots: Iterable[Path] = ()
    ) -> None:
        self.config = config
        self.items = [str(i) if isinstance(i, Path) else i for i in items]
        self.roots = list(roots)
        self._built: Vocabulary | None = None
        self._index: Index | None = None
        self._digest = ""
        self._blocks: dict[str, str] = {}  # front matter read while fingerprinting
        self._content = ""  # the digest of the vocabulary (see :meth:`fingerprint`)
        self._file_list: list[str] | None = None
        self._base: Vocabulary | None = None
        self._known_by_base: dict[tuple[str, ...], bool] = {}
        #: files are being linted in :meth:`base` alone, to learn whether they need the rest
        self.provisional = False

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_index": None, "_blocks": {}}

    def get(self) -> Vocabulary:
        if self.provisional:
            return self.base()
        if self._built is None:
            self._built = self._remembered() or self._build()
        return self._built

    def base(self) -> Vocabulary:
        """The part of the vocabulary that reads no file: the config's words and the stores'
        and support platforms' names. Every word it knows, the whole vocabulary knows."""
        if self._base is None:
            load_dictionary(self.config.lint.spelling_language, self._index)  # through it
            self._base = build_vocabulary(self.config)
        return self._base

    def independent(self, result: FileResult) -> bool:
        """Whether a file's spelling findings are the same whatever the archive's front
        matter says: it has no spot (a word known to neither the dictionary nor the
        vocabulary it was linted in, that the rules judge), none of the words looked for hid
        inside another's occurrence (a larger vocabulary, knowing the longer, would find the
        shorter: "wizzard" in "wizzard’ly"), and :meth:`base` knows the words that only the
        vocabulary knew. A larger vocabulary then looks for fewer of the same words, found
        at the same places, where each was judged no spot. Such a file needs no vocabulary
        read from the archive's files (lint of one file of 10,000 is spared the walk and the
        stat of every file)."""
        return result.spots == () and not result.hiding and self.knows_all(result.known)

    def knows_all(self, known: Sequence[str]) -> bool:
        """Whether :meth:`base` knows every word of ``known``."""
        words = tuple(known)
        verdict = self._known_by_base.get(words)
        if verdict is None:  # the archive's files mostly know the same few words
            from reviewctl.lint.rules.spelling import still_known

            language = self.config.lint.spelling_language
            verdict = self._known_by_base[words] = still_known(words, self.base(), language)
        return verdict

    def attach(self, index: Index) -> None:
        """Use ``index`` for the dictionary (as :meth:`fingerprint` does, which may not run)."""
        self._index = index

    @property
    def index(self) -> Index | None:
        """The archive index the run remembers through (set by :meth:`fingerprint`)."""
        return self._index

    def _files(self) -> list[str]:
        if self._file_list is None:
            self._file_list = _vocabulary_files(self.config, self.items, self.roots)
        return self._file_list

    def _reviews(self) -> list[Review]:
        return [item for item in self.items if not isinstance(item, str)]

    def _build(self) -> Vocabulary:
        built = build_vocabulary(self.config, blocks=self._front_matter(), reviews=self._reviews())
        words, works = sorted(built.words), sorted(built.works)
        self._content = _content_digest(words, built.names, works)
        if self._index is not None and self._digest and not _in_worker():
            data = {"words": words, "names": built.names, "works": works, "content": self._content}
            self._index.save_rows("vocabulary", self._digest, [("", "", data)])
        return built

    def _front_matter(self) -> Iterator[str]:
        for path in self._files():
            block = self._blocks.get(path)
            if block is None and (head := _read_head(path)) is not None:
                block = front_matter_block(head)
            if block is not None:
                yield block

    def _remembered(self) -> Vocabulary | None:
        if self._index is None or not self._digest or _in_worker():
            return None
        hit = self._index.rows("vocabulary", self._digest).get("")
        data = self._index.decode(hit[1]) if hit else None
        if not isinstance(data, dict) or not isinstance(content := data.get("content"), str):
            return None
        try:  # a row of another shape is built again
            vocabulary = Vocabulary(
                frozenset(data["words"]), dict(data["names"]), frozenset(data["works"])
            )
        except (KeyError, TypeError, ValueError):
            return None
        self._content = content
        return vocabulary

    def fingerprint(self, index: Index, seen: Stamps | None = None) -> str:
        """A digest of the vocabulary's words, names and works: what the findings of the
        rules that read it depend on. An edit that leaves the vocabulary as it was (a
        date, a rating, a status the archive already uses) keeps every other file's
        findings.

        Knowing it takes the front matter of every file the vocabulary reads: digests are
        remembered per file in ``index`` (only changed files, and the few a run names, are
        read) and the vocabulary
        under the digest of them all, so it is built again only when some front matter
        changed. Also lets :meth:`get` use the index.
        """
        from reviewctl.archive import names_files
        from reviewctl.cache import look_up, remember, rows_key, stamps_of

        files = self._files()
        seen = {} if seen is None else seen
        reviews = [
            f"{r.path}\0{r.text}\n".encode("utf-8", "surrogateescape") for r in self._reviews()
        ]
        self._index = index
        # no file changed since a run worked the digests out: no front matter to look at.
        # The files a run names (``lint FILE`` after each save) count by their front matter,
        # read here, not by their stamps: an edit below it keeps the key (one-file lint
        # after an edit of 10,000 reviews' archive: 30-50 ms less)
        own: dict[str, str] = {}
        if names_files(self.roots, self.items):
            for item in self.items:
                if isinstance(item, str) and (head := _read_head(item)) is not None:
                    full = os.path.abspath(item)
                    block = self._blocks[full] = front_matter_block(head)
                    own[full] = _digest(block)
        unseen = [path for path in files if path not in seen]  # the lint lookup's already
        for path, mark in zip(unseen, stamps_of(unseen), strict=True):  # absolute already
            seen[path] = (path, mark) if mark else None
        stamps = [entry[1] if (entry := seen[path]) else "" for path in files]
        marks = stamps
        if own:
            marks = [own.get(f) or s for f, s in zip(files, stamps, strict=True)]
        quick = hashlib.blake2b(digest_size=16)
        quick.update(rows_key(self.config, "vocabulary-key").encode())
        quick.update("\0".join(files).encode() + b"\n" + "\0".join(marks).encode())
        quick.update(b"".join(reviews))
        remembered = index.rows("vocabulary-key", quick.hexdigest()).get("")
        found = index.decode(remembered[1]) if remembered is not None else None
        if isinstance(found, list) and len(found) == 2 and all(isinstance(f, str) for f in found):
            self._digest, self._content = found
            return self._content
        lookup = look_up(index, "head", "", files, seen)
        digest = hashlib.blake2b(digest_size=16)
        digest.update(rows_key(self.config, "vocabulary").encode())
        fresh: dict[int, str] = {}
        for position, path in enumerate(files):
            known = lookup.hits.get(position)
            if not isinstance(known, str):
                top = self._blocks.get(path)  # a named file's, read above
                if top is None:
                    head = _read_head(path)
                    if head is None:
                        continue
                    top = self._blocks[path] = front_matter_block(head)
                known = fresh[position] = _digest(top)
            digest.update(f"{path}\0{known}\n".encode())
        digest.update(b"".join(reviews))
        remember(
            index,
            "head",
            "",
            lookup,
            {i: d for i, d in fresh.items() if i in lookup.stamps},
            self.roots,
        )
        self._digest = digest.hexdigest()
        self._built = self._remembered()  # sets the content digest, as does _build
        if self._built is None:
            # the dictionary first, through the index: building the vocabulary needs it
            load_dictionary(self.config.lint.spelling_language, index)
            self._built = self._build()
        index.save_rows(
            "vocabulary-key", quick.hexdigest(), [("", "", [self._digest, self._content])]
        )
        return self._content


def _digest(block: str) -> str:
    """A front matter block's digest, as the ``head`` rows keep it."""
    return hashlib.blake2b(block.encode(), digest_size=16).hexdigest()


def _content_digest(words: list[str], names: Mapping[str, str], works: list[str]) -> str:
    """A digest of a vocabulary (``words`` and ``works`` sorted)."""
    import orjson

    canonical = [words, sorted(names.items()), works]
    return hashlib.blake2b(orjson.dumps(canonical), digest_size=16).hexdigest()


def _in_worker() -> bool:
    from reviewctl.batch import in_worker

    return in_worker()


def _read_head(path: str) -> str | None:
    try:
        return read_head(path, HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def _vocabulary_files(
    config: Config, items: Iterable[str | Review], roots: Iterable[Path] = ()
) -> list[str]:
    """The files whose front matter makes a run's vocabulary, as sorted absolute paths: the
    run's own, plus every file of the archive's reviews folder when the run has a config file
    (linting one review of an archive still knows the others' front matter). Sorted, so a
    run over one file and a run over the archive know the same vocabulary, remembered once."""
    from reviewctl.fs import absolute, working_folder

    cwd = working_folder()
    paths = {absolute(item, cwd) for item in items if isinstance(item, str)}
    if config.source is not None:
        from reviewctl.archive import covers_archive, default_paths, iter_names

        archive = [os.path.abspath(p) for p in default_paths(config)]
        if not covers_archive(roots, config):
            # walked from absolute roots, the names are absolute already: no abspath each
            # (one-file lint of a 10,000-review archive: ~5 ms less)
            paths.update(
                n for n in iter_names([Path(a) for a in archive], config) if isinstance(n, str)
            )
    return sorted(paths)
