"""``import wordpress``: a WXR export → one review file per post, in the archive's format.

The export is read whole first (:mod:`reviewctl.importers.wxr`), so a file that is not WXR
writes nothing. Each post becomes a :class:`Planned` review; a post that cannot be converted
is reported with its line and the others go on. Writing never replaces a file that differs
unless ``force``; a file whose text would not change is left alone, so importing the same
export twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from reviewctl.config import Config, Medium, draft_fields
from reviewctl.edit import render_line, render_value
from reviewctl.errors import InputError, ReviewctlError
from reviewctl.fs import clean_stale_temps, write_atomic
from reviewctl.importers.wpcontent import plain_text, to_markdown
from reviewctl.importers.wxr import Export, Item, read_export
from reviewctl.model import Format, Review
from reviewctl.slug import slugify

DEFAULT_FALLBACK_MEDIUM = "other"
_TAGS = re.compile(r"<[^>]*>")
#: WordPress statuses that are not content at all: never imported.
DISCARDED_STATUSES = frozenset({"trash", "auto-draft", "inherit"})
_NOT_REVIEWS = {
    "attachment": "attachments",
    "nav_menu_item": "menu items",
    "revision": "revisions",
}
_ZERO_DATE = "0000-00-00 00:00:00"
_TAG_DOMAINS = frozenset({"post_tag", "tag"})


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"  # the file exists and differs; replaced only with --force
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"  # the file exists and differs; kept (no --force)
    FAILED = "failed"  # could not be written (the error is in the report's errors)


@dataclass(frozen=True, slots=True)
class Planned:
    """One review the import writes (or would write)."""

    wp_id: int | None
    title: str
    path: Path
    text: str
    action: Action
    medium_matched: bool
    protected: bool = False
    #: the featured image's attachment id when the export holds no such attachment
    lost_image: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item that is not imported, and why."""

    title: str
    line: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the summary."""

    source: Path
    reviews_path: Path
    dry_run: bool = False
    wxr_version: str | None = None
    repaired_cdata: bool = False
    planned: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[ReviewctlError] = field(default_factory=list)
    not_reviews: Counter[str] = field(default_factory=Counter)
    comments: int = 0
    shortcodes: Counter[str] = field(default_factory=Counter)
    dynamic_blocks: Counter[str] = field(default_factory=Counter)
    foreign_images: list[str] = field(default_factory=list)
    images: int = 0
    fallback_medium: str = DEFAULT_FALLBACK_MEDIUM
    #: the config's media when ``fallback_medium`` is not one of them (lint reports its posts)
    unknown_medium_of: tuple[str, ...] = ()

    def count(self, action: Action) -> int:
        return sum(1 for p in self.planned if p.action is action)

    @property
    def protected(self) -> int:
        return sum(1 for p in self.planned if p.protected)

    @property
    def unmatched(self) -> int:
        return sum(1 for p in self.planned if not p.medium_matched)


@dataclass(frozen=True, slots=True)
class Options:
    """The command's switches."""

    pages: bool = False
    dry_run: bool = False
    force: bool = False
    fallback_medium: str = DEFAULT_FALLBACK_MEDIUM


def import_wordpress(config: Config, source: Path, options: Options | None = None) -> ImportReport:
    """Import ``source`` into the archive of ``config``; raises :class:`InputError` (nothing
    written) when the file is not a readable WordPress export."""
    options = options or Options()
    config.reviews_to_write()
    export = read_export(source)
    report = ImportReport(
        source=source,
        reviews_path=config.reviews_path,
        dry_run=options.dry_run,
        wxr_version=export.version,
        repaired_cdata=export.repaired_cdata,
        fallback_medium=options.fallback_medium,
    )
    if options.fallback_medium not in config.media:
        report.unknown_medium_of = tuple(sorted(config.media))
    attachments = {
        item.post_id: item.attachment_url
        for item in export.items
        if item.post_type == "attachment" and item.attachment_url
    }
    own = _own_hosts(export)
    taken: set[Path] = set()
    owners = _owners(config)
    blocks = export.reusable_blocks()
    for item in export.items:
        report.comments += item.comments
        reason = _not_imported(item, options)
        if reason is not None:
            if item.post_type in _NOT_REVIEWS:
                report.not_reviews[_NOT_REVIEWS[item.post_type]] += 1
            else:
                report.skipped.append(Skipped(item.title, item.line, reason))
            continue
        try:
            planned, converted = _plan(
                config, export, item, (attachments, blocks), options, taken, owners
            )
        except ReviewctlError as exc:
            report.errors.append(exc)
            continue
        taken.add(planned.path)
        if planned.action is Action.CONFLICT and options.force:
            planned = replace(planned, action=Action.UPDATE)  # what --dry-run shows, too
        report.planned.append(planned)
        report.shortcodes.update(converted.shortcodes)
        report.dynamic_blocks.update(converted.dynamic)
        report.images += len(converted.images)
        report.foreign_images.extend(
            url for url in converted.images if (urlsplit(url).hostname or "") not in own | {""}
        )
    if not options.dry_run:
        _write(report)
    return report


def _own_hosts(export: Export) -> set[str]:
    """The blog's own hosts: its address and the site's, with and without ``www.``, and on
    WordPress.com the media host (``blog.files.wordpress.com``) and the image CDN."""
    hosts = {urlsplit(u).hostname or "" for u in (export.base_url, export.blog_url)} - {""}
    hosts |= {h.removeprefix("www.") for h in hosts} | {f"www.{h}" for h in hosts}
    for host in list(hosts):
        if host.endswith(".wordpress.com"):
            hosts.add(host.removesuffix(".wordpress.com") + ".files.wordpress.com")
            hosts |= {f"i{n}.wp.com" for n in range(3)}
    return hosts


def _not_imported(item: Item, options: Options) -> str | None:
    """Why ``item`` is not a review to import, or ``None`` if it is one."""
    if item.post_type == "page" and not options.pages:
        return "a page (use --pages to import pages)"
    if item.post_type not in ("post", "page"):
        return f"post type {item.post_type or '(none)'!r} is not a review"
    if item.status in DISCARDED_STATUSES:
        return f"status {item.status!r}"
    return None


def _plan(
    config: Config,
    export: Export,
    item: Item,
    media: tuple[dict[str, str], dict[str, str]],
    options: Options,
    taken: set[Path],
    owners: dict[Path, _Held],
) -> tuple[Planned, Any]:
    """One post as the review it becomes; ``media``: the export's attachments (id → URL)
    and reusable blocks (id → content)."""
    attachments, blocks = media
    where = export.path
    if item.post_id and not item.post_id.isdigit():
        raise InputError(f"item {item.title!r}: wp:post_id is not a number", where, item.line)
    wp_id = int(item.post_id) if item.post_id else None
    title = _text(item.title)
    medium, matched_name = _medium(config, item)
    fallback = medium is None
    medium_name = medium.name if medium else options.fallback_medium
    fields: dict[str, Any] = {"title": title, "work": _work(title, medium)}
    fields["medium"] = medium_name
    categories = [_text(t.name) for t in item.terms if t.domain == "category" and t.name]
    category = matched_name or (categories[0] if categories else "")
    if category:
        fields["category"] = category
    if len(categories) > 1:
        fields["categories"] = categories
    status = item.status or "publish"
    draft = status != "publish" or bool(item.password)
    fields.update(draft_fields(config.draft_key, draft))  # as the blog flags it: Hugo's draft
    if draft:
        fields["wp_status"] = status
    date = _date(item, where)
    if date is not None:
        fields["date"] = date
    tags = [_text(t.name) for t in item.terms if t.domain in _TAG_DOMAINS and t.name]
    if tags:
        fields["tags"] = tags
    taxonomies: dict[str, list[str]] = {}
    for term in item.terms:
        if term.domain not in _TAG_DOMAINS and term.domain != "category" and term.name:
            taxonomies.setdefault(term.domain, []).append(_text(term.name))
    slug = unquote(item.post_name).strip() or slugify(title or f"post-{wp_id or item.line}")
    fields["slug"] = slug
    author = export.authors.get(item.creator, item.creator)
    if author and not (medium and "author" in medium.fields):  # a book's author is the work's
        fields["author"] = author
    excerpt = plain_text(item.excerpt)
    if excerpt:
        fields["description"] = excerpt
    thumbnail = (item.meta_value("_thumbnail_id") or "").strip()
    if thumbnail in attachments:
        fields["image"] = attachments[thumbnail]
    if wp_id is not None:
        fields["wp_id"] = wp_id
    if item.post_type == "page":
        fields["type"] = "page"
    # comments and pings as the post had them, where not what WordPress gives a new one
    usual = "closed" if item.post_type == "page" else "open"
    for key, value in (("comment_status", item.comment_status), ("ping_status", item.ping_status)):
        if value in ("open", "closed") and value != usual:
            fields[f"wp_{key}"] = value
    if taxonomies:
        fields["taxonomies"] = taxonomies
    if item.sticky == "1" and item.post_type != "page":
        fields["wp_sticky"] = True  # kept at the top of the blog's front page
    try:
        converted = to_markdown(
            item.content, cut=config.cut, blocks=blocks, footnotes=_footnotes(item)
        )
    except ValueError as exc:  # the converter's failures, and text it cannot encode
        raise InputError(f"item {title!r}: {exc}", where, item.line) from None
    fmt = Format.TOML if config.front_matter == "toml" else Format.YAML
    text = f"{front_matter(fmt, fields)}\n{converted.markdown}"
    same = (title, slug)
    stem = (
        f"{date.date().isoformat()}-{slug}"
        if date and config.reviews_path.name == "_posts"
        else slug
    )
    path = _path(config, medium_name, stem, wp_id or item.line, taken, owners, wp_id, same)
    action = _action(path, text)
    lost = thumbnail if thumbnail and thumbnail not in attachments else ""
    planned = Planned(wp_id, title, path, text, action, not fallback, bool(item.password), lost)
    return planned, converted


def _footnotes(item: Item) -> list[tuple[str, str]]:
    """The block editor's footnotes of a post (``footnotes`` post meta: JSON)."""
    raw = item.meta_value("footnotes")
    if not raw or "data-fn" not in item.content:
        return []
    try:
        notes = json.loads(raw)
    except ValueError:
        return []
    return [
        (str(n["id"]), str(n.get("content", "")))
        for n in notes if isinstance(notes, list) and isinstance(n, dict) and "id" in n
    ]  # fmt: skip


def _text(name: str) -> str:
    """A title or term name as text: WordPress keeps them as HTML (``Rom &amp; Com``,
    ``&#8211;``, ``<em>With</em> Mark<sup>up</sup>``)."""
    if "<" in name:
        name = _TAGS.sub("", name)
    return " ".join(html.unescape(name).split()) if "&" in name else name.strip()


def _medium(config: Config, item: Item) -> tuple[Medium | None, str]:
    """The medium a post's categories name: the config's ``category``, else a medium's name."""
    names = [t for t in item.terms if t.domain == "category"]
    by_category = {m.category.casefold(): m for m in config.media.values()}
    for term in names:
        for key in (_text(term.name).casefold(), term.slug.casefold()):
            if key in by_category:
                return by_category[key], _text(term.name)
    for term in names:
        for key in (_text(term.name).casefold(), term.slug.casefold()):
            if key in config.media:
                return config.media[key], _text(term.name)
    return None, ""


def _work(title: str, medium: Medium | None) -> str:
    """The work's name from the title through the medium's ``title_pattern``, else the title."""
    if medium is None:
        return title
    before, _, after = medium.title_pattern.partition("{work}")
    match = re.fullmatch(f"{re.escape(before)}(.+?){re.escape(after)}", title, re.I | re.S)
    return match.group(1).strip() if match else title


def _date(item: Item, where: Path) -> dt.datetime | None:
    """The post's date as WordPress holds it; a draft never given one has none."""
    value = item.post_date.strip()
    if item.status != "publish" and item.post_date_gmt.strip() in ("", _ZERO_DATE):
        return None
    if not value or value == _ZERO_DATE:
        return None
    try:
        local = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"item {item.title!r}: wp:post_date {value!r} is not a date", where, item.line
        ) from None
    try:  # the moment, as WordPress keeps it: pushed to a site in another zone, it stays
        utc = dt.datetime.fromisoformat(item.post_date_gmt.strip())
    except ValueError:  # none (a draft), or the zero date
        return local
    offset = local - utc
    if abs(offset) > dt.timedelta(hours=14) or offset % dt.timedelta(minutes=15):
        return local  # no zone is that far or that odd: the export is inconsistent
    return local.replace(tzinfo=dt.timezone(offset))


def _path(
    config: Config,
    medium: str,
    slug: str,
    number_id: int,
    taken: set[Path],
    owners: dict[Path, _Held],
    wp_id: int | None,
    same: tuple[str, str] = ("", ""),
) -> Path:
    """The file of the review whose ``wp_id`` is the post's (an earlier import's, wherever
    its slug, medium or status put it), else ``<reviews>/<medium>/<slug>.md``; a second post
    with the same slug, or a name another post's file has, gets the id (and a number, when
    that name is taken too: WordPress names its own duplicates ``slug-2``)."""
    if wp_id is not None:
        mine = [
            p
            for p, h in owners.items()
            if h.wp_id == wp_id and h.same_post(*same) and p not in taken
        ]
        if mine:
            return min(mine)
    base = config.reviews_path
    folder = base / slugify(medium)
    stem = slugify(slug)
    path = folder / f"{stem}.md"
    number = 1
    # another post's file, whatever its id, or the author's own (a post of this export would
    # have been found above): never replaced, not even with --force
    while path in taken or path in owners or (wp_id is not None and path.exists()):
        path = folder / (
            f"{stem}-{number_id}.md" if number == 1 else f"{stem}-{number_id}-{number}.md"
        )
        number += 1
    # slugify keeps [a-z0-9-] only, so neither name can leave the reviews folder
    return path


@dataclass(frozen=True, slots=True)
class _Held:
    """A review of the archive that holds a post: its ``wp_id`` and what tells it apart."""

    wp_id: int
    title: str
    slug: str

    def same_post(self, title: str, slug: str) -> bool:
        """Whether a post of the export with this id is this one: WordPress ids are small
        numbers that every blog reuses, so an id alone does not say (another site's post
        17 is not ours), but a post keeps its title or its slug. A day says too little:
        another blog's post 17 of the same day is not ours either."""
        return (bool(title) and self.title == title) or (bool(slug) and self.slug == slug)


def _held(review: Review) -> _Held | None:
    """What an archive review says of the post it holds (``None``: none)."""
    value = review.metadata.get("wp_id")
    if isinstance(value, bool) or not str(value).strip().isdigit():
        return None
    slug = review.metadata.get("slug")
    return _Held(
        int(str(value).strip()),
        (review.title or "").strip(),
        slug.strip() if isinstance(slug, str) else "",
    )


def _owners(config: Config) -> dict[Path, _Held]:
    """Each review file of the archive that holds a post already, read by the one parser."""
    from reviewctl.archive import default_paths, iter_names, map_files

    if not config.reviews_path.is_dir():
        return {}  # the import makes the folder
    names = [n for n in iter_names(default_paths(config), config) if isinstance(n, str)]
    held = map_files(names, config.markers, _held, limit=config.max_file_size)
    return {Path(name): h for name, h in zip(names, held, strict=True) if h is not None}


def _action(path: Path, text: str) -> Action:
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        return Action.CREATE
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return Action.UNCHANGED if existing == text.encode("utf-8") else Action.CONFLICT


def _write(report: ImportReport) -> None:
    """Write every new review, and every changed one the plan overwrites (``--force``).

    Each file is written atomically without its own fsync; one sync at the end makes the
    batch durable (an fsync per file would cost more than the whole conversion).
    """
    written = False
    cleaned: set[str] = set()
    for index, planned in enumerate(report.planned):
        if planned.action not in (Action.CREATE, Action.UPDATE):
            continue
        folder = os.path.dirname(planned.path)
        if folder not in cleaned:  # what an interrupted import into this folder left
            cleaned.add(folder)
            clean_stale_temps(folder)
        try:
            write_atomic(
                planned.path, planned.text, force=planned.action is Action.UPDATE, durable=False
            )
            written = True
        except (InputError, OSError) as exc:
            if isinstance(exc, OSError):
                exc = InputError(f"cannot write: {exc.strerror or exc}", planned.path)
            report.errors.append(exc)
            report.planned[index] = replace(planned, action=Action.FAILED)
    if written:
        os.sync()


def front_matter(fmt: Format, fields: dict[str, Any]) -> str:
    """A front matter block of ``fields``, each line as ``reviewctl`` edits write them."""
    lines = [_line(fmt, key, value) for key, value in fields.items()]
    fence = "+++" if fmt is Format.TOML else "---"
    return "\n".join([fence, *lines, fence]) + "\n"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Text YAML writes plain whatever the context: starts with a letter, then letters, digits,
# spaces and ``.-_`` only, and is none of YAML's words for true, false and null.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._-]*(?<! )")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _plain(value: Any) -> bool:
    return (
        isinstance(value, str)
        and _PLAIN.fullmatch(value) is not None
        and value.lower() not in _YAML_WORDS
    )


# Characters YAML may not hold raw in a document (PyYAML's reader refuses them) or that it
# reads as line breaks (NEL, LS, PS).
_YAML_UNPRINTABLE = re.compile(
    "[^\\x09\\x0a\\x0d\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax (as ``edit`` writes one), with the
    characters YAML cannot hold raw escaped."""
    text = json.dumps(value, ensure_ascii=False)
    if _YAML_UNPRINTABLE.search(text):
        text = _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return text


def _yaml_scalar(value: Any) -> str | None:
    if _plain(value) or type(value) is int:
        return str(value)
    if isinstance(value, str):
        return _quoted(value)
    return None


def _line(fmt: Format, key: str, value: Any) -> str:
    if fmt is Format.YAML:  # the common values without a round trip through PyYAML
        if isinstance(value, dt.datetime):
            return f"{key}: {value.isoformat(sep=' ')}"  # a plain YAML timestamp
        scalar = _yaml_scalar(value)
        if scalar is not None:
            return f"{key}: {scalar}"
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return f"{key}: [{', '.join(_yaml_scalar(v) or '' for v in value)}]"
    if isinstance(value, dict) and fmt is Format.TOML:  # an inline table, on one line
        items = ", ".join(
            f"{k if _BARE_KEY.fullmatch(k) else render_value(fmt, key, k)} = "
            f"{render_value(fmt, key, v)}"
            for k, v in value.items()
        )
        return f"{key} = {{ {items} }}"
    return render_line(fmt, key, value)
