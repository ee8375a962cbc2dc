"""Render one review file into its output folder: the worker's whole job, and a record of it."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markupsafe import escape

from reviewctl.export import html, jsonld, markdown, site, wordpress
from reviewctl.export.job import Job, PageRecord
from reviewctl.export.output import OutputDir
from reviewctl.export.themes import Theme
from reviewctl.fs import read_limited
from reviewctl.model import FIRST_YEAR, Problem, Review, split_language
from reviewctl.parse import parse_bytes
from reviewctl.slug import slugify, tag_slug

#: File stems that name a page bundle's folder rather than the review (Hugo, Zola, Gatsby).
BUNDLE_STEMS = frozenset({"index", "_index", "readme"})


#: One theme per folder, as its content last was: an edited theme replaces its old self
#: (a long ``serve`` held every version it had built with).
_THEMES: dict[Path | None, Theme] = {}


def share_theme(theme: Theme) -> None:
    """Use ``theme`` (its templates already compiled) for the pages this process renders,
    and the processes it forks."""
    _THEMES[theme.folder] = theme


def _theme(folder: Path | None, fingerprint: str) -> Theme:
    """The theme of ``folder`` with content ``fingerprint``, compiled once per process."""
    theme = _THEMES.get(folder)
    if theme is None or theme.fingerprint != fingerprint:
        theme = _THEMES[folder] = Theme(folder)
    return theme


@cache
def medium_slug(medium: str) -> str:
    slug = slugify(medium) if medium else "other"
    return f"{slug}-reviews" if slug in site.RESERVED else slug


def review_slug(review: Review) -> str:
    """From the ``slug`` key, else the file name (a bundle's ``index.md``: its folder's)."""
    value = review.metadata.get("slug")
    if isinstance(value, str | int) and str(value).strip():
        return slugify(str(value))
    return slugify(file_stem(review.path))


def file_stem(path: Path) -> str:
    """The name a review's file gives it: its stem, less the date Jekyll and Zola read from
    a name (``2019-04-18-aeroplane.md``, ``2025-02-03_dune.md``) and leave out of its
    address; a bundle's ``index.md`` (a translation's ``index.zh-cn.md`` too): its folder's.
    A language tag stays in any other name: a translation beside its original
    (``post.fr.md``) must not take the original's address."""
    stem = path.stem
    if split_language(stem)[0].lower() in BUNDLE_STEMS and path.parent.name:
        stem = path.parent.name
    return _DATED_NAME.sub("", stem, count=1)


#: a date before a name, which Jekyll and Zola leave out of the address
_DATED_NAME = re.compile(r"\A\d{4}-\d{1,2}-\d{1,2}[-_](?=[^\W_])")


def post_slug(review: Review) -> str:
    """The slug WordPress gets: the ``slug`` key as written (WordPress encodes it as it
    encoded the post's own, so an imported ``обзор-дюна`` keeps its permalink), else
    :func:`review_slug`."""
    value = review.metadata.get("slug")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return review_slug(review)


class _Pages:
    """The run's reviews by their files' real paths, and the folder of each one's page: for
    links between reviews (:meth:`~reviewctl.export.html.Images.link`). Built when a review
    first links to another, once per process and run; a folder is the one the run knows, else
    the one the review's front matter asks for (:func:`~reviewctl.export.run` checks it once
    every folder is settled)."""

    _current: tuple[Job, _Pages] | None = None

    def __init__(self, job: Job) -> None:
        self.job = job
        self._keys: dict[str, list[str]] | None = None
        self._slugs: dict[str, list[str]] | None = None
        self._folders: dict[str, str] = {}

    @classmethod
    def of(cls, job: Job) -> _Pages:
        if cls._current is None or cls._current[0] is not job:
            cls._current = (job, cls(job))
        return cls._current[1]

    def __call__(self, real: str) -> str | None:
        if self._keys is None:
            self._keys = _by_tail(self.job.reviews)
        key = next(
            (k for k in self._keys.get(_tail(real), ()) if os.path.realpath(k) == real), None
        )
        if key is None:
            return None
        if key not in self._folders:
            known = self.job.folders.get(key)
            self._folders[key] = known if known is not None else self._folder(key)
        return self._folders[key]

    def by_address(self, path: str) -> str | None:
        """The real path of the review the blog's generator published at ``path``, by Hugo's
        and Jekyll's default addresses: its file's name (less a Jekyll date; a bundle's
        folder's) last, after nothing but dates or the folders it lies in within the blog
        (``/2020/01/02/x.html``, ``/posts/x/`` for ``content/posts/x.md``, ``/x/``); None
        unless exactly one review of the run has that name (a ``slug`` in front matter is
        not looked at)."""
        parts = [unquote(p) for p in path.split("#", 1)[0].split("?", 1)[0].split("/") if p]
        if parts and _INDEX.fullmatch(parts[-1]):  # a bundle's page or source
            parts.pop()
        if not parts:
            return None
        name = _name_in_address(re.sub(r"\.(?:html?|md|markdown)\Z", "", parts[-1], flags=re.I))
        if self._slugs is None:
            self._slugs = {}
            for key in self.job.reviews:
                self._slugs.setdefault(_old_name(key), []).append(key)
        keys = self._slugs.get(name, [])
        if len(keys) != 1:
            return None
        # the folders it lies in within the blog (content/posts/x.md: /posts/x/), or dates
        within = os.path.relpath(keys[0], self.job.config.root)
        folders = {f.lower() for f in Path(within).parent.parts}
        if not all(p.isdigit() or p.lower() in folders for p in parts[:-1]):
            return None
        return os.path.realpath(keys[0])

    def _folder(self, key: str) -> str:
        """The folder the review at ``key`` asks for, if this run publishes it ("": not)."""
        config, options = self.job.config, self.job.options
        data = _read(key, config.max_file_size)
        if isinstance(data, OSError):
            return ""
        review = parse_bytes(data, Path(key), config.markers)
        if review.error is not None or (_unpublished(review) and not options.drafts):
            return ""
        release = review.release
        if release is not None and _ahead(*release) and not options.drafts:
            return ""
        return f"{medium_slug(review.medium)}/{review_slug(review)}"


_JEKYLL_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-")
_INDEX = re.compile(r"_?index(?:\.[\w-]+)?\.(?:html?|md|markdown)", re.I)


def _old_name(key: str) -> str:
    """The name the blog's generator gave the review at ``key`` in its address."""
    return _name_in_address(file_stem(Path(key)))


def _name_in_address(name: str) -> str:
    """``name`` without a Jekyll date before it, in lower case."""
    return _JEKYLL_DATE.sub("", name, count=1).lower()


def _unpublished(review: Review) -> bool:
    """A draft, or a review whose expiry date has come (Hugo's ``expiryDate``): the blog
    does not publish it; a preview with ``--drafts``."""
    expiry = review.expiry
    return review.is_draft or (expiry is not None and not _ahead(*expiry))


def _ahead(day: dt.date, moment: dt.datetime | None) -> bool:
    """Whether a review dated ``day`` (at ``moment``, when its time and zone are known) is
    still to come: the site holds it back till then."""
    if moment is not None and moment.tzinfo is not None:
        return moment > dt.datetime.now(dt.UTC)
    if moment is not None:  # a time of day with no zone: this computer's clock
        return moment > dt.datetime.now()
    return day > dt.date.today()


def _tail(path: str) -> str:
    """A path's file name and its folder's: what a link between reviews is looked up by (a
    real path is worked out only for the few files that end the same way)."""
    return "/".join(path.replace(os.sep, "/").rsplit("/", 2)[-2:])


def _by_tail(keys: Iterable[str]) -> dict[str, list[str]]:
    by_tail: dict[str, list[str]] = {}
    for key in keys:
        by_tail.setdefault(_tail(key), []).append(key)
    return by_tail


def linked_folders(folders: dict[str, str], reals: Iterable[str]) -> dict[str, str]:
    """The folder of each page (``folders``: review key → folder) whose file is one of the
    real paths ``reals``, by real path."""
    by_tail = _by_tail(folders)
    found: dict[str, str] = {}
    for real in set(reals):
        for key in by_tail.get(_tail(real), ()):
            if os.path.realpath(key) == real:
                found[real] = folders[key]
    return found


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _undated(review: Review, shown: str, *, feed: bool) -> str | None:
    """The warning for a published review without a date its page can show: a date that
    is not one (``2026-13-45``), or, in a site, none (a feed's entries need one)."""
    date = review.date
    if date is not None:
        if date.year >= FIRST_YEAR:
            return None
        line = review.key_line(review.date_key or "") or 1
        return f"{shown}:{line}: date {date} looks like a placeholder: exported as written"
    written = review.value("date")
    if written is None or not str(written).strip():
        return f"{shown}:1: no date: left out of the feed" if feed else None
    line = next(filter(None, map(review.key_line, review.keys_for("date"))), 1)
    where = ", and left out of the feed" if feed else ""
    if isinstance(written, str):
        return f"{shown}:{line}: date {written!r} is not a real date: exported undated{where}"
    from reviewctl.schema import describe

    return f"{shown}:{line}: date is {describe(written)}, not a date: exported undated{where}"


def render_review(key: str, forced: str | None, job: Job, output: OutputDir) -> PageRecord:
    """Parse, render and write one review; the record the manifest keeps of it."""
    options, config = job.options, job.config
    record = PageRecord()
    data = _read(key, config.max_file_size)
    if isinstance(data, OSError):
        reason = data.strerror or data.__class__.__name__
        review = Review(Path(key), error=Problem(f"cannot read file: {reason}", kind="read"))
    else:
        review = parse_bytes(data, Path(key), config.markers)
    shown = shown_path(review.path, config.root)
    if review.error is not None:
        record.error = (review.error.place, review.error.message)
        return record
    if _unpublished(review) and not options.drafts:
        record.draft = True
        return record
    if (expiry := review.expiry) is not None:  # exported again on its day: taken down
        record.expires = expiry[0].isoformat()
    wp = options.format == "wordpress"  # WordPress schedules a post dated ahead itself
    release = review.release
    if not wp and release is not None and _ahead(*release):
        record.scheduled = release[0].isoformat()
        if not options.drafts:
            return record
    base = f"{medium_slug(review.medium)}/{review_slug(review)}"
    folder = forced or base
    record.base, record.dir = base, folder
    slug = folder.rsplit("/", 1)[1]
    theme = _theme(options.theme, job.theme_fingerprint)
    images = html.Images(review.path, _resolved(config.root), prefix=f"{slug}/" if wp else "")
    if not wp:  # a WordPress post's links to other reviews stay text: their URLs are WordPress's
        images.pages = _Pages.of(job)
        images.page_root = html.relative_root(folder)
    page = html.build_page(
        review,
        config,
        medium_slug=folder.split("/", 1)[0],
        slug=slug,
        tag_slug=tag_slug,
        images=images,
        safe=options.safe,
    )
    page.draft = page.draft or bool(record.scheduled) or _unpublished(review)  # a preview
    page.jsonld = jsonld.script(jsonld.review(page))
    outputs: dict[str, str] = {}
    warnings = images.warnings
    if not page.draft and (undated := _undated(review, shown, feed=options.site)):
        warnings.append(undated)
    if wp:
        content = wordpress.post_content(review, config, images, safe=options.safe)
        fragment = wordpress.render_fragment(content, theme.template("wordpress.html"), page)
        outputs[f"{folder}.html"] = output.put(f"{folder}.html", fragment.encode("utf-8"))
        settings = wordpress.post_settings(
            page,
            review,
            slug=post_slug(review),
            source=shown,
            images=[f"{slug}/{d}" for d in sorted(images.copies)],
            excerpt=content.excerpt,
        )
        data = wordpress.settings_json(settings).encode("utf-8")
        outputs[f"{folder}.json"] = output.put(f"{folder}.json", data)
    else:
        text = html.render_page(
            page,
            theme.template("review.html"),
            root=html.relative_root(folder),
            site=options.site,
            assets=list(job.assets),
        )
        rel = f"{folder}/index.html"
        if options.site:  # written once the site's order gives it its neighbour links
            # compressed while it waits (~4.5 KB a page instead of ~10 KB) by LZ4: 20 µs a
            # page there and back where zlib took 105 (bench_export, cold --site of 10,000
            # reviews: about 1 s less CPU, 0.3-0.5 s less wall)
            import lz4.block  # only a site's pages wait

            record.page = lz4.block.compress(text.encode("utf-8"))
            outputs[rel] = ""
        else:
            outputs[rel] = output.put(rel, text.encode("utf-8"))
    for dest, source in sorted(images.copies.items()):
        rel = f"{folder}/{dest}"
        try:
            outputs[rel] = output.put(rel, read_limited(source, html.MAX_IMAGE_SIZE)[0])
        except OSError as exc:
            warnings.append(f"{shown}: image not copied: {exc.strerror or exc}")
    record.outputs = outputs
    if images.deps:
        record.deps = images.deps
    if images.links:
        record.links = images.links
    if warnings:
        record.warnings = warnings
    if not wp:  # a draft has one only in a --drafts preview (it is not rendered otherwise)
        record.entry = _entry(
            review,
            page,
            folder,
            images,
            theme,
            warning=config.spoiler_warning,
            safe=options.safe,
            full=config.site.feed == "full",
        )
    return record


def parts_warning(page: html.Page) -> str:
    """The spoiler warning's text (the page holds it rendered)."""
    return markdown.plain_text(str(page.warning))


#: Where a review page holds its links to its neighbours (see ``review.html``).
NAV = re.compile(r"<!--reviewctl:nav-->.*?<!--/reviewctl:nav-->", re.S)


def _read(key: str, limit: int) -> bytes | OSError:
    """The review's bytes, or why it cannot be read (as :func:`parse_review` reads it)."""
    try:
        return read_limited(key, limit)[0]
    except OSError as exc:
        return exc


@cache
def _resolved(root: Path) -> Path:
    return root.resolve()


def shown_path(path: Path, root: Path) -> str:
    """The review's path relative to the archive root when it is inside it."""
    relative = os.path.relpath(os.path.abspath(path), _resolved(root))
    return path.name if relative.startswith("..") else Path(relative).as_posix()


# a lede with no text that still shows something: a picture, a video, an embed
_SHOWS = re.compile(r"<(?:img|video|audio|iframe|picture|svg|object|embed)\b", re.I)


def _entry(
    review: Review,
    page: html.Page,
    folder: str,
    images: html.Images,
    theme: Theme,
    *,
    warning: str,
    safe: bool,
    full: bool = False,
) -> dict[str, Any]:
    """What the index and the feed know of a review: never more than its lede."""
    lede = str(page.lede)
    if images.in_lede and lede:  # again, with image sources relative to the site's root
        parts = html.split(review, warning)
        rooted = html.Images(review.path, images.root, prefix=f"{folder}/")
        rooted.pages, rooted.page_root = images.pages, images.page_root
        lede = markdown.render(
            parts.lede.source,
            resolve=rooted,
            first_line=parts.lede.line,
            doc_id="lede",
            link=rooted.link if rooted.pages is not None else None,
        )
        lede = html.sanitize(lede) if safe else html.drop_comments(lede)
    lede = html.rebase_links(lede, folder)  # shown on the site's front pages, and in the feed
    if (
        not markdown.plain_text(lede)
        and not _SHOWS.search(lede)
        and (own := html.own_description(review))
    ):
        lede = f"<p>{escape(own)}</p>"  # nothing to show (a post of raw HTML): the author's own
    entry: dict[str, Any] = {
        "title": page.title,
        "work": page.work,
        "url": f"{folder}/index.html",
        "medium_slug": page.medium_slug,
        "medium_label": page.medium_label,
        "date": page.date_iso or None,
        # the moment, for the feed: the time of day and zone the front matter gives
        "moment": _iso(review.moment),
        "date_text": page.date_text,
        "rating_text": page.rating_text,
        "tags": [[t.name, t.slug] for t in page.tags],
        "lede": lede,
        "description": page.description,
        "cover": page.cover,
        "draft": page.draft,
        "cut": page.has_cut,  # the page has a #more to read on from
        # its own language, for its card and line on pages in the site's ("": the site's)
        "lang": review.language or "",
    }
    if review.is_page:  # a page of the blog (About): no list, feed or neighbour shows it
        entry["page"] = True
    if full:  # feed = "full": the whole review, the warning and the cut as a divider
        from reviewctl.export.feed import full_content

        divider = parts_warning(page) if page.has_cut else None  # no cut: no divider
        entry["full"] = full_content(str(page.lede), divider, str(page.body))
    # The line a list page shows for this review, rendered here, in the worker, once: a list
    # page of ten thousand reviews is then a join rather than ten thousand template calls.
    entry["line"] = str(theme.template("entry-line.html").render(entry=entry, root=site.ROOT))
    return site.keyed(entry)
