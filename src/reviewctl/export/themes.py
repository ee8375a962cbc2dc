"""Themes: Jinja2 templates and static files, shipped as package data, overridable by a folder.

A theme folder holds any of the default theme's files (``base.html``, ``review.html``,
``index.html``, ``list.html``, ``wordpress.html``, ``style.css``); a file there wins over the
default of the same name, and every other file falls back to the default. Files that are not
templates (``*.css``, images, fonts) are copied to ``assets/`` beside an HTML export.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewctl.errors import ConfigError
from reviewctl.fs import is_within, read_head

if TYPE_CHECKING:
    import jinja2

    from reviewctl.config import Config
    from reviewctl.index import Index

#: What a theme's folder publishes: what a browser loads from a page.
WEB_ASSETS = (
    ".css", ".js", ".mjs", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
    ".woff", ".woff2", ".ttf", ".otf", ".webmanifest", ".json", ".mp4", ".webm", ".ogg",
    ".mp3", ".pdf",
)  # fmt: skip
#: A project's own files, never a page's: they name the author's paths, hosts and scripts.
PROJECT_FILES = frozenset(
    ("package.json", "package-lock.json", "npm-shrinkwrap.json", "tsconfig.json",
     "jsconfig.json", "composer.json", "bower.json", "deno.json", ".eslintrc.json")
)  # fmt: skip
#: Folders of a project's tools, never loaded by a page (``vendor/`` may be: it is published).
TOOL_FOLDERS = frozenset(("node_modules", "site-packages", "__pycache__"))
#: A theme's templates: rendered, never copied.
TEMPLATES = (".html", ".xml", ".j2", ".jinja")


def _published(name: str) -> bool:
    """Whether a theme's file ``name`` is what a page loads."""
    lower = name.lower()
    return lower.endswith(WEB_ASSETS) and lower.rsplit("/", 1)[-1] not in PROJECT_FILES


def stylesheets(assets: list[str]) -> list[str]:
    """The stylesheets of ``assets`` in the order pages link them: the default theme's own
    ``style.css`` first, so that a theme's other stylesheets override it."""
    return sorted((a for a in assets if a.endswith(".css")), key=lambda a: a != "style.css")


def default_theme() -> Traversable:
    return resources.files("reviewctl").joinpath("themes", "default")


#: A theme's template extends or includes the default theme's own as ``default/NAME``
#: (``{% extends "default/review.html" %}``, then only the blocks it changes).
DEFAULT_PREFIX = "default/"


@cache
def _default_files() -> dict[str, Traversable]:
    return dict(_walk(default_theme()))


def _walk(
    folder: Traversable, prefix: str = "", skipped: list[str] | None = None
) -> Iterator[tuple[str, Traversable]]:
    """The theme's files by name; a project's tool folders (``node_modules``…) are not
    walked, and are named in ``skipped``."""
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name.startswith((".", "__")):
            continue
        name = f"{prefix}{item.name}"
        if item.is_dir():
            if item.name in TOOL_FOLDERS:
                if skipped is not None:
                    skipped.append(f"{name}/")
                continue
            yield from _walk(item, f"{name}/", skipped)
        else:
            yield name, item


def copy_default(
    folder: Path, config: Config | None = None, *, force: bool = False
) -> tuple[list[str], list[str]]:
    """Write the default theme's files into ``folder``: the names written, and those kept
    because they exist (without ``force``). Refused among the reviews of ``config``'s
    archive, where no export would use it (:func:`check_place`)."""
    from reviewctl.errors import AlreadyExists
    from reviewctl.fs import write_atomic

    written: list[str] = []
    kept: list[str] = []
    if folder.exists() and not folder.is_dir():
        raise ConfigError("not a folder", folder)
    if config is not None and among_reviews(folder, config):
        raise ConfigError(
            "the reviews are here: an export would refuse a theme among them"
            " (every file beside a review would be published); give the theme a folder"
            " of its own",
            folder,
        )
    for name, item in _walk(default_theme()):
        target = folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, item.read_bytes(), force=force)  # never replaced unless force
        except AlreadyExists:
            kept.append(name)
            continue
        except OSError as exc:
            raise ConfigError(f"cannot write the theme: {exc.strerror or exc}", target) from None
        written.append(name)
    return written, kept


def _holds_reviews(folder: str, config: Config) -> bool:
    """Whether the archive's walk reads a review inside ``folder`` (a theme inside a
    ``reviews_dir = "."`` archive, under ``themes/`` or a hidden folder, holds none)."""
    from reviewctl.archive import SUFFIXES, default_paths, iter_names

    if any(
        isinstance(name, str) and is_within(os.path.realpath(name), folder)
        for name in iter_names(default_paths(config), config)
    ):
        return True
    # a draft the walk leaves out (an excluded or hidden folder) is a review all the same:
    # a Markdown file that opens with front matter
    for where, _, names in os.walk(folder):
        for name in names:
            if name.lower().endswith(SUFFIXES):
                with contextlib.suppress(OSError):
                    head = read_head(os.path.join(where, name), 64).lstrip(b"\xef\xbb\xbf \t\r\n")
                    if head.startswith((b"---", b"+++")):
                        return True
    return False


def among_reviews(folder: Path, config: Config) -> bool:
    """Whether a theme in ``folder`` would hold the reviews or lie among them."""
    theme, reviews = os.path.realpath(folder), os.path.realpath(config.reviews_path)
    return is_within(reviews, theme) or (
        is_within(theme, reviews) and _holds_reviews(theme, config)
    )


def check_place(
    folder: Path, config: Config, out: Path, config_line: tuple[Path, int] | None
) -> None:
    """Refuse a theme folder that holds the reviews or lies among them (every picture and
    file beside them, drafts' too, would be published with the theme), or holds the output
    folder or lies in it (the site would copy itself into itself at each export)."""
    theme, out_real = os.path.realpath(folder), os.path.realpath(out)
    if among_reviews(folder, config):
        why = "and the reviews folder overlap: every file beside a review, drafts' too, would be published"
    elif is_within(out_real, theme) or is_within(theme, out_real):
        why = "and the output folder overlap: the site would copy itself into itself"
    else:
        return
    where, line = config_line if config_line is not None else (folder, None)
    raise ConfigError(f"the theme folder {why}; give the theme a folder of its own", where, line)


@dataclass
class Theme:
    """The default theme, overlaid by the files of ``folder`` when one is given."""

    folder: Path | None = None
    _files: dict[str, Traversable] = field(default_factory=dict, init=False, repr=False)
    _skipped: list[str] = field(default_factory=list, init=False, repr=False)
    _index: Index | None = field(default=None, init=False, repr=False)

    def remember_in(self, index: Index) -> None:
        """Keep the compiled templates in the archive ``index``: a later run that renders a
        page compiles no template an earlier one compiled (set before the first template)."""
        self._index = index

    def __post_init__(self) -> None:
        if self.folder is not None and not self.folder.is_dir():
            raise ConfigError("theme folder not found", self.folder)
        self._files = dict(_default_files())
        if self.folder is not None:
            own = dict(_walk(self.folder, skipped=self._skipped))
            top = os.path.realpath(self.folder)
            for name, item in own.items():  # a theme is published whole: never /etc/passwd
                if not is_within(os.path.realpath(str(item)), top):
                    raise ConfigError(f"{name} links to a file outside the theme folder", str(item))
            self._files.update(own)

    def names(self) -> list[str]:
        return sorted(self._files)

    def read_bytes(self, name: str) -> bytes:
        return self._files[name].read_bytes()

    def source(self, name: str) -> tuple[str, str]:
        """A template's text and the path to show in error messages."""
        item = self._files[name]
        try:
            return item.read_text(encoding="utf-8"), str(item)
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"theme template is not UTF-8 text (byte {exc.object[exc.start]:#04x})", str(item)
            ) from None
        except OSError as exc:
            message = f"cannot read theme template: {exc.strerror or exc}"
            raise ConfigError(message, str(item)) from None

    def local_paths(self) -> list[str]:
        """A warning for each line of the theme folder's own files that names a file of this
        computer (``/home/kit/logo.png``, ``file:///C:/…``): every page would publish it."""
        if self.folder is None:
            return []
        found: list[str] = []
        for name in self.names():
            item = self._files[name]
            if not str(item).startswith(str(self.folder)) or not name.lower().endswith(_TEXT):
                continue
            try:
                text = item.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # said where it is rendered, if a template
                continue
            if not _LOCAL_HINT.search(text):
                continue
            for number, line in enumerate(text.splitlines(), 1):
                found.extend(
                    f"{item}:{number}: names a file of this computer, published as written: "
                    f"{match[0]}"
                    for match in _LOCAL_PATH.finditer(line)
                )
        return found

    def check(self) -> None:
        """Compile the theme folder's templates of the pages (those the default theme has): a
        syntax error in any of them stops an export before it writes a file, not halfway."""
        if self.folder is None:
            return
        top, rendered = str(self.folder), _default_files()
        for name in self.names():  # the pages' own templates, not a vendor's .html or .j2
            if (
                name in rendered
                and name.endswith(TEMPLATES)
                and str(self._files[name]).startswith(top)
            ):
                self.template(name)

    def assets(self) -> list[str]:
        """The theme's files a site serves (styles, scripts, pictures, fonts): not its
        templates, nor the notes, backups and sources a theme folder holds besides."""
        return [n for n in self.names() if _published(n)]

    def unpublished(self) -> list[str]:
        """The theme folder's files that are neither templates nor what a page loads (a
        note, a backup, a source): left out of the site, each worth a word."""
        if self.folder is None:
            return []
        return [
            str(self.folder / n)
            for n in self.names()
            if str(self._files[n]).startswith(str(self.folder))
            and not _published(n)
            and not n.lower().endswith(TEMPLATES)
        ] + [f"{self.folder / n}{os.sep}" for n in self._skipped]

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every file of the theme: a changed theme re-renders every page."""
        digest = hashlib.sha256()
        for name in self.names():
            digest.update(name.encode() + b"\0" + self.read_bytes(name) + b"\0")
        return digest.hexdigest()

    @cached_property
    def environment(self) -> jinja2.Environment:
        import jinja2

        theme = self

        class Loader(jinja2.BaseLoader):
            def get_source(
                self, environment: jinja2.Environment, template: str
            ) -> tuple[str, str | None, Callable[[], bool] | None]:
                if template.startswith(DEFAULT_PREFIX):  # the default theme's own file
                    item = _default_files().get(template.removeprefix(DEFAULT_PREFIX))
                    if item is None:
                        raise jinja2.TemplateNotFound(template)
                    return item.read_text(encoding="utf-8"), str(item), lambda: True
                if template not in theme._files:
                    raise jinja2.TemplateNotFound(template)
                text, where = theme.source(template)
                return text, where, lambda: True

        # Sandboxed: a theme in a cloned archive (or a pull request exported in CI) is data,
        # not code; it cannot reach Python internals or run commands.
        env = _sandbox()(
            loader=Loader(),
            undefined=_printed_undefined(),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_index_bytecode(self._index) if self._index is not None else None,
        )
        env.filters["direction"] = direction
        env.filters["og_locale"] = og_locale
        return env

    def template(self, name: str) -> Template:
        """A compiled template; a syntax error in a theme file becomes a one-line error."""
        import jinja2

        try:
            return Template(self.environment.get_template(name))
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"theme template: {exc.message}", exc.filename, exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise ConfigError(f"theme template not found: {exc.name}", self.folder) from None


#: the theme files read for local paths: text a page is made of or loads
_TEXT = (".html", ".htm", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".webmanifest")
_LOCAL_HINT = re.compile(r"file:|/home/|/Users/|/mnt/|/Volumes/|[A-Za-z]:[\\/]Users", re.I)
# only forms no style or script writes for another reason (a regex's escapes, "~/" in a
# comment): a file: address, a home folder, a mounted drive, a Windows user's folder
_LOCAL_PATH = re.compile(
    r"""file:/[^\s"'<>)]*|(?<![\w.])/(?:home|Users|mnt|Volumes)/[^/\s"'<>)]+/[^\s"'<>)]*"""
    r"""|(?<![\w])[A-Za-z]:[\\/]Users[\\/][^\s"'<>)]*""",
    re.I,
)


#: the languages written right to left unless their tag names another script (primary
#: subtags; Kurdish's Kurmanji is written in Latin letters, Sorani, ckb, in Arabic ones)
_RTL = frozenset(("ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi"))
#: the scripts written right to left (a tag's script subtag: az-Arab, pa-Arab; ar-Latn not)
_RTL_SCRIPTS = frozenset(("arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr"))


def direction(language: object) -> str:
    """The template filter ``direction``: ``rtl`` for a language written right to left (its
    tag: ``ar``, ``he-IL``, ``fa``, ``pa-Arab``), else ``ltr`` (``ar-Latn`` too)."""
    parts = str(language or "").replace("_", "-").lower().split("-")
    # the script subtag comes before any extension (-u-nu-latn) or private use (-x-mine)
    subtags = next((parts[1:i] for i, p in enumerate(parts) if i and len(p) == 1), parts[1:])
    script = next((p for p in subtags if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in _RTL else "ltr"


def og_locale(language: object) -> str:
    """The template filter ``og_locale``: a language tag as Open Graph writes a locale
    (``pt-br`` → ``pt_BR``, ``zh-Hant-TW`` → ``zh_TW``); "" for one with no region (``fr``),
    which Open Graph cannot read."""
    parts = str(language or "").replace("_", "-").split("-")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    return f"{parts[0].lower()}_{region.upper()}" if parts[0] and region else ""


def _index_bytecode(index: Index) -> jinja2.BytecodeCache:
    """Jinja's bytecode cache in the archive index, under the package's fingerprint: Jinja
    checks each template's source checksum and its own format, and the fingerprint the
    code that compiled it (bench_templates: the five templates an export after one change
    renders, 33 ms compiled → 11 ms read back). The index is the parent's alone: a worker
    compiles what it needs."""
    import base64

    import jinja2

    from reviewctl.batch import in_worker
    from reviewctl.index import Encoded, package_fingerprint

    key = package_fingerprint()

    class IndexBytecode(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if in_worker():
                return
            hit = index.rows("template", key, paths=[bucket.key]).get(bucket.key)
            if hit is not None and hit[0] == bucket.checksum:
                try:
                    bucket.bytecode_from_string(base64.b85decode(hit[1]))
                except Exception:  # whatever a damaged row raises: compiled again
                    bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if not in_worker():
                text = base64.b85encode(bucket.bytecode_to_string()).decode()
                index.save_rows("template", key, [(bucket.key, bucket.checksum, Encoded(text))])

    return IndexBytecode()


@cache
def _printed_undefined() -> type[jinja2.Undefined]:
    """Jinja's undefined value, except that printing a page's attribute or a variable that is
    not there is an error: ``{{ review.titel }}`` is a typo to report, not an empty title on
    every page. A key some reviews' front matter lacks (``{{ review.extra.director }}``)
    prints as nothing, as ever; ``{% if review.cover %}`` and ``| default`` test as usual."""
    import jinja2

    class Printed(jinja2.Undefined):
        __slots__ = ()

        def __str__(self) -> str:
            if isinstance(self._undefined_obj, dict):
                return ""
            self._fail_with_undefined_error()
            return ""  # not reached: the line above raises

    return Printed


@cache
def _sandbox() -> type[jinja2.Environment]:
    """Jinja's sandbox, with a short way to the data reviewctl hands a template."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        # ``"x" * 10**10`` or ``2 ** 10**9`` would take the machine's memory or hours: the
        # sandbox already bounds ``range``; these two are bounded here
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*" and (_too_long(left, right) or _too_long(right, left)):
                raise SecurityError(f"a repetition longer than {MAX_REPEAT:,} items")
            if (
                operator == "**"
                and isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and right > MAX_EXPONENT
            ):
                raise SecurityError(f"a power above {MAX_EXPONENT:,}")
            return super().call_binop(context, operator, left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            # A field of a dataclass (a page, a tag) or a key of a dict (an entry) that no
            # attribute of its class shadows holds data: returned as the sandbox would after
            # its checks, without them and without a failed attribute lookup (cold export
            # --site --jobs 1 of bench_export's 2,000 reviews: 2.3 → 2.1 s CPU)
            if isinstance(obj, dict):
                if attribute not in _names(type(obj)) and attribute[:1] != "_":
                    try:
                        value = obj[attribute]
                    except KeyError:
                        pass
                    else:
                        if type(obj) is dict or not callable(value):
                            return value
            elif attribute in _fields(obj.__class__):
                value = getattr(obj, attribute)
                if not callable(value):
                    return value
            return super().getattr(obj, attribute)

    return Sandbox


#: The longest string or list a theme may make by repetition, and the largest exponent.
MAX_REPEAT = 1_000_000
MAX_EXPONENT = 100_000
#: The most characters of a page a theme renders (the largest review is 10 MB).
MAX_PAGE = 64 * 1024 * 1024


def _too_long(seq: Any, times: Any) -> bool:
    return (
        isinstance(seq, str | list | tuple)
        and isinstance(times, int)
        and len(seq) * times > MAX_REPEAT
    )


@cache
def _names(kind: type) -> frozenset[str]:
    return frozenset(dir(kind))


@cache
def _fields(kind: type) -> frozenset[str]:
    """The public fields of a dataclass; none of any other type."""
    if not dataclasses.is_dataclass(kind):
        return frozenset()
    return frozenset(f.name for f in dataclasses.fields(kind) if not f.name.startswith("_"))


def _failure(exc: Exception) -> str:
    """What went wrong in a template, in words: a missing template it includes is named as
    one, and a bare ``KeyError: 0`` says what kind of error it is."""
    import jinja2

    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template named {exc.name!r} to include or extend"
    text = str(exc).splitlines()[0] if str(exc) else ""
    if len(text) < 12 or isinstance(exc, LookupError):  # "0", "'x'": the kind says more
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text


class Template:
    """A theme template whose failures (an unsafe attribute the sandbox refused, an undefined
    value, a bad filter) are one-line :class:`ConfigError`s naming the template."""

    def __init__(self, template: jinja2.Template) -> None:
        self._template = template

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            page = self._template.render(*args, **kwargs)
            if len(page) > MAX_PAGE:  # ``center(300000000)``: no page of a site is that big
                raise ValueError(f"a page of {len(page):,} characters (more than {MAX_PAGE:,})")
            return page
        except ConfigError:  # a template it includes or extends could not be read
            raise
        except Exception as exc:  # a theme is the author's input: any failure is theirs
            where: str | None = self._template.filename or self._template.name
            line = None
            import traceback

            # Jinja puts the templates' own files and lines in the traceback: the last one
            # is the template that failed (an included or extended one, perhaps)
            for frame in reversed(traceback.extract_tb(exc.__traceback__)):
                if frame.filename.endswith(TEMPLATES):
                    where, line = frame.filename, frame.lineno
                    break
            message = _failure(exc)
            raise ConfigError(f"theme template failed: {message}", where, line) from None
