"""``init`` and ``new``: a config for a new archive, and new reviews from templates."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from reviewctl.config import CONFIG_NAME, Config, Medium, config_to_mapping
from reviewctl.edit import set_fields
from reviewctl.errors import InputError
from reviewctl.fs import write_atomic
from reviewctl.model import Format
from reviewctl.parse import parse_text
from reviewctl.slug import slugify


def write_config(directory: Path, config: Config, text: str | None = None) -> Path:
    """Write ``reviewctl.toml`` into ``directory`` (``text``, else ``config`` as TOML); an
    existing one is never replaced. The reviews folder is created if it is missing."""
    import tomli_w

    path = directory / CONFIG_NAME
    if path.exists():
        raise InputError("a config already exists here; edit it instead", path)
    write_atomic(path, text or tomli_w.dumps(config_to_mapping(config)), force=False)
    (directory / config.reviews_dir).mkdir(parents=True, exist_ok=True)
    return path


def template_text(config: Config, medium: Medium) -> str:
    """The medium's template: the archive's ``templates/<name>.md`` wins over the package's."""
    own = config.templates_path / f"{medium.template}.md"
    if own.is_file():
        try:
            return own.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read template: {exc}", own) from None
    package = resources.files("reviewctl") / "templates"
    for name in (f"{medium.template}.md", "default.md"):
        resource = package / name
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    raise InputError(f"no template named {medium.template!r}")  # pragma: no cover


def review_path(config: Config, work: str, medium: Medium) -> Path:
    """``<reviews dir>/<medium>/<slug>.md``, guaranteed to stay inside the reviews dir."""
    base = config.reviews_path
    path = (base / slugify(medium.name) / f"{slugify(work)}.md").resolve()
    if not path.is_relative_to(base):  # slugs cannot contain separators; belt and braces
        raise InputError(f"refusing to write outside {base}", path)
    return path


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
    source = parse_text(template_text(config, medium), Path(f"{medium.template}.md"))
    if source.error is not None:
        raise InputError(f"template: {source.error.message}", source.path, source.error.line)
    body = Template(source.body).safe_substitute(
        work=work,
        title=title or medium.title_for(work),
        warning=config.spoiler_warning,
        cut=config.cut,
        availability=f"{work} is currently available for {medium.availability} on TODO.",
        footer="\n".join(link.line() for link in config.support_links),
    )
    head = _front_matter_text(source.lines, source.front_matter, source.format, config)
    draft = parse_text(f"{head}\n{body.strip()}\n", Path("new.md"))
    fields: dict[str, Any] = {
        "title": title or medium.title_for(work),
        "work": work,
        "medium": medium.name,
        "category": medium.category,
        "status": "draft",
        "date": date or dt.date.today(),
    }
    fields.update(values or {})
    return set_fields(draft, fields)


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
        import tomli_w

        return f"+++\n{tomli_w.dumps(metadata)}+++\n"
    import yaml

    dumped = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False) if metadata else ""
    return f"---\n{dumped}---\n"


def create_review(
    config: Config,
    work: str,
    medium_name: str,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    values: dict[str, Any] | None = None,
    force: bool = False,
) -> Path:
    """Scaffold a new draft and write it; an existing file is kept unless ``force``."""
    if not work.strip():
        raise InputError("the work's name is empty")
    medium = config.medium(medium_name)
    if medium is None:
        known = ", ".join(sorted(config.media))
        raise InputError(f"unknown medium {medium_name!r} (known: {known})", config.source)
    path = review_path(config, work.strip(), medium)
    if path.exists() and not force:
        raise InputError("already exists (use --force to overwrite)", path)
    text = render_review(config, work.strip(), medium, title=title, date=date, values=values)
    write_atomic(path, text, force=force)
    return path
