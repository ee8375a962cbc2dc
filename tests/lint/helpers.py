"""Shared builders for the lint tests: a clean review, variants of it, a tiny archive."""

from __future__ import annotations

from pathlib import Path

from reviewctl.config import Config, config_from_mapping
from reviewctl.lint import Finding, Linter, Selection
from reviewctl.lint.report import format_text
from reviewctl.parse import parse_bytes

CONFIG_TOML = """\
reviews_dir = "reviews"

[[support_links]]
label = "Patreon"
url = "https://www.patreon.com/example"

[[support_links]]
label = "Ko-Fi"
url = "https://ko-fi.com/example"

[lint.spelling]
words = ["Redstar"]
"""

FRONT = """\
---
title: "Anime Review: Metallic Rouge"
work: Metallic Rouge
medium: anime
status: published
date: 2024-04-15
tags: [anime, science fiction]
rating: 7
where_to_watch: Crunchyroll
---
"""

LEDE = (
    "Metallic Rouge is Studio Bones celebrating its anniversary with an original series "
    "about a pair of androids on a journey through the solar system."
)

BODY = f"""
{LEDE}

Spoilers below the cut.

<!--more-->

Rouge Redstar hunts the Immortal Nine across Mars and Venus with her handler Naomi.

![Rouge and Naomi, from Metallic Rouge](rouge.jpg)

The animation is great and the leads have real chemistry, but twelve episodes are not
enough for all of its ideas.

Metallic Rouge is currently available for streaming on Crunchyroll.

Patreon: https://www.patreon.com/example
Ko-Fi: https://ko-fi.com/example
"""

GOOD = FRONT + BODY


def config(root: Path = Path("."), **overrides: object) -> Config:
    """The test archive's config, parsed the way ``reviewctl.toml`` is."""
    import tomllib

    data = tomllib.loads(CONFIG_TOML)
    data.update(overrides)
    return config_from_mapping(data, root=root)


def variant(*edits: tuple[str, str], base: str = GOOD) -> str:
    """``base`` with each ``(old, new)`` replaced exactly once (and it must be there)."""
    text = base
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def lint_text(
    text: str | bytes,
    *,
    select: tuple[str, ...] = (),
    cfg: Config | None = None,
    name: str = "review.md",
) -> list[Finding]:
    cfg = cfg or config()
    data = text.encode("utf-8") if isinstance(text, str) else text
    review = parse_bytes(data, Path(name), cfg.markers)
    return Linter(cfg, Selection.from_config(cfg, select)).lint(review)


def render(findings: list[Finding]) -> str:
    """Findings as a snapshot: the text format plus severities."""
    return "".join(
        f"{f.severity.value:<7} {line}"
        for f, line in zip(findings, format_text(findings).splitlines(keepends=True), strict=True)
    )


def make_archive(root: Path, files: dict[str, str | bytes], config_toml: str = CONFIG_TOML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "reviewctl.toml").write_text(config_toml, encoding="utf-8")
    for name, content in files.items():
        path = root / "reviews" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        if b"](rouge.jpg)" in (content if isinstance(content, bytes) else content.encode()):
            (path.parent / "rouge.jpg").write_bytes(b"")  # the house review's picture
    return root
