"""Reviews and helpers for the `show` tests: every review here is written for these tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from reviewctl.config import Config
from reviewctl.model import Review
from reviewctl.parse import parse_text
from reviewctl.render.terminal import render_review

# A word that appears only below the cut (body, caption, table, quote, code, footnote, heading).
MARKER = "Quillzebra"

# The hidden body: exactly HIDDEN_WORDS plain words (no markup), so the count is checkable.
HIDDEN_PROSE = (
    f"The harbour master turns out to be the {MARKER} all along, and the ferry never sails.\n\n"
    "By the last chapter every lamp in the town is out and nobody minds very much."
)
HIDDEN_WORDS = len(HIDDEN_PROSE.split())

HOUSE = f"""---
title: "Film Review: The Lamp Ferry"
work: The Lamp Ferry
medium: film
status: published
date: 2026-03-14
tags: [film, drama]
rating: 7.5
where_to_watch: Cinema Lumen
---

*The Lamp Ferry* is a small, **stubborn** film about a ferry that carries lamp oil across a
grey bay, and it is much better than its ~~trailer~~ poster suggests. See the
[festival page][fest] for screenings.[^run]

[^run]: It runs a brisk ninety minutes.

[fest]: https://example.org/festival

Spoilers below the cut.

<!--more-->

{HIDDEN_PROSE}

## Verdict and {MARKER}

![The ferry at dusk, {MARKER} side](images/ferry.png)

| Scene | Mood |
|-------|------|
| Dock  | {MARKER} calm |

> A quote from the {MARKER} captain.

- first point
- second point, with `code {MARKER}`

```text
![not an image](inside-code.png) {MARKER}
```

A footnote at the end.[^late]

[^late]: The {MARKER} note.

The Lamp Ferry is currently available to stream on Cinema Lumen.

Please support my Patreon: https://www.patreon.com/lampferry
Watch my Live-Streams on https://twitch.tv/lampferry
"""

# Below the cut: only HIDDEN_PROSE, then the availability line and the footer (both shown).
COUNTED = f"""---
title: Counted
---

A lede of a few words.

Spoilers below the cut.

<!--more-->

{HIDDEN_PROSE}

It is available to stream on Cinema Lumen.

Buy me a coffee at Ko-Fi: https://ko-fi.com/lampferry
"""

NO_CUT = """---
title: "TV Review: Northern Line"
work: Northern Line
medium: tv
status: draft
tags: tv
---

A short review with nothing to hide, so nothing is hidden.

![The platform](platform.jpg)

It has a second paragraph, too.
"""

TOML = """+++
title = "Book Review: The Salt Orchard"
work = "The Salt Orchard"
medium = "book"
status = "published"
date = 2025-08-01
rating = 3.5
template = "book-page.html"
+++

An orchard grows on a salt flat, and a family argues about it for three hundred pages.

Spoilers below the cut.

<!--more-->

The orchard was never real; the family was.
"""

BROKEN = """---
title: Review: Broken Colons
work: Broken Colons
---

The front matter above has an unquoted colon, so it cannot be read.

Spoilers below the cut.

<!--more-->

The twist is hidden all the same.
"""

Render = Callable[..., str]


def review_of(text: str, name: str = "review.md") -> Review:
    return parse_text(text, Path(name))


@pytest.fixture
def render() -> Render:
    """Render review text as plain text at a fixed width, as `show` builds it."""

    def run(
        text: str,
        *,
        spoilers: bool = False,
        width: int = 80,
        config: Config | None = None,
        name: str = "review.md",
    ) -> str:
        console = Console(
            file=io.StringIO(), record=True, width=width, force_terminal=False, color_system=None
        )
        config = config or Config(root=Path("."))
        for item in render_review(
            review_of(text, name), config, spoilers=spoilers, hyperlinks=False
        ):
            console.print(item)
        return console.export_text()

    return run
