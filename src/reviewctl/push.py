"""``push``: publish reviews to a WordPress site as native blocks, through its REST API.

For each review: refuse it on error-severity lint findings (unless forced); upload its local
images, each once (see :class:`SiteMediaMemory`); find or create its category (from the
medium) and tags; then create the post, or update the one named by ``wp_id``, with the
content as blocks, the excerpt set to the lede, the featured image from ``image``, the date,
the status and the slug, all in one request. A new post's id goes back into the front matter
(``wp_id``), the only bytes of the file that change.

Media and terms are made before the post, so a failure leaves no half-made post: at worst
images and terms that the next push reuses, and the error says which.
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, unquote

from reviewctl.errors import InputError, ReviewctlError
from reviewctl.slug import slugify
from reviewctl.wpsite import Media, Post, Site, SiteError, Term

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.lint import Linter
    from reviewctl.model import Review

#: Hex digits of an image's SHA-256 put in its file name on the site, to find it again.
DIGEST_LENGTH = 16


class PushError(ReviewctlError):
    """One review could not be pushed; ``fatal`` when no other review can be either."""

    def __init__(self, message: str, path: Path, *, fatal: bool = False) -> None:
        super().__init__(message, path)
        self.fatal = fatal


class Refused(ReviewctlError):
    """The review has error-severity lint findings and was not forced."""


@dataclass
class PushResult:
    """What happened to one review (or would, with ``dry_run``)."""

    path: Path
    action: str  # "created", "updated", "unchanged", "would create", "would update"
    post_id: int | None = None
    link: str = ""
    status: str = ""
    uploaded: list[str] = field(default_factory=list)  # image files uploaded (or to upload)
    reused: int = 0  # images already on the site
    new_terms: list[str] = field(default_factory=list)  # "category Anime", "tag sci-fi"
    warnings: list[str] = field(default_factory=list)
    wrote: tuple[str, ...] = ()  # the front matter keys written back (wp_id, wp_slug)
    saving: bool = False  # the post's own request was sent


class MediaMemory(Protocol):
    """Where push remembers which image contents are already on the site."""

    def find(self, digest: str) -> Media | None: ...

    def remember(self, digest: str, media: Media) -> None: ...


class SiteMediaMemory:
    """The site itself remembers: an image is uploaded as ``<name>-<digest>.<ext>``, so its
    media item's slug holds the digest and a search finds it. Nothing is kept locally, and a
    second machine pushing the same archive reuses the same uploads."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._known: dict[str, Media] = {}

    def find(self, digest: str) -> Media | None:
        if digest not in self._known:
            found = self.site.find_media(digest)
            if found is None:
                return None
            self._known[digest] = found
        return self._known[digest]

    def remember(self, digest: str, media: Media) -> None:
        self._known[digest] = media


@dataclass(frozen=True, slots=True)
class _Image:
    dest: str  # the key the resolver gives for it
    source: Path
    digest: str
    filename: str  # the name it has on the site


@dataclass(frozen=True, slots=True)
class Pushed:
    """One file's outcome in a batch push: its result, or why it was not pushed."""

    result: PushResult | None = None
    error: str = ""  # one line naming the file
    refused: bool = False  # for error-severity lint findings (--force), not a failure


def push_paths(pusher: Pusher, targets: Sequence[Path], config: Config) -> Iterator[Pushed]:
    """Push each review under ``targets`` in turn; a review that cannot be pushed is one
    outcome and the rest still go, unless the site itself fails (a fatal
    :class:`PushError`, raised)."""
    from reviewctl.archive import iter_files
    from reviewctl.parse import parse_review

    for item in iter_files(targets, config):
        if not isinstance(item, Path):
            error = item.error.at(item.path) if item.error else f"{item.path}: cannot read"
            yield Pushed(error=error)
            continue
        try:
            yield Pushed(
                pusher.push(parse_review(item, config.markers, limit=config.max_file_size))
            )
        except Refused as exc:
            yield Pushed(error=str(exc), refused=True)
        except PushError as exc:
            if exc.fatal:
                raise
            yield Pushed(error=str(exc))
        except ReviewctlError as exc:
            yield Pushed(error=str(exc))


class Pusher:
    """Pushes reviews of one archive to one site."""

    def __init__(
        self,
        site: Site,
        config: Config,
        *,
        dry_run: bool = False,
        force: bool = False,
        memory: MediaMemory | None = None,
        linter: Linter | None = None,
    ) -> None:
        from reviewctl.lint import Linter

        self.site = site
        self.config = config
        self.dry_run = dry_run
        self.force = force
        self.memory = memory or SiteMediaMemory(site)
        self.linter = linter or Linter(config)
        self._terms: dict[tuple[str, str], Term] = {}

    def push(self, review: Review) -> PushResult:
        """Push one parsed review; :class:`PushError` or :class:`Refused` when it fails."""
        path = review.path
        if review.error is not None:
            raise InputError(review.error.message, path, review.error.place)
        self._check_lint(review)
        post_id = _wp_id(review)
        result = PushResult(path, "")
        try:
            return self._push(review, post_id, result)
        except SiteError as exc:
            raise PushError(_with_progress(exc, result), path, fatal=exc.fatal) from None

    def _check_lint(self, review: Review) -> None:
        from reviewctl.lint import Severity

        if self.force:
            return
        errors = [f for f in self.linter.lint(review) if f.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise Refused(
                f"not pushed: {first.code} {first.message}{more}; fix it or use --force",
                review.path,
                first.line,
            )

    def _push(self, review: Review, post_id: int | None, result: PushResult) -> PushResult:
        from reviewctl.export.html import Images, is_picture, local_links
        from reviewctl.export.markdown import UNPUBLISHED
        from reviewctl.export.page import post_slug
        from reviewctl.export.wordpress import categories, post_content, post_date, wp_status

        config = self.config
        kind = "pages" if review.metadata.get("type") == "page" else "posts"
        noun = kind[:-1]
        existing = None
        if post_id is not None:
            existing = self.site.get_post(post_id, kind)
            if existing is None:
                raise SiteError(
                    f"wp_id {post_id}: the site has no such {noun} (deleted?); remove wp_id "
                    f"to make a new one"
                )
            if existing.status == "trash":  # an update would take it out, live again
                raise SiteError(
                    f"wp_id {post_id}: the {noun} is in the site's Trash; restore it there to "
                    f"push to it again, or remove wp_id to make a new one"
                )
            # never overwritten on --force, which is about lint: a post of someone else's
            if _someone_else(existing, review):
                raise SiteError(
                    f"wp_id {post_id}: the site's {noun} {post_id} is {existing.title!r}, "
                    f"another title and slug (another site's id?); remove wp_id to make a new "
                    f"{noun}, or, if it is this review's {noun} renamed, add "
                    f"'wp_slug: {unquote(existing.slug)}' to the front matter"
                )
        result.action = (
            ("would update" if self.dry_run else "updated")
            if existing
            else ("would create" if self.dry_run else "created")
        )

        # Which local images the content and the featured image use.
        images = Images(review.path, config.root.resolve())
        post_content(review, config, images)
        featured_dest = None
        featured = review.cover_image
        if featured is not None and is_picture(featured[0]):
            featured_dest = images(*featured) or None  # "": a file of this computer
            if featured_dest is None:
                result.warnings.append(
                    f"{review.path}: image {featured[0]!r} is not a local image of the "
                    f"archive: the {noun}'s featured image is left as it is"
                )
        result.warnings.extend(images.warnings)
        result.warnings.extend(local_links(review, str(review.path)))
        media = self._media(images.copies, result)

        category_terms: list[Term | None] = []
        tag_terms: list[Term | None] = []
        if kind == "posts":  # pages have neither
            category_terms = [self._term("categories", c, result) for c in categories(review)]
            if not category_terms:
                category = _medium_label(config, review.medium)
                category_terms = [self._term("categories", category, result)]
            tag_terms = [self._term("tags", t, result) for t in dict.fromkeys(review.tags)]
        kept = review.metadata.get("wp_status")
        status: str | None = wp_status(review.status, kept)
        if review.status == "draft" and kept == "publish":
            # imported password-protected: left as it is on the site (password and all), and
            # never published without its password, which the archive does not hold
            status = None if existing else "draft"
            if not existing:
                result.warnings.append(
                    f"{review.path}: password-protected on WordPress (wp_status: publish): "
                    "made a draft, as its password is not in the archive"
                )
        result.status = status or (existing.status if existing else "")
        if self.dry_run:
            result.post_id = post_id
            return result

        urls = {quote(dest): m.url for dest, m in media.items()}

        def resolve(src: str, line: int) -> str | None:
            key = images(src, line)
            if key is None or key == UNPUBLISHED:  # as written, or a file of this computer
                return key
            return urls.get(key)

        content = post_content(review, config, resolve, media={m.url: m.id for m in media.values()})
        # text, as the export writes it: WordPress shows a title's and an excerpt's HTML
        fields: dict[str, Any] = {
            "title": html.escape(review.title or review.work or review.path.stem, quote=False),
            "content": content.markup,
            "excerpt": html.escape(content.excerpt, quote=False),
            # a post keeps its address unless the review asks for another (`slug`): a file
            # renamed, or named another way by a newer reviewctl, moves no permalink
            "slug": existing.slug
            if existing is not None and existing.slug and "slug" not in review.metadata
            else post_slug(review),
            **post_date(review),
        }
        if status is not None:
            fields["status"] = status
        for key in ("comment_status", "ping_status"):  # as the import kept them
            if review.metadata.get(f"wp_{key}") in ("open", "closed"):
                fields[key] = review.metadata[f"wp_{key}"]
        if kind == "posts":
            if isinstance(sticky := review.metadata.get("wp_sticky"), bool):
                fields["sticky"] = sticky
            if (chosen_format := _post_format(review)) is not None:
                fields["format"] = chosen_format
            fields["categories"] = list(dict.fromkeys(t.id for t in category_terms if t))
            fields["tags"] = [t.id for t in tag_terms if t is not None]
        chosen = media.get(unquote(featured_dest)) if featured_dest is not None else None
        if chosen is not None:  # else the post's featured image stays as it is
            fields["featured_media"] = chosen.id
        # a slug WordPress gave a number ("lantern-circuit-2": another post had it) is the
        # one sent, as far as the post is concerned
        kept = unquote(existing.slug) if existing is not None else ""
        same_slug = re.fullmatch(rf"{re.escape(unquote(fields['slug']))}-\d+", kept)
        if existing is not None and existing.holds(
            {**fields, "slug": existing.slug} if same_slug else fields
        ):
            # nothing to send: an update would only move the post's "modified" date
            result.action = "unchanged"
            post = existing
        else:
            result.saving = True
            post = self.site.save_post(post_id if existing else None, fields, kind)
        result.post_id, result.link, result.status = post.id, post.link, post.status
        # the post's id and slug on the site, in the review: the next push knows its post by
        # them, however the review and the post are renamed (a renamed draft, say)
        written: dict[str, Any] = {}
        if post_id != post.id:
            written["wp_id"] = post.id
        slug, wanted = unquote(post.slug), unquote(fields["slug"])
        recorded = review.metadata.get("wp_slug")
        if slug != wanted and slug != recorded and re.fullmatch(rf"{re.escape(wanted)}-\d+", slug):
            result.warnings.append(
                f"{review.path}: the site has another {noun} at '{wanted}': WordPress gave this"
                f" one '{slug}' (its address); another `slug` avoids that"
            )
        if slug and recorded != slug:
            written["wp_slug"] = slug
        if "wp_id" in written:
            _write_ids(review, written, post.link, result)
        elif written:  # the slug alone: a record, not worth failing the push over
            try:
                _write_ids(review, written, post.link, result)
            except PushError as exc:
                result.warnings.append(f"{review.path}: wp_slug not written: {exc.message}")
        return result

    def _media(self, copies: dict[str, Path], result: PushResult) -> dict[str, Media]:
        """Each local image on the site (uploaded now unless it already is), by its key."""
        placed: dict[str, Media] = {}
        for dest, source in sorted(copies.items()):
            image = _image(dest, source)
            found = self.memory.find(image.digest)
            if found is not None:
                placed[dest] = found
                result.reused += 1
                continue
            if self.dry_run:
                result.uploaded.append(image.filename)
                continue
            mime = mimetypes.guess_type(image.filename)[0] or "application/octet-stream"
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise SiteError(f"cannot read image {source}: {exc.strerror or exc}") from None
            uploaded = self.site.upload_media(image.filename, data, mime)
            result.uploaded.append(image.filename)
            self.memory.remember(image.digest, uploaded)
            placed[dest] = uploaded
        return placed

    def _term(self, taxonomy: str, name: str, result: PushResult) -> Term | None:
        name = name.strip()
        if not name:
            return None
        key = (taxonomy, name.casefold())
        if key in self._terms:
            return self._terms[key]
        term = self.site.find_term(taxonomy, name)
        kind = "category" if taxonomy == "categories" else "tag"
        if term is None:
            if self.dry_run:
                result.new_terms.append(f"{kind} {name}")
                return None
            term = self.site.create_term(taxonomy, name)
            result.new_terms.append(f"{kind} {name}")
        self._terms[key] = term
        return term


def _image(dest: str, source: Path) -> _Image:
    data = source.read_bytes() if source.is_file() else b""
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    pure = PurePosixPath(source.name)
    # ASCII: the name travels in an HTTP header (``café.png`` is uploaded as ``cafe-….png``)
    stem = slugify(pure.stem) or "image"
    suffix = pure.suffix.lower() if pure.suffix.isascii() else ""
    return _Image(dest, source, digest, f"{stem}-{digest}{suffix}")


def _someone_else(post: Post, review: Review) -> bool:
    """Whether the site's post with the review's ``wp_id`` is plainly another post: neither
    its title nor its slug (WordPress may have added ``-2``) is the review's (an id from an
    export of another site). A day says too little: many posts share one."""
    from reviewctl.export.page import post_slug

    if not post.title and not post.slug:
        return False  # a site that says neither: nothing to tell by
    title = (review.title or review.work or "").strip().casefold()
    slug = unquote(post_slug(review)).casefold()
    theirs = unquote(post.slug).casefold()
    pushed = review.metadata.get("wp_slug")
    if isinstance(pushed, str) and pushed and unquote(pushed).casefold() == theirs:
        return False  # the slug the review's last push left on the site: its own post
    return not (
        html.unescape(post.title).strip().casefold() == title
        or theirs == slug
        or re.fullmatch(rf"{re.escape(slug)}-\d+", theirs) is not None
    )


#: WordPress's post formats (a post's ``post_format`` term, as an import keeps it).
POST_FORMATS = frozenset(
    ("standard", "aside", "chat", "gallery", "link", "image", "quote", "status", "video", "audio")
)


def _post_format(review: Review) -> str | None:
    """The post format the import kept (``taxonomies: {post_format: [Aside]}``), if any."""
    taxonomies = review.metadata.get("taxonomies")
    names = taxonomies.get("post_format") if isinstance(taxonomies, dict) else None
    if isinstance(names, list) and names and isinstance(names[0], str):
        name = names[0].strip().lower().removeprefix("post-format-")
        return name if name in POST_FORMATS else None
    return None


def _medium_label(config: Config, medium: str) -> str:
    from reviewctl.export.html import medium_label

    return medium_label(config, medium)


def _wp_id(review: Review) -> int | None:
    value = review.metadata.get("wp_id")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit() or int(value) <= 0:
        raise InputError(
            f"wp_id must be a post id (a whole number), got {value!r}",
            review.path,
            review.key_line("wp_id") or 1,
        )
    return int(value)


def _write_ids(review: Review, values: dict[str, Any], link: str, result: PushResult) -> None:
    """``wp_id`` and ``wp_slug`` (``values``) into the front matter, in place: every other
    byte stays. The result's warnings then name the lines as the file now numbers them."""
    from reviewctl.edit import set_fields
    from reviewctl.fs import write_atomic
    from reviewctl.parse import parse_text

    post_id = values.get("wp_id", review.metadata.get("wp_id"))
    try:
        text = set_fields(review, values)
        check = parse_text(text, review.path, review.markers)
        if check.error is not None or any(check.metadata.get(k) != v for k, v in values.items()):
            raise InputError("the front matter would break")
        bom = "\ufeff" if review.bom else ""
        original = (bom + review.text).encode("utf-8")  # as read: an edit since is kept
        write_atomic(review.path, (bom + text).encode("utf-8"), force=True, expected=original)
    except (ReviewctlError, OSError) as exc:
        reason = exc.message if isinstance(exc, ReviewctlError) else str(exc)
        raise PushError(
            f"post {post_id} was made ({link}) but wp_id could not be written ({reason}): add "
            f"'wp_id: {post_id}' to the front matter, or the next push makes a second post",
            review.path,
        ) from None
    result.wrote = tuple(values)
    before, after = review.text.split("\n"), text.split("\n")
    added = len(after) - len(before)
    if added:  # lines inserted where the two first differ: the later ones move down
        at = next((n for n, (a, b) in enumerate(zip(before, after, strict=False), 1) if a != b), 1)
        prefix = f"{review.path}:"
        result.warnings = [_moved(w, prefix, at, added) for w in result.warnings]


def _moved(warning: str, prefix: str, at: int, added: int) -> str:
    """``warning`` ("path:12: …") with its line moved down by ``added`` if it is ``at`` or
    below."""
    if not warning.startswith(prefix):
        return warning
    line, sep, rest = warning[len(prefix) :].partition(":")
    if not sep or not line.isdigit() or int(line) < at:
        return warning
    return f"{prefix}{int(line) + added}:{rest}"


def _with_progress(exc: SiteError, result: PushResult) -> str:
    """The site's error, and what already exists on the site because of this push."""
    message = exc.message
    if result.saving and exc.unsure and "update" in result.action:
        return f"{message}; the post may have been updated all the same: pushing again is safe"
    if result.saving and exc.unsure:
        return (
            f"{message}; the post may have been made all the same: look on the site before "
            "pushing this review again (give the post's id as wp_id), or it is made twice"
        )
    made = []
    if result.uploaded:
        made.append(f"uploaded {', '.join(result.uploaded)}")
    if result.new_terms:
        made.append(f"created {', '.join(result.new_terms)}")
    if not made or result.post_id is not None:
        return message
    return f"{message}; no post made ({'; '.join(made)}: the next push reuses them)"
