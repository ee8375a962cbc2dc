"""The real seed post gets exactly an editor's findings; every corpus file lints cleanly."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, Invoke, require

SEED_DIR = ROOT.parent / "shared" / "seed"
SEED_CONFIG = """\
[[support_links]]
label = "Patreon"
url = "http://www.patreon.com/countzeroor"

[[support_links]]
label = "Ko-Fi"
url = "https://ko-fi.com/countzero"

[[support_links]]
label = "Twitch"
url = "http://twitch.tv/countzeroor"

[[support_links]]
label = "YouTube"
url = "https://www.youtube.com/@CountZeroOrPlays"
"""
# The seed's characters, as the author's front matter would list them.
CHARACTERS = "characters: [Rouge Redstar, Naomi Orthmann, Jaron, Giallon, Nean]\n"


def _with_characters(text: str) -> str:
    return text.replace("status: published\n", "status: published\n" + CHARACTERS, 1)


def _seed_review() -> str:
    """The seed post (a WordPress page as text) as a review file, built at test time."""
    found = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    require(bool(found), f"seed post not found in {SEED_DIR}")
    lines = found[0].read_text(encoding="utf-8").splitlines()
    title = next(line for line in lines if line.startswith("Anime Review: "))
    start = lines.index(title) + 1
    end = lines.index("Standard")  # WordPress's post-format label ends the post
    body = "\n".join(lines[start:end]).strip()
    front = (
        f'---\ntitle: "{title}"\nwork: {title.removeprefix("Anime Review: ")}\nmedium: anime\n'
        "category: Anime\nstatus: published\ndate: 2024-04-15\n---\n\n"
    )
    return front + body + "\n"


def test_seed_gets_exactly_an_editors_findings(invoke: Invoke, tmp_path: Path) -> None:
    text = _with_characters(_seed_review())
    (tmp_path / "reviewctl.toml").write_text('extra_fields = ["characters"]\n' + SEED_CONFIG)
    path = tmp_path / "reviews" / "metallic-rouge.md"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    result = invoke("lint", "--format", "json", path)
    findings = [(d["code"], d["line"], d["fixable"]) for d in json.loads(result.stdout)]

    lines = text.splitlines()

    def line_of(fragment: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if fragment in line)

    assert findings == [
        # "Spoilers below the cut." is there, but no <!--more--> below it
        ("SP001", line_of("Spoilers below the cut."), True),
        # the one typo: "Ursurpers" (the archive knows every name of the review)
        ("TX005", line_of("Ursurpers"), False),
        # the caption "Rouge and Naomi (from Right) from Magnetic Rouge"
        ("TX001", line_of("from Magnetic Rouge"), False),
        # the Patreon and Twitch footer links are plain http://
        ("SL003", line_of("patreon.com"), False),
        ("SL003", line_of("twitch.tv"), False),
    ]
    assert result.exit_code == 1

    fixed = invoke("lint", "--fix", path)
    assert "Fixed 1 finding." in fixed.stdout
    assert "Spoilers below the cut.\n\n<!--more-->\n" in path.read_text(encoding="utf-8")
    after = [d["code"] for d in json.loads(invoke("lint", "--format", "json", path).stdout)]
    assert after == ["TX005", "TX001", "SL003", "SL003"]


def test_seed_spelling_knows_the_archive(invoke: Invoke, tmp_path: Path) -> None:
    """ "Ursurpers" gets "Usurpers"; the names are findings only while the archive lacks them."""
    text = _seed_review()
    (tmp_path / "reviewctl.toml").write_text(SEED_CONFIG)
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    (reviews / "metallic-rouge.md").write_text(text, encoding="utf-8")

    def spelling() -> dict[str, str]:
        result = invoke("lint", "--format", "json", "--select", "TX005,TX006", reviews)
        found = json.loads(result.stdout)
        return {d["message"].split("'")[1]: d["message"] for d in found}

    alone = spelling()
    assert "did you mean 'Usurpers'?" in alone["Ursurpers"]
    assert "Giallon" in alone  # a name nothing in the archive knows yet (one letter from "Gallon")
    # another review's front matter lists them: the archive knows them now
    other = (
        '---\ntitle: "Anime Review: Metallic Rouge Recap"\nwork: Metallic Rouge Recap\n'
        "medium: anime\nstatus: draft\n" + CHARACTERS + "---\n\nA recap of the first cour.\n"
    )
    (reviews / "metallic-rouge-recap.md").write_text(other, encoding="utf-8")
    known = spelling()
    assert set(known) == {"Ursurpers"}, known
    names = ("Rouge", "Naomi", "Nean", "Neans", "Nectar", "Jaron", "Giallon", "Redstar",
             "Crunchyroll", "Patreon", "Ko-Fi")  # fmt: skip
    assert not [n for n in names if n in known]


def test_every_corpus_file_lints_without_a_traceback(
    invoke: Invoke, corpus_files: list[Path]
) -> None:
    result = invoke("lint", "--format", "json", *corpus_files)
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert not [d for d in data if "internal error" in d["message"]]
    paths = {d["path"] for d in data}
    assert paths <= {str(p) for p in corpus_files}
    for d in data:
        assert d["line"] >= 1 and d["column"] >= 1


def test_corpus_findings_make_sense(corpus_files: list[Path]) -> None:
    """Spot checks on files whose problems are documented in the corpus notes."""
    from reviewctl.config import load_config
    from reviewctl.lint import Linter

    by_name = {p.name: p for p in corpus_files}
    linter = Linter(load_config(corpus_files[0]))
    saigo = by_name.get("saigo-ni-hitotsu-review.md")
    if saigo is not None:  # an unquoted "title: Review: …" is a YAML error at line 2
        codes = [(f.code, f.line) for f in linter.lint_path(saigo).findings]
        assert ("FM002", 2) in codes
    rama = by_name.get("rendezvous-with-rama--index.md")
    if rama is not None:  # the spaced <!-- more --> is a cut
        codes = [f.code for f in linter.lint_path(rama).findings]
        assert "SP001" not in codes and "FM002" not in codes


def test_corpus_fix_round_trip(invoke: Invoke, corpus: Path) -> None:
    files = sorted(corpus.rglob("*.md"))
    before = {p: p.read_bytes() for p in files}
    invoke("lint", "--fix", "--exit-zero", corpus)
    again = json.loads(invoke("lint", "--format", "json", corpus).stdout)
    assert not any(d["fixable"] for d in again)
    for path in files:
        old, new = before[path], path.read_bytes()
        if old != new:  # a BOM or CRLF file keeps them
            assert old.startswith(b"\xef\xbb\xbf") == new.startswith(b"\xef\xbb\xbf")
            assert (b"\r\n" in old) == (b"\r\n" in new)


def test_corpus_known_editor_findings(corpus_files: list[Path]) -> None:
    """The real slips an editor found in the corpus (issue 13) are reported."""
    from reviewctl.config import load_config
    from reviewctl.lint import Linter, Selection

    config = load_config(corpus_files[0])
    linter = Linter(config, Selection(select=("TX005", "TX007", "TX008")))
    by_name = {f"{p.parent.name}/{p.name}": p for p in corpus_files}
    expected = {
        "Krauzer94__backblog-reviews/braid--index.md": ("TX007", "'visuals'"),
        "Krauzer94__backblog-reviews/hollow-knight--index.md": ("TX007", "'contents'"),
        "dwhenson__books-read/20260328-gorky-park.md": ("TX007", "'time'"),
        "dwhenson__books-read/20250504-girl-who-kicked-over-the -hornets-nest.md": (
            "TX005",
            "'triology' (did you mean 'trilogy'?)",
        ),
        "royaljuggy__blogs/saigo-ni-hitotsu-review.md": ("TX005", "'Exorist'"),
        "remy__remysharp.com/books-i-read-in-2018.md": ("TX008", "doubled word 'the'"),
    }
    for name, (code, fragment) in expected.items():
        path = by_name.get(name)
        if path is None:
            continue
        found = [f.message for f in linter.lint_path(path).findings if f.code == code]
        assert any(fragment in message for message in found), (name, found)
    saigo = by_name.get("royaljuggy__blogs/saigo-ni-hitotsu-review.md")
    if saigo is not None:
        messages = [f.message for f in linter.lint_path(saigo).findings]
        assert any("'Merury' (did you mean 'Mercury'?)" in m for m in messages), messages
