"""An archive with a config and support links, as ``init`` writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFIG = """reviews_dir = "reviews"
author = "Tester"

[[support_links]]
label = "Please support my Patreon"
url = "https://www.patreon.com/tester"
"""

GOOD = """---
title: 'Movie Review: Paris, Texas'
work: Paris, Texas
medium: film
category: Movies
status: draft
date: 2026-01-02
tags: [film]
---

Paris, Texas is a quiet road film about a man walking out of the desert, and it is worth
an evening of anyone's time.

Spoilers below the cut.

<!--more-->

Travis walks out of the desert and back to his brother, his son and, at last, to Jane.

## Verdict

A patient, generous film.

Paris, Texas is currently available for streaming on MUBI.

Please support my Patreon: https://www.patreon.com/tester
"""


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "reviewctl.toml").write_text(CONFIG)
    (tmp_path / "reviews").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path
