"""Random reviews built from real review pieces: no rule crashes, fixes always converge."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reviewctl.lint import Linter
from reviewctl.lint.fix import fix_file
from tests.lint.helpers import FRONT, config

PIECES = [
    "Metallic Rouge is a show about androids.",
    "Magnetic Rouge, as the caption says.",
    "Spoilers below the cut.",
    "<!--more-->",
    "<!-- more -->",
    "<!-- reviewctl: ignore TX001 -->",
    "<!-- reviewctl: ignore-file SL -->",
    "<!-- reviewctl: nonsense -->",
    "```",
    "TODO inside or outside code",
    "    indented code TODO",
    "# Verdict",
    "- Patreon: https://www.patreon.com/example",
    "Ko-Fi: http://ko-fi.com/example",
    "Patreon: https://www.patreon.com/example",
    "Support me on Patreon!",
    "![](x.png)",
    '<img src="y.png" alt="Metalic Rouge">',
    "> quoted {{ verdict }}",
    "| a | b |",
    "Setext",
    "===",
    "---",
    "Metallic Rouge is currently available for streaming on Crunchyroll.",
    "日本語のレビューです。メタリックルージュ。",
    "",
    "",
]


def _document(rng: random.Random) -> str:
    front = FRONT if rng.random() < 0.8 else ""
    lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 25))]
    newline = rng.choice(["\n", "\r\n"])
    text = (front + "\n".join(lines)).replace("\n", newline)
    return text + (newline if rng.random() < 0.7 else "")


@pytest.mark.parametrize("seed", range(4))
def test_random_reviews(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    linter = Linter(config())
    for n in range(75):
        path = tmp_path / f"r{seed}-{n}.md"
        data = _document(rng).encode("utf-8")
        if rng.random() < 0.2:
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
        findings = linter.lint_path(path).findings
        assert not [f for f in findings if "internal error" in f.message], path.read_text()
        result = fix_file(path, linter)
        assert result is not None
        assert not any(f.fixable for f in result.remaining), (data, result.remaining)
        if result.changed:  # a fixed file lints the same way when read back from disk
            path.write_bytes(result.fixed)
            again = linter.lint_path(path).findings
            assert [f.code for f in again] == [f.code for f in result.remaining]
            assert result.fixed.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
