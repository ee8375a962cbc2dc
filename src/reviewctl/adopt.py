"""Adopt an existing blog: learn its house style from the posts it already has.

:func:`learn` reads a folder of posts (Hugo, Jekyll, Zola, Pelican, Astro or plain Markdown)
and returns an :class:`Adoption`: the config that describes that blog, what was found, and
why each rule the blog has no use for is switched off. ``init`` writes that config.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from reviewctl.config import (
    DEFAULT_EXCLUDE,
    DEFAULT_MEDIA,
    DRAFT_KEYS,
    Config,
    Medium,
    SiteSettings,
    SupportLink,
)
from reviewctl.markers import CUT
from reviewctl.model import DATE_KEYS, Format, Review, as_date, language_tag, lookup, stars
from reviewctl.structure import normalize_line

# Where generators keep posts, most specific first; the folder itself is the last resort.
POST_FOLDERS = (
    "content/posts", "content/post", "content/blog", "content/reviews", "content/books",
    "src/content/blog", "src/content/posts", "src/content", "_posts", "content", "posts",
    "blog", "reviews",
)  # fmt: skip
# Front matter keys that only a section (list) page has, never a post.
SECTION_KEYS = frozenset(
    ("sort_by", "paginate_by", "paginate_path", "page_template", "transparent", "cascade")
)
# A repository's own documents, never posts.
RATING_KEYS = ("rating", "stars", "score", "grade", "ratings")
# A style counts as the blog's when at least this share of its posts follow it.
MOST = 0.5


@dataclass(frozen=True, slots=True)
class Switch:
    """A rule the written config switches off, and why (written as a comment above it)."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Adoption:
    """What :func:`learn` found in a blog, and the config that describes it."""

    config: Config
    #: the posts' folder from the config's folder (``.``: the folder itself)
    posts_dir: str
    generator: str
    posts: int
    front_matter: str
    title_from: str
    date_from: str
    draft_flag: str
    rating: str
    cut: str
    warning: str
    availability: int
    sections: tuple[str, ...] = ()
    off: tuple[Switch, ...] = ()
    found: tuple[str, ...] = field(default=())
    #: the posts that could not be read or parsed, each ``path:line: why``
    unread: tuple[str, ...] = ()

    def report(self) -> list[str]:
        """What was found, one line each, as ``init`` prints it."""
        return list(self.found)


def post_folder(root: Path) -> str | None:
    """The folder (relative to ``root``) that holds the blog's posts, or ``None`` when there
    are no Markdown posts at all (a blank folder: ``init`` writes the house layout)."""
    counts = {c: _posts_in(root / c, root) for c in (*POST_FOLDERS, ".") if (root / c).is_dir()}
    found = [c for c, n in counts.items() if n]
    if not found:
        return None
    best = found[0]  # the most specific folder that has posts (not section pages alone)...
    for other in found[1:]:  # ...unless one beside it has more: content/reviews, not posts
        if not _nested(other, best) and counts[other] > counts[best]:
            best = other
    return best


def _posts_in(folder: Path, root: Path) -> int:
    """How many posts ``folder`` holds, section pages (``_index.md``) aside."""
    from fnmatch import fnmatch

    return sum(
        1
        for name in _names(folder, root)
        if not any(fnmatch(os.path.basename(name), g) for g in DEFAULT_EXCLUDE)
    )


def _nested(a: str, b: str) -> bool:
    """Whether one of the folders ``a`` and ``b`` holds the other."""
    pa, pb = Path(a), Path(b)
    return a == "." or b == "." or pa in pb.parents or pb in pa.parents


def _names(folder: Path, root: Path) -> Iterator[str]:
    from reviewctl.archive import iter_names

    config = Config(root=root.resolve(), exclude=())
    return (name for name in iter_names([folder], config) if isinstance(name, str))


def generator_of(root: Path, posts: list[Review]) -> str:
    """Which static site generator the blog uses: its config file, else its posts' shape."""
    files = {p.name for p in root.iterdir()} if root.is_dir() else set()
    if files & {"hugo.toml", "hugo.yaml", "hugo.json"} or (root / "archetypes").is_dir():
        return "hugo"
    if files & {"_config.yml", "_config.yaml", "Gemfile"}:
        return "jekyll"
    if "pelicanconf.py" in files:
        return "pelican"
    if any(name.startswith("astro.config.") for name in files):
        return "astro"
    if "config.toml" in files or "zola.toml" in files:
        text = (root / ("zola.toml" if "zola.toml" in files else "config.toml")).read_text(
            encoding="utf-8", errors="replace"
        )
        return "zola" if "base_url" in text else "hugo"
    votes: Counter[str] = Counter()
    for post in posts:
        meta = post.metadata
        if post.format is Format.PELICAN:
            votes["pelican"] += 1
        elif "pubDatetime" in meta:
            votes["astro"] += 1
        elif post.format is Format.TOML:
            zola = {"taxonomies", "extra", "template"} & set(meta)
            votes["zola" if zola else "hugo"] += 1
        elif "layout" in meta or post.file_date is not None:
            votes["jekyll"] += 1
        elif post.format is Format.YAML and "draft" in meta:
            votes["hugo"] += 1
    return votes.most_common(1)[0][0] if votes else "plain"


def _share(count: int, total: int) -> str:
    return f"{count} of {total} post{'' if total == 1 else 's'}"


def _most(count: int, total: int) -> bool:
    return total > 0 and count >= MOST * total


def _rating(posts: list[Review]) -> tuple[str | None, int, str, int]:
    """The blog's rating key, scale (5, 10 or 100), format (number or stars) and how many
    posts use it."""
    best: tuple[str | None, int, str, int] = (None, 10, "number", 0)
    # a rating key at the top, or in a table (Zola's [extra] stars, review.rating)
    tables = sorted(
        {
            f"{name}.{key}"
            for post in posts
            for name, table in post.metadata.items()
            if isinstance(table, dict)
            for key in RATING_KEYS
            if key in table
        }
    )
    for key in (*RATING_KEYS, *tables):
        values: list[float] = []
        glyphs = 0
        for post in posts:
            value = lookup(post.metadata, key)
            if isinstance(value, str) and stars(value) is not None:
                glyphs += 1
                values.append(float(stars(value) or 0))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                values.append(float(value))
        if len(values) > best[3]:
            top = max(values)
            scale = 5 if top <= 5 else 10 if top <= 10 else 100
            best = (key, scale, "stars" if glyphs > len(values) / 2 else "number", len(values))
    return best


def _footer(posts: list[Review]) -> tuple[SupportLink, ...]:
    """Trailing link lines that many posts share: the blog's support footer, in order."""
    counts: Counter[tuple[str, str]] = Counter()
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for post in posts:
        seen = set()
        for index, link in enumerate(post.parts.links):
            key = (link.label, link.url)
            if key not in seen:
                seen.add(key)
                counts[key] += 1
                order.setdefault(key, (index, len(order)))
    shared = [k for k, n in counts.items() if n >= 2 and _most(n, len(posts))]
    shared.sort(key=lambda k: order[k])
    return tuple(SupportLink(label or url, _stored(url)) for label, url in shared)


def _stored(url: str) -> str:
    """A footer URL as init stores it, ``https://`` (as ``--support-link`` does): ``new``
    writes it into every review, and SL003 would report a plain ``http://`` one. An address
    it cannot read stays as the posts have it, for SL003 to report."""
    from reviewctl.errors import InputError
    from reviewctl.links import normalise_url

    try:
        return normalise_url(url).url
    except InputError:
        return url


def replace_aliases(post: Review, aliases: list[tuple[str, tuple[str, ...]]]) -> Review:
    """``post`` reading its fields through ``aliases`` (as it will under the written config)."""
    post.markers = replace(post.markers, aliases=tuple(aliases))
    return post


def _nested_key(posts: list[Review], name: str) -> str | None:
    """``table.name`` when most posts lack a top-level ``name`` but have it in one table."""
    if _most(sum(1 for p in posts if name in p.metadata), len(posts)):
        return None
    tables: Counter[str] = Counter(
        key
        for p in posts
        for key, value in p.metadata.items()
        if isinstance(value, dict) and isinstance(value.get(name), str)
    )
    if tables:
        table, count = tables.most_common(1)[0]
        if _most(count, len(posts)):
            return f"{table}.{name}"
    return None


def _date_key(posts: list[Review]) -> str | None:
    """A key of the blog's own that holds a full date in most posts, when most posts have no
    date where reviewctl looks (``read: 2019-01-22`` in a reading log)."""
    if _most(sum(1 for p in posts if p.date is not None), len(posts)):
        return None
    counts: Counter[str] = Counter()
    for post in posts:
        for key, value in post.metadata.items():
            if key not in DATE_KEYS and as_date(value) is not None:
                counts[key] += 1
    for key, count in counts.most_common():
        if _most(count, len(posts)):
            return key
    return None


def _cut_marker(post: Review) -> str | None:
    """The post's cut as the post writes it (``<!-- more -->``, a Jekyll separator)."""
    marker = post.metadata.get("excerpt_separator")
    if isinstance(marker, str) and marker.strip() and marker.strip() in post.body:
        return marker.strip()
    if post.parts.cuts:
        return post.parts.cuts[0].lines[0].strip()
    return None


def _site_separator(root: Path) -> str | None:
    """Jekyll's site-wide ``excerpt_separator`` (``_config.yml``), when it is a marker."""
    import yaml

    for name in ("_config.yml", "_config.yaml"):
        try:
            data = yaml.safe_load((root / name).read_text(encoding="utf-8", errors="replace"))
        except (OSError, yaml.YAMLError):
            continue
        value = data.get("excerpt_separator") if isinstance(data, dict) else None
        if isinstance(value, str) and value.strip():  # not Jekyll's default, a blank line
            return value.strip()
    return None


# Where each generator keeps the site's settings, and its keys for the address, the title,
# the description and the language.
_SITE_FILES = {
    "hugo": ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"),
    "jekyll": ("_config.yml", "_config.yaml"),
    "zola": ("zola.toml", "config.toml"),
}
_SITE_KEYS = {
    "hugo": ("baseURL", "title", "description", "languageCode"),
    "jekyll": ("url", "title", "description", "lang"),
    "zola": ("base_url", "title", "description", "default_language"),
}


def _learn_site(ln: _Learning, root: Path, generator: str) -> SiteSettings | None:
    """The blog's own title, address, description and language, from its generator's
    config (Hugo's ``baseURL``, Jekyll's ``url`` and ``baseurl``, Zola's ``base_url``), so
    that the site and its feed are the blog's; ``None`` when it says none of them."""
    import tomllib

    import yaml

    data: Any = None
    for name in _SITE_FILES.get(generator, ()):
        try:
            text = (root / name).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        try:
            data = tomllib.loads(text) if name.endswith(".toml") else yaml.safe_load(text)
        except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
            problem = str(exc).splitlines()[0]
            ln.found.append(f"site: {name} could not be read ({problem}): [site] not learnt")
            return None
        if isinstance(data, dict):
            break
    if not isinstance(data, dict):
        return None
    url_key, title_key, description_key, language_key = _SITE_KEYS[generator]

    def text_of(key: str, within: dict[str, Any] = data) -> str:
        value = within.get(key)
        return " ".join(value.split()) if isinstance(value, str) else ""

    base_url = text_of(url_key)
    if generator == "jekyll" and base_url and text_of("baseurl"):
        base_url = base_url.rstrip("/") + "/" + text_of("baseurl").strip("/")
    host = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    placeholders = ("localhost", "127.0.0.1", "example.org", "example.com")
    if not re.match(r"https?://", base_url, re.I) or host.lower() in placeholders:
        base_url = ""  # a development address is not the site's
    elif not base_url.endswith("/"):
        base_url += "/"
    found = data.get("params")
    params: dict[str, Any] = found if isinstance(found, dict) else {}
    description = text_of(description_key) or text_of(description_key, params)
    language = language_tag(text_of(language_key)) or ""
    title = text_of(title_key)
    if not (base_url or title or description or language):
        return None
    return SiteSettings(
        title=title,
        base_url=base_url,
        language=language or "en",
        description=description,
    )


#: What marks a post as a review of one medium: front matter keys, or a folder's name.
_MEDIUM_SIGNS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "book": (
        frozenset(("isbn", "isbn10", "isbn13", "goodreads", "goodreads_id", "book_author",
                   "book", "pages")),
        frozenset(("books", "book", "reading", "reads")),
    ),
    "film": (
        frozenset(("director", "imdb", "letterboxd", "runtime")),
        frozenset(("films", "film", "movies", "movie")),
    ),
    "anime": (frozenset(("episodes", "myanimelist", "anilist", "mal_id")), frozenset(("anime",))),
    "game": (frozenset(("platform", "platforms", "steam")), frozenset(("games", "game"))),
}  # fmt: skip


def _learn_medium(ln: _Learning, root: Path) -> str | None:
    """The medium of a blog whose posts name none, when three in four of them show one and
    none another (a book's ``isbn`` or ``goodreads`` key, a ``books/`` folder):
    ``posts_medium``."""
    counts: Counter[str] = Counter()
    for post in ln.posts:
        if post.medium:
            continue
        keys = {k.lower() for k in post.metadata} | {
            k.lower() for v in post.metadata.values() if isinstance(v, dict) for k in v
        }
        folders = {part.lower() for part in Path(_relative(post.path, root)).parent.parts}
        shown = [
            m for m, (signs, names) in _MEDIUM_SIGNS.items() if keys & signs or folders & names
        ]
        if len(shown) == 1:
            counts[shown[0]] += 1
    if len(counts) != 1:
        return None
    ((medium, count),) = counts.items()
    if count * 4 < ln.total * 3:  # three in four: a post of another kind would be mislabelled
        return None
    ln.found.append(f"medium: {medium} (what {ln.share(count)} show; posts_medium)")
    return medium


def _learn_author(ln: _Learning) -> str:
    """The blogger's name, when the posts' ``author`` (Jekyll's and most themes' byline)
    names one person in three posts or more, and nobody else: a book's author differs from
    book to book."""
    names = Counter(
        " ".join(value.split())
        for p in ln.posts
        if isinstance(value := p.metadata.get("author"), str) and value.strip()
    )
    if len(names) != 1:
        return ""
    ((name, count),) = names.items()
    if count < 3 or any(name.casefold() in p.title.casefold() for p in ln.posts):
        return ""  # "Mort by Terry Pratchett": the work's author
    ln.found.append(f"author: {name!r} (the 'author' of {ln.share(count)})")
    return name


#: Keys that say how the generator builds a page, not what the post says: a new review needs
#: them as the others have them (a key such as Reikaze's ``oldArticle: true``, set on every
#: imported post, is the posts' own)
_PAGE_KEYS = frozenset(
    ("layout", "template", "type", "comments", "license", "lang", "language", "toc", "share",
     "sidebar")
)  # fmt: skip


def _learn_new_fields(ln: _Learning) -> tuple[tuple[str, str | int | float | bool], ...]:
    """The page keys (:data:`_PAGE_KEYS`) every post (five or more) sets to the same string,
    number or flag: a Jekyll blog's ``layout: post`` with no default for it in
    ``_config.yml``, which a new review needs as much as the others."""
    if ln.total < 5:
        return ()
    shared = []
    for key, value in ln.posts[0].metadata.items():
        if key not in _PAGE_KEYS or not isinstance(value, str | int | float | bool):
            continue
        if all(
            p.metadata.get(key) == value and type(p.metadata.get(key)) is type(value)
            for p in ln.posts
        ):
            shared.append((key, value))
    if shared:
        said = ", ".join(f"{k}: {v!r}" for k, v in shared)
        ln.found.append(f"every post sets {said}: new reviews will too")
    return tuple(shared)


def _warning_above_cut(post: Review) -> str | None:
    cut = post.parts.cut
    if cut is None:
        return None
    above = [b for b in post.parts.blocks if b.end < cut.start and b.text.strip()]
    if not above:
        return None
    line = above[-1].lines[-1].strip()
    return line if "spoiler" in line.lower() else None


def _extra_fields(posts: list[Review], config: Config) -> tuple[str, ...]:
    """The blog's own front matter keys: every key its posts use that reviewctl does not know,
    except a one-off near miss of a known key (a likely typo, left for FM005 to report)."""
    from reviewctl import schema
    from reviewctl.suggest import did_you_mean

    known = schema.known_fields(config)
    counts: Counter[str] = Counter(k for p in posts for k in p.metadata if k not in known)
    extra = []
    for key, count in sorted(counts.items()):
        if count == 1 and len(posts) > 2 and did_you_mean(key, known):
            continue
        extra.append(key)
    return tuple(extra)


@dataclass(slots=True)
class _Learning:
    """What :func:`learn` gathers as it reads the posts, aspect by aspect."""

    posts: list[Review]
    found: list[str] = field(default_factory=list)
    off: list[Switch] = field(default_factory=list)
    required: list[str] = field(default_factory=list)
    dateless: bool = False  # the blog dates too few posts for a date to be required
    aliases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.posts)

    def most(self, count: int) -> bool:
        return _most(count, self.total)

    def share(self, count: int) -> str:
        return _share(count, self.total)

    def alias(self, name: str, key: str) -> None:
        """Read field ``name`` from ``key`` from now on (and in the written config)."""
        self.aliases.append((name, (key,)))
        self.posts = [replace_aliases(p, self.aliases) for p in self.posts]


def _learn_front_matter(ln: _Learning) -> str:
    """Switch FM001 off when most posts have no front matter; the format ``new`` writes."""
    bare = sum(1 for p in ln.posts if p.readable and p.format is Format.NONE)
    if bare and ln.most(bare):
        ln.off.append(Switch("FM001", f"{ln.share(bare)} have no front matter"))
    formats = Counter(p.format.value for p in ln.posts if p.readable)
    return "toml" if formats["toml"] > formats["yaml"] else "yaml"


def _learn_titles(ln: _Learning) -> str:
    """Where titles are: a front matter key (maybe nested, ``book.title``) or the first H1."""
    nested = _nested_key(ln.posts, "title")
    if nested:
        ln.alias("title", nested)
    titled = sum(1 for p in ln.posts if p.title)
    in_front = sum(1 for p in ln.posts if isinstance(p.value("title"), str))
    key = nested or "title"
    title_from = f"front matter '{key}'" if in_front >= titled - in_front else "first # heading"
    if ln.most(titled):
        ln.required.append("title")
    ln.found.append(f"titles: {ln.share(titled)} ({title_from})")
    return title_from


def _learn_title_pattern(ln: _Learning, titled: int) -> dict[str, Medium]:
    """The media with the titles ``new`` gives: the house's ("Anime Review: …") where most
    titled posts use it, else the work's name alone, as the blog's own titles are."""
    heads = tuple(m.title_pattern.partition("{work}")[0].casefold() for m in DEFAULT_MEDIA.values())
    housed = sum(1 for p in ln.posts if p.title and p.title.casefold().startswith(heads))
    if not titled or _most(housed, titled):
        return dict(DEFAULT_MEDIA)
    plain = ln.share(titled - housed)
    ln.found.append(f"new reviews' titles: the work's name (no 'Anime Review:' head on {plain})")
    return {n: replace(m, title_pattern="{work}") for n, m in DEFAULT_MEDIA.items()}


def _learn_dates(ln: _Learning) -> str:
    """Where dates are: a key, the file name, or a key of the blog's own that holds dates."""
    own = _date_key(ln.posts)
    if own:
        ln.alias("date", own)
    keys = ("date", *DATE_KEYS, *([own] if own else []))
    sources: Counter[str] = Counter()
    for post in ln.posts:
        key = next((k for k in keys if as_date(post.metadata.get(k))), None)
        sources[key or ("file name" if post.file_date else "none")] += 1
    dated = ln.total - sources["none"]
    date_from = ", ".join(k for k, _ in sources.most_common() if k != "none") or "nowhere"
    # a generator's own date key (Astro's pubDatetime) that most posts use and none says
    # "date": what new and publish write too, or the blog's schema would refuse them
    usual = next((k for k, _ in sources.most_common() if k != "none"), None)
    if usual in DATE_KEYS and not own and not sources["date"] and ln.most(sources[usual]):
        ln.alias("date", usual)
    ln.found.append(f"dates: {ln.share(dated)} (from {date_from})")
    if not ln.most(dated):
        ln.dateless = True
        ln.found.append(f"no date required (FM003): the blog dates {ln.share(dated)}")
    both = [p for p in ln.posts if p.file_date is not None and as_date(p.value("date"))]
    differ = sum(1 for p in both if as_date(p.value("date")) != p.file_date)
    if differ >= 2 and _most(differ, len(both)):
        ln.off.append(
            Switch("FM008", f"{_share(differ, len(both))} dated in the name say another date")
        )
    return date_from


def _learn_fields(ln: _Learning, generator: str) -> str:
    """The draft flag (the key the posts use, else the generator's), and the house fields
    (work, medium) if most posts set them."""
    flagged = sum(1 for p in ln.posts if p.states_status)
    # a generator's own flag first: a draft marked any other way (one post's "status:
    # reading") is one it publishes; else the key most posts flag with
    used = [k for k in DRAFT_KEYS if _flag_key(k, ln.posts)]
    counts = {k: sum(1 for p in ln.posts if k in p.metadata) for k in used}
    flag = _GENERATOR_DRAFT_KEYS.get(generator) or (
        max(used, key=counts.__getitem__) if used else "status"
    )
    if ln.most(flagged):
        ln.required.append("status")
    # the key the posts that say it use (remy's one "published: true" among years of
    # publication), not the flag a new review gets
    said = next(
        (
            k
            for k in DRAFT_KEYS
            for p in ln.posts
            if k in p.metadata and _says_draft(k, p.metadata[k])
        ),
        flag,
    )
    ln.found.append(f"drafts: {ln.share(flagged)} say whether they are (with {said!r})")
    for name in ("work", "medium"):
        if ln.most(sum(1 for p in ln.posts if p.value(name) is not None)):
            ln.required.append(name)
    return flag


def _flag_key(key: str, posts: list[Review]) -> bool:
    """Whether the posts that set ``key`` mostly use it as their draft flag."""
    values = [p.metadata[key] for p in posts if key in p.metadata]
    flags = sum(1 for v in values if _says_draft(key, v))
    return flags > len(values) - flags


def _says_draft(key: str, value: object) -> bool:
    """Whether ``value`` under ``key`` is a draft flag: a status word, or true/false (a
    ``published: 1932``, a book's year, or ``published: 2024-03-01``, a date, is not)."""
    if key == "status":
        return isinstance(value, str) and bool(value.strip())
    return isinstance(value, bool)


# The generators that skip blank lines above the front matter (Hugo's page parser, Zola's
# ``^[[:space:]]*\+\+\+``): FM009 is no matter to their blogs.
_READS_FRONT_MATTER_ANYWHERE = frozenset(("hugo", "zola"))

# How each generator marks a draft (a post that says nothing is published).
_GENERATOR_DRAFT_KEYS = {"hugo": "draft", "zola": "draft", "astro": "draft", "jekyll": "published"}


def _learn_rating(ln: _Learning) -> tuple[str, int, str]:
    """The rating: its description, scale and format."""
    key, scale, fmt, rated = _rating(ln.posts)
    rating = "none"
    if key is not None and rated:
        rating = f"'{key}', {fmt} out of {scale} ({ln.share(rated)})"
        if key != "rating":
            ln.alias("rating", key)
    ln.found.append(f"ratings: {rating}")
    return rating, scale, fmt


def _learn_cut(ln: _Learning, lede_max: int) -> tuple[str, bool, str, int]:
    """The cut marker, whether the blog uses it, the spoiler line above it and the longest
    lede (SP001 off when most posts have no cut; SP003 off with no shared spoiler line)."""
    markers = Counter(m for p in ln.posts if (m := _cut_marker(p)))
    cuts = sum(markers.values())
    cut = markers.most_common(1)[0][0] if markers else CUT
    lines = {normalize_line(w): w for p in ln.posts if (w := _warning_above_cut(p))}
    counts = Counter(normalize_line(w) for p in ln.posts if (w := _warning_above_cut(p)))
    warning = ""
    if counts:
        common, count = counts.most_common(1)[0]
        if count >= 2 and count > cuts / 2:
            warning = lines[common]
    used = ln.most(cuts)
    if used:
        ln.found.append(f"cut: {cut} in {ln.share(cuts)}")
    else:
        ln.found.append(f"cut: {ln.share(cuts)} use one")
        ln.off.append(Switch("SP001", f"{ln.share(cuts)} have a cut"))
    ln.found.append(f"spoiler warning above the cut: {warning!r}" if warning else "no spoiler line")
    ledes = sorted(p.parts.lede_words() for p in ln.posts if p.parts.cut is not None)
    if ledes and ledes[-1] > lede_max:
        lede_max = -(-ledes[-1] // 50) * 50
        ln.found.append(f"ledes: up to {ledes[-1]} words above the cut")
    return cut, used, warning, lede_max


def _learn_ending(ln: _Learning) -> tuple[int, tuple[SupportLink, ...]]:
    """The availability line and the support footer (TX003 and SL003 off without them)."""
    available = sum(1 for p in ln.posts if p.parts.availability is not None)
    ln.found.append(f"availability line: {ln.share(available)}")
    if not ln.most(available):
        ln.off.append(Switch("TX003", f"{ln.share(available)} say where to find the work"))
    links = _footer(ln.posts)
    if links:
        ln.found.append(f"support footer: {', '.join(link.label for link in links)}")
    else:
        ln.found.append("support footer: none shared by most posts")
        ln.off.append(Switch("SL003", "no support footer: the posts' trailing links are not one"))
    return available, links


def _learn_images(ln: _Learning) -> None:
    """Whether the posts' local images sit beside them (MD004 off when none does: the site
    keeps its pictures elsewhere, e.g. Hugo's ``static/``)."""
    shown = found = 0
    for post in ln.posts:
        for image in post.parts.images:
            src = image.src.strip().split("#", 1)[0].split("?", 1)[0]
            if not src or "://" in src or src.startswith(("/", "//", "data:", "{")):
                continue
            shown += 1
            found += (post.path.parent / unquote(src)).exists()
    if shown and not found:
        ln.off.append(
            Switch("MD004", f"none of the {shown} local images the posts show is beside them")
        )


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def learn(root: Path) -> Adoption | None:
    """Read the posts under ``root`` and describe the blog; ``None`` when there are none."""
    from reviewctl.parse import parse_review

    root = root.resolve()
    folder = post_folder(root)
    if folder is None:
        return None
    separator = _site_separator(root)  # the cut of every post that names none itself
    default = Config(root=root, cut=separator) if separator else Config(root=root)
    every = [parse_review(Path(name), default.markers) for name in _names(root / folder, root)]
    kept = [p for p in every if not default.excluded(str(p.path))]
    sections = tuple(
        sorted(_relative(p.path, root) for p in kept if SECTION_KEYS & set(p.metadata))
    )
    posts = [p for p in kept if _relative(p.path, root) not in sections]
    if not posts:  # only section pages: nothing to learn from
        return None
    generator = generator_of(root, posts)
    ln = _Learning(posts)
    ln.found.append(f"{ln.total} post{'' if ln.total == 1 else 's'} in {folder} ({generator})")
    front_matter = _learn_front_matter(ln)
    title_from = _learn_titles(ln)
    media = _learn_title_pattern(ln, sum(1 for p in ln.posts if p.title))
    date_from = _learn_dates(ln)
    draft_flag = _learn_fields(ln, generator)
    rating, scale, fmt = _learn_rating(ln)
    cut, uses_cut, warning, lede_max = _learn_cut(ln, default.lint.lede_max_words)
    available, links = _learn_ending(ln)
    _learn_images(ln)
    if generator in _READS_FRONT_MATTER_ANYWHERE:
        ln.off.append(Switch("FM009", f"{generator} reads front matter below blank lines"))
    # Years of posts hold many words no dictionary knows (names, games, slang): the author
    # reviews them once, then switches spelling on.
    ln.off.append(
        Switch(
            "TX005",
            "spelling waits for the blog's own words: `reviewctl lint --select TX005` lists "
            "them; put the right ones in [lint.spelling] words, then take TX005 off this list",
        )
    )
    if sections:
        ln.found.append(f"section pages left out: {', '.join(sections)}")
    posts_medium = _learn_medium(ln, root)
    # a blog of books (or a medium whose facts name an author): "author" is the work's
    written_by = posts_medium is not None and "author" in DEFAULT_MEDIA[posts_medium].fields
    author = "" if written_by else _learn_author(ln)
    site = _learn_site(ln, root, generator)
    if site is not None:
        where = f" at {site.base_url}" if site.base_url else ""
        ln.found.append(f"site: {site.title or '(no title)'}{where}, in {site.language!r}")
        if not site.language.lower().startswith("en"):  # English spelling: not this blog's
            ln.off = [s for s in ln.off if s.code != "TX005"]

    config = Config(
        root=root,
        author=author,
        posts_medium=posts_medium,
        reviews_dir=folder,
        cut=cut,
        spoiler_warning=warning,
        support_links=links,
        required_fields=tuple(ln.required),
        rating_scale=scale,
        rating_format=fmt,
        front_matter=front_matter,
        exclude=(*DEFAULT_EXCLUDE, *sections),
        aliases=tuple(ln.aliases),
        draft_key=draft_flag,
        media=media,
        site=site or SiteSettings(),
    )
    lint = replace(
        config.lint,
        ignore=tuple(s.code for s in ln.off),
        lede_max_words=lede_max,
        require_date=not ln.dateless,
    )
    config = replace(
        config,
        extra_fields=_extra_fields(ln.posts, config),
        new_fields=_learn_new_fields(ln),
        lint=lint,
    )
    return Adoption(
        config=config,
        posts_dir=folder,
        generator=generator,
        posts=ln.total,
        front_matter=front_matter,
        title_from=title_from,
        date_from=date_from,
        draft_flag=draft_flag,
        rating=rating,
        cut=cut if uses_cut else "",
        warning=warning,
        availability=available,
        sections=sections,
        off=tuple(ln.off),
        found=tuple(ln.found),
        unread=tuple(p.error.at(_relative(p.path, root)) for p in posts if p.error is not None),
    )


def config_text(adoption: Adoption, header: Iterable[str] = ()) -> str:
    """The ``reviewctl.toml`` for an adopted blog: the settings, with a comment above each
    rule switched off saying why (tomli-w writes no comments, so they are added here)."""
    from reviewctl.config import config_to_mapping

    notes = {}
    if not adoption.warning:
        notes["spoiler_warning"] = (
            "empty: most posts have no spoiler line above a cut, so SP003 is off "
            "(SP006 still reports a spoiler warning with no cut after it)"
        )
    if adoption.config.exclude:
        notes["exclude"] = "not posts: section pages (_index.md, section keys)"
    if adoption.config.new_fields:
        notes["new_fields"] = "what every post sets alike: `reviewctl new` writes it too"
    return mapping_text(
        config_to_mapping(adoption.config),
        {s.code: s.reason for s in adoption.off},
        header,
        notes,
    )


def mapping_text(
    data: dict[str, Any],
    reasons: dict[str, str],
    header: Iterable[str] = (),
    notes: dict[str, str] | None = None,
) -> str:
    """TOML for ``data``, with ``# CODE off: reason`` comments above ``[lint] ignore`` and a
    ``# note`` above each top-level setting named in ``notes``."""
    import tomli_w

    text = tomli_w.dumps(data)
    notes = notes or {}
    lines = [f"# {line}" for line in header]
    if lines:
        lines.append("")
    table = ""
    for line in text.splitlines():
        if line.startswith("["):
            table = line.strip()
        key = line.split(" = ", 1)[0] if " = " in line else ""
        if table == "[lint]" and key == "ignore" and reasons:
            lines += [f"# {code} off: {why}" for code, why in reasons.items()]
        elif not table and key in notes:
            lines.append(f"# {notes[key]}")
        elif line.startswith("[") and line.strip("[] ") in notes:
            lines.append(f"# {notes[line.strip('[] ')]}")
        lines.append(line)
    return "\n".join(lines) + "\n"
