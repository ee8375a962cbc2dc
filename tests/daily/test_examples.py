"""The bundled example pictures are real images of a sensible size, and export copies them."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Invoke

IMAGES = sorted((EXAMPLES / "reviews").glob("*/images/*"))


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame segment."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    index = 2
    while index < len(data):
        marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    raise AssertionError("no frame header")


def test_every_referenced_image_exists() -> None:
    referenced = {
        (review.parent / match).resolve()
        for review in (EXAMPLES / "reviews").glob("*/*.md")
        for match in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", review.read_text())
    }
    assert referenced == {p.resolve() for p in IMAGES} and len(IMAGES) == 4


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_images_are_real_pictures(path: Path) -> None:
    data = path.read_bytes()
    width, height = jpeg_size(data)
    assert (width, height) == (960, 540)
    assert 10_000 < len(data) < 60_000  # a picture, yet small enough for the repository


def test_export_copies_the_pictures(invoke: Invoke, examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = invoke("export", examples, "--out", out, "--site")
    assert result.exit_code == 0, result.stderr
    copied = out / "anime" / "lantern-circuit" / "images" / "night-ferry.jpg"
    assert copied.read_bytes() == (examples / "reviews/anime/images/night-ferry.jpg").read_bytes()
    assert 'src="images/night-ferry.jpg"' in (copied.parent.parent / "index.html").read_text()
