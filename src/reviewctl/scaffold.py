"""``init`` and ``new``: a config for a new archive, and new reviews from templates."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from reviewctl.archive import NOT_POSTS
from reviewctl.config import (
    CONFIG_NAME,
    Config,
    Medium,
    config_to_mapping,
    draft_fields,
    key_line,
)
from reviewctl.edit import render_line, set_fields
from reviewctl.errors import AlreadyExists, ConfigError, InputError
from reviewctl.fs import clean_stale_temps, write_atomic
from reviewctl.model import Format, Review, as_date
from reviewctl.parse import parse_text
from reviewctl.slug import slugify


def write_config(directory: Path, config: Config, text: str | None = None) -> Path:
    """Write ``reviewctl.toml`` into ``directory`` (``text``, else ``config`` as TOML); an
    existing one is never replaced. The reviews folder is created if it is missing."""
    import tomli_w

    path = directory / CONFIG_NAME
    if path.exists():
        raise InputError("a config already exists here; edit it instead", path)
    pyproject = directory / "pyproject.toml"
    try:
        ours = "[tool.reviewctl" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        ours = False
    if ours:  # a reviewctl.toml beside it would quietly take its place
        raise InputError(
            "a config already exists here ([tool.reviewctl]); edit it instead", pyproject
        )
    from reviewctl.config import find_config_file

    outer = find_config_file(directory.resolve().parent)
    if outer is not None:  # a nested archive: its files would be judged by two configs
        raise InputError(
            f"{directory.resolve()} is already in the archive this config describes: edit it,"
            " or run init outside that archive",
            outer,
        )
    write_atomic(path, text or tomli_w.dumps(config_to_mapping(config)), force=False)
    (directory / config.reviews_dir).mkdir(parents=True, exist_ok=True)
    return path


def template_text(config: Config, medium: Medium) -> tuple[str, Path]:
    """The medium's template and its path (for messages): the archive's
    ``templates/<name>.md`` wins over the package's."""
    own = _own_template(config, medium.template)
    if own is not None:
        return own
    package = resources.files("reviewctl") / "templates"
    resource = package / f"{medium.template}.md"
    if resource.is_file():
        return resource.read_text(encoding="utf-8"), Path(f"templates/{medium.template}.md")
    if medium.template != medium.name:  # chosen in the config, and misspelt or missing
        from reviewctl.suggest import did_you_mean

        names = {p.name.removesuffix(".md") for p in package.iterdir() if p.name.endswith(".md")}
        if config.templates_path.is_dir():
            names.update(p.stem for p in config.templates_path.glob("*.md"))
        guess = did_you_mean(medium.template, names - {"default"})
        hint = f"did you mean {guess!r}?" if guess else f"known: {', '.join(sorted(names))}"
        raise ConfigError(
            f"media.{medium.name}.template: no template named {medium.template!r} in"
            f" {config.templates_dir}/ or reviewctl's own ({hint})",
            config.source,
        )
    # a medium of the blog's own: the archive's default template, else the package's
    own = _own_template(config, "default")
    if own is not None:
        return own
    return (package / "default.md").read_text(encoding="utf-8"), Path("templates/default.md")


def _own_template(config: Config, name: str) -> tuple[str, Path] | None:
    """The archive's ``templates/<name>.md`` and its path, if it has one."""
    path = config.templates_path / f"{name}.md"
    if not path.is_file():
        if config.templates_chosen and not config.templates_path.is_dir():
            line = key_line(config.source, "templates_dir") if config.source else None
            if line is not None:  # named, and mistyped: the package's would be used silently
                message = f"templates_dir: {config.templates_dir!r} is not a folder (make it, or correct templates_dir)"
                raise ConfigError(message, config.source, line)
        return None
    try:
        return path.read_text(encoding="utf-8-sig"), path
    except UnicodeDecodeError as exc:
        line = exc.object.count(b"\n", 0, exc.start) + 1
        message = (
            f"template is not UTF-8 text (byte {exc.object[exc.start]:#04x}): save it as UTF-8"
        )
        raise InputError(message, path, line) from None
    except OSError as exc:
        raise InputError(f"cannot read template: {exc.strerror or exc}", path) from None


_BLANK_RUNS = re.compile(r"\n{3,}")


# What ``--slug`` takes: what slugify writes, at any length a file name holds.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_MAX = 200


#: names no new review may take: a section or a bundle's page to Hugo and Zola, and the
#: repository documents the walk leaves out (:data:`~reviewctl.archive.NOT_POSTS`)
_RESERVED = frozenset({"index", *(name.removesuffix(".md") for name in NOT_POSTS)})


def review_path(
    config: Config,
    work: str,
    medium: Medium,
    slug: str | None = None,
    date: dt.date | None = None,
) -> Path:
    """``<reviews dir>/<medium>/<slug>.md``, guaranteed to stay inside the reviews dir; in a
    Jekyll ``_posts`` folder ``<date>-<slug>.md``, the only name Jekyll publishes. A blog
    whose posts lie in the reviews folder itself, not in folders per medium, gets the new
    one there too: as ``<slug>.md``, or ``<slug>/index.md`` where its posts are page
    bundles (see :func:`_layout`).

    ``slug`` chooses the file name instead of the work's; it must already be a slug.
    """
    base = config.reviews_to_write()
    if slug is not None:
        slug = slug.removesuffix(".md")
        if not _SLUG.fullmatch(slug) or len(slug) > _SLUG_MAX:
            hint = f"; try {slugify(slug)!r}" if slug else ""
            raise InputError(
                f"--slug {slug!r} is not a slug (lower-case ASCII letters, digits, -){hint}"
            )
    name = slug or slugify(work)
    if name in _RESERVED:  # "Index", "Security": a name the walk or the generator reads apart
        if slug is not None:
            raise InputError(f"--slug {slug!r} names no post to a generator or to reviewctl")
        name += "-review"
    if base.name == "_posts":
        name = f"{(date or dt.date.today()).isoformat()}-{name}"
    layout = _layout(base, config)
    if layout == "bundle":
        path = (base / name / "index.md").resolve()
    elif layout == "flat":
        path = (base / f"{name}.md").resolve()
    else:
        path = (base / slugify(medium.name) / f"{name}.md").resolve()
    if not path.is_relative_to(base):  # slugs cannot contain separators; belt and braces
        raise InputError(f"refusing to write outside {base}", path)
    return path


def _layout(base: Path, config: Config) -> str:
    """How the blog files its posts: ``"medium"`` (a folder per medium, the house way and a
    new archive's), ``"bundle"`` (``<slug>/index.md``, Hugo's page bundles) or ``"flat"``
    (``<slug>.md`` in the reviews folder itself), by what most of its posts do."""
    media = {slugify(name) for name in config.media}
    flat = bundles = 0
    try:
        with os.scandir(base) as entries:
            for entry in entries:
                if entry.name.startswith((".", "_")) or entry.name == config.templates_dir:
                    continue
                if entry.is_dir():
                    if entry.name in media:
                        return "medium"
                    bundles += any(
                        os.path.isfile(os.path.join(entry.path, f"index{suffix}"))
                        for suffix in (".md", ".markdown")
                    )
                elif entry.name.endswith((".md", ".markdown")) and entry.name.lower() not in (
                    "readme.md",
                    "_index.md",
                    "index.md",
                ):
                    flat += 1
    except OSError:
        return "medium"
    if bundles > flat:
        return "bundle"
    return "flat" if flat else "medium"


def render_review(
    config: Config,
    work: str,
    medium: Medium,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    values: dict[str, Any] | None = None,
) -> str:
    """The text of a new draft: template body filled in, front matter set."""
    source = parse_text(*template_text(config, medium))
    if source.error is not None:
        raise InputError(f"template: {source.error.message}", source.path, source.error.line)
    shown = _as_text(work)  # "<Oshi no Ko>" is a name, not a tag; "1984." not a list item
    filled = {
        "work": shown,
        "title": _as_text(title or medium.title_for(work)),
        "warning": config.spoiler_warning,
        "cut": config.cut,
        "availability": medium.availability_line(shown, "TODO") + ".",
        "footer": "\n".join(link.line() for link in config.support_links),
    }
    _check_placeholders(source, filled.keys())
    body = Template(source.body).safe_substitute(filled)
    body = _BLANK_RUNS.sub("\n\n", body)  # an empty setting ($warning "") leaves no gap
    head = _front_matter_text(source.lines, source.front_matter, source.format, config)
    fields: dict[str, Any] = {
        # what every post of the blog sets alike, unless the template says otherwise
        **{k: v for k, v in config.new_fields if k not in source.metadata},
        "title": title or medium.title_for(work),
        "work": work,
        "medium": medium.name,
        "category": medium.category,
        **draft_fields(config.draft_key, draft=True),
        "date": date or dt.date.today(),
    }
    fields.update(values or {})
    head = _drop_placeholder_keys(head, fields)
    for field, keys in config.aliases:  # the blog's own key (remysharp's "read" for the date)
        if field in fields and keys and "." not in keys[0]:
            fields.setdefault(keys[0], fields.pop(field))
    draft = parse_text(f"{head}\n{body.strip()}\n", Path("new.md"))
    text = set_fields(draft, fields)
    result = parse_text(text, Path("new.md"))
    for key, value in fields.items():
        if result.error is not None or result.metadata.get(key) != value:
            where = f" (template {source.path.name})"
            raise InputError(f"--set {key}: could not set it in the front matter{where}")
    return text


def _check_placeholders(source: Review, known: Iterable[str]) -> None:
    """Refuse a template whose body holds a ``$name`` that is none of ``known`` (``$wrok``)
    or an unclosed ``${``: every new review would publish it as written."""
    body, known = source.body, tuple(known)
    for match in Template.pattern.finditer(body):
        name = match.group("named") or match.group("braced")
        if (name is None or name in known) and match.group("invalid") is None:
            continue
        if name is None and not body.startswith("${", match.start()):
            continue  # "$10", a lone "$": text, as Template leaves it
        line = source.body_line + body.count("\n", 0, match.start())
        what = f"unknown placeholder ${name}" if name else "unclosed ${"
        raise InputError(
            f"template: {what} (known: {', '.join('$' + k for k in known)}; write $$ for a dollar sign)",
            source.path,
            line,
        )


_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\d+)([.)])(?=[ \t]|$)|^([#+-])(?=[ \t]|$)")


def _as_text(name: str) -> str:
    """``name`` as Markdown text: its signs escaped (``<Oshi no Ko>``, ``*batteries not
    included``), and what would start a block at the start of a line (``1984.``)."""
    escaped = _MARKDOWN_SIGNS.sub(r"\\\1", name)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


_PLACEHOLDER_KEY = re.compile(r"^#\s*(?P<key>[A-Za-z_][\w-]*)\s*[:=]\s*$")


def _drop_placeholder_keys(head: str, fields: dict[str, Any]) -> str:
    """Remove the template's commented hints (``# rating:``) for keys that get a value."""
    kept = [
        line
        for line in head.split("\n")
        if not ((m := _PLACEHOLDER_KEY.match(line.strip())) and m["key"] in fields)
    ]
    return "\n".join(kept)


def check_values(config: Config, medium: Medium, values: dict[str, Any]) -> None:
    """Refuse ``--set`` values that lint would report: unknown keys and invalid values."""
    from reviewctl import schema
    from reviewctl.suggest import did_you_mean

    known = schema.known_fields(config, medium.name)
    for key, value in values.items():
        shown = f"--set {key}={value!r}" if not isinstance(value, str) else f"--set {key}={value}"
        if key == "medium" and str(value).lower() != medium.name:
            raise InputError(f"{shown}: the review is created as {medium.name} (use --medium)")
        kind = known.get(key)
        if kind is None:
            guess = did_you_mean(key, known)
            hint = f"did you mean {guess!r}? " if guess else ""
            raise InputError(
                f"{shown}: unknown front matter key ({hint}list your own keys in extra_fields"
                " in reviewctl.toml)"
            )
        problem = schema.check(key, value, kind, config)
        if problem is not None:
            raise InputError(f"{shown}: {problem}")


def _front_matter_text(lines: list[str], fm: Any, fmt: Format, config: Config) -> str:
    """The template's own front matter block, in the archive's format."""
    want = Format.TOML if config.front_matter == "toml" else Format.YAML
    if fm is None or fmt is Format.PELICAN:
        return "+++\n+++\n" if want is Format.TOML else "---\n---\n"
    block = "\n".join(lines[fm.start - 1 : fm.end]) + "\n"
    if fmt is want:
        return block
    metadata = parse_text(block, Path("template.md")).metadata
    if want is Format.TOML:
        if not any(isinstance(v, dict) for v in metadata.values()):
            return f"+++\n{_toml_lines(lines[fm.start : fm.end - 1], metadata)}+++\n"
        import tomli_w

        return f"+++\n{tomli_w.dumps(metadata)}+++\n"
    import yaml

    dumped = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False) if metadata else ""
    return f"---\n{dumped}---\n"


def _toml_lines(lines: list[str], metadata: dict[str, Any]) -> str:
    """A YAML template's keys as TOML, one line each, its ``# key:`` hints kept as ``# key =``."""
    out: list[str] = []
    done: set[str] = set()
    for line in lines:
        hint = _PLACEHOLDER_KEY.match(line.strip())
        if hint:
            out.append(f"# {hint['key']} =")
            continue
        key = re.match(r"^[\"']?([A-Za-z_][\w-]*)[\"']?\s*:", line)
        if key and key[1] in metadata and key[1] not in done:
            done.add(key[1])
            out.append(render_line(Format.TOML, key[1], metadata[key[1]]))
    out += [render_line(Format.TOML, k, v) for k, v in metadata.items() if k not in done]
    return "".join(f"{line}\n" for line in out)


def _another_work(path: Path, config: Config, work: str, medium: Medium, title: str | None) -> bool:
    """Whether the review at ``path`` says it is of another work than ``work`` (by its
    ``work``, else its title)."""
    from reviewctl.parse import parse_review

    review = parse_review(path, config.markers, limit=config.max_file_size)
    if review.error is not None:
        return False
    if review.work:
        return _name_key(review.work) != _name_key(work)
    names = {work, title or medium.title_for(work)}
    return bool(review.title) and _name_key(review.title) not in {_name_key(n) for n in names}


# Marks typed in more than one way: a curly apostrophe, a non-breaking or en dash hyphen
_TYPED_ALIKE = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)


def _name_key(name: str) -> str:
    """``name`` as compared with another work's: case, accents typed composed or not,
    curly or straight apostrophes and hyphens, and runs of spaces do not tell works apart."""
    return " ".join(unicodedata.normalize("NFC", name).translate(_TYPED_ALIKE).casefold().split())


def create_review(
    config: Config,
    work: str,
    medium_name: str | None,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    values: dict[str, Any] | None = None,
    force: bool = False,
    slug: str | None = None,
) -> Path:
    """Scaffold a new draft and write it; an existing file is kept unless ``force``.

    Without a medium the config's ``default_medium`` is used, else ``posts_medium``.
    """
    from reviewctl.suggest import suggest_medium

    if not work.strip():
        raise InputError("the work's name is empty")
    for what, text in (("the work's name", work), ("--title", title or "")):
        if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
            raise InputError(f"{what} holds a control character (a tab, a line break): {text!r}")
    known = ", ".join(sorted(config.media))
    # a blog of one medium (``posts_medium``: its posts name none) writes that one
    medium_name = medium_name or config.default_medium or config.posts_medium
    if not medium_name:
        raise InputError(
            f"which medium? pass --medium with one of {known}"
            " (or set default_medium in reviewctl.toml)"
        )
    medium = config.medium(medium_name)
    if medium is None:
        guess = suggest_medium(medium_name, config.media)
        hint = f"did you mean {guess!r}? " if guess else ""
        raise InputError(f"unknown medium {medium_name!r} ({hint}known: {known})", config.source)
    check_values(config, medium, values or {})
    # --set date=…: the day a Jekyll name says too (as a date, a time or a quoted one)
    given = as_date((values or {}).get("date"))
    if given is not None and date is not None and given != date:
        raise InputError(f"--date {date} and --set date={given} name two days")
    date = date or given
    path = review_path(config, work.strip(), medium, slug, date)
    # another work whose name makes the same slug (a long title cut short): a name of its own
    name, number = slugify(work.strip()), 2
    while path.exists():
        if slug is None and _another_work(path, config, work.strip(), medium, title):
            path = review_path(config, work.strip(), medium, f"{name}-{number}", date)
            number += 1
            continue
        if not force:
            raise AlreadyExists(path)
        break
    text = render_review(config, work.strip(), medium, title=title, date=date, values=values)
    clean_stale_temps(path.parent)  # what an interrupted `new` in this folder left
    write_atomic(path, text, force=force)
    return path
