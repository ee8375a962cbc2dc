"""An archive written for the export tests: house-style reviews in our own words."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

MARKER = "QUIXOTRON"  # a word that appears only below the cut of the house review

HOUSE_REVIEW = f"""\
---
title: "Anime Review: The Paper Lighthouse"
work: The Paper Lighthouse
medium: anime
status: published
date: 2025-03-14
tags: [fantasy, road trip, "slice of life"]
rating: 8
where_to_watch: HIDIVE
---

The Paper Lighthouse is a quiet fantasy about two couriers carrying letters between lighthouse
towns, and it is at its best when it lets the sea do the talking. Twelve episodes, no villain
to speak of, and a finale that earns every tear.

Spoilers below the cut.

<!--more-->

The premise is simple: Mira and Oto deliver the mail along a coast where the lighthouses have
gone dark, one town at a time. Each episode is a *stop*, and each stop is a small,
self-contained story.[^1]

![Mira and Oto on the cliff road](images/cliff-road.png)
Mira and Oto, on the cliff road in episode four

The animation is soft and painterly, with ~~no~~ few big action moments, but the backgrounds
are lovely.

| Episode | Town | Mood |
|---|---|---|
| 1 | Saltmere | wistful |
| 4 | Cliffside | tense |

## Verdict

A gentle show that knows exactly what it wants to be. {MARKER} is the name of the ferry in
the last episode, and you will remember it.

The Paper Lighthouse is currently available for streaming on HIDIVE.

[^1]: Episode seven breaks the pattern, to great effect.

Please support my Patreon: https://www.patreon.com/example
Buy me a coffee at Ko-Fi: https://ko-fi.com/example
"""

FILM_REVIEW = """\
---
title: "Movie Review: Salt and Static"
work: Salt and Static
medium: film
status: published
date: 2024-11-02
tags: [drama]
rating: 6.5
---

Salt and Static is a small radio drama turned into a film, and it shows: the best scenes are
two people talking in a booth.

Spoilers below the cut.

<!--more-->

The third act leans on a twist you will see coming from the first reel.

Please support my Patreon: https://www.patreon.com/example
"""

DRAFT_REVIEW = """\
---
title: "Game Review: Unfinished Business"
work: Unfinished Business
medium: game
status: draft
date: 2026-01-01
---

A draft lede that should never reach the site.

Spoilers below the cut.

<!--more-->

Draft body.
"""

BROKEN_REVIEW = """\
---
title: Review: this title has an unquoted colon
medium: tv
status: published
---

Never exported.
"""


def png(width: int = 48, height: int = 27, rgb: tuple[int, int, int] = (200, 80, 60)) -> bytes:
    """A tiny valid PNG."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """reviewctl.toml, two published reviews (one with an image), a draft, a broken file."""
    root = tmp_path / "archive"
    write(root / "reviewctl.toml", 'author = "Kit Marlowe"\n')
    reviews = root / "reviews"
    write(reviews / "anime" / "paper-lighthouse.md", HOUSE_REVIEW)
    (reviews / "anime" / "images").mkdir()
    (reviews / "anime" / "images" / "cliff-road.png").write_bytes(png())
    write(reviews / "film" / "salt-and-static.md", FILM_REVIEW)
    write(reviews / "game" / "unfinished-business.md", DRAFT_REVIEW)
    return root


@pytest.fixture
def broken(archive: Path) -> Path:
    """The archive plus one file whose front matter does not parse."""
    write(archive / "reviews" / "tv" / "broken.md", BROKEN_REVIEW)
    return archive
