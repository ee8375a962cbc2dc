"""The core as a library: registry, selection, summary, schema and the pre-commit hook file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewctl import schema
from reviewctl.lint import Finding, Rule, Selection, Severity, all_rules, get_rule
from reviewctl.lint.registry import register
from reviewctl.lint.report import summary
from tests.conftest import ROOT
from tests.lint.helpers import config


def _finding(code: str, severity: Severity, fixable: bool = False) -> Finding:
    from reviewctl.lint import Edit, Fix

    fix = Fix((Edit(0, 0, "x"),)) if fixable else None
    return Finding("r.md", 1, 1, code, "name", severity, "message", fix)


@pytest.mark.parametrize(
    ("severities", "fixable", "expected"),
    [
        ([], 0, "All checks passed!"),
        (["error"], 0, "Found 1 error."),
        (["warning", "warning"], 1, "Found 2 warnings (1 fixable with --fix)."),
        (
            ["error"] * 3 + ["warning"] * 2,
            2,
            "Found 3 errors and 2 warnings (2 fixable with --fix).",
        ),
        (["error", "warning", "info", "info"], 0, "Found 1 error, 1 warning and 2 info."),
    ],
)
def test_summary(severities: list[str], fixable: int, expected: str) -> None:
    findings = [_finding("TX001", Severity(s), n < fixable) for n, s in enumerate(severities)]
    assert summary(findings) == expected


def test_summary_after_fixing() -> None:
    assert summary([], fixed=2) == "Fixed 2 findings. All checks passed!"


def test_registry_is_sorted_unique_and_documented() -> None:
    rules = all_rules()
    assert [r.code for r in rules] == sorted({r.code for r in rules})
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert get_rule(rule.code.lower()) is rule
        assert rule.summary() and not rule.summary().endswith(" ")


def test_register_rejects_bad_rules() -> None:
    class NoDocs(Rule):
        """Nothing."""

        code = "ZZ001"
        name = "no-docs"
        severity = Severity.INFO

    with pytest.raises(ValueError, match="sections"):
        register(NoDocs)

    class BadName(Rule):
        code = "ZZ002"
        name = "Bad_Name"
        severity = Severity.INFO

    with pytest.raises(ValueError, match="kebab-case"):
        register(BadName)
    assert get_rule("ZZ001") is None


@pytest.mark.parametrize(
    ("select", "ignore", "code", "enabled"),
    [
        ((), (), "TX001", True),
        (("TX",), (), "SL001", False),
        (("TX",), ("TX001",), "TX001", False),
        (("TX",), ("TX001",), "TX002", True),
        (("TX001",), ("TX",), "TX001", True),
        (("TX",), ("TX",), "TX001", False),
        (("ALL",), (), "IO001", True),
        ((), ("ALL",), "IO001", False),
    ],
)
def test_selection_specificity(
    select: tuple[str, ...], ignore: tuple[str, ...], code: str, enabled: bool
) -> None:
    assert Selection(select, ignore).enabled(code) is enabled


def test_severity_prefix_and_specific_override() -> None:
    selection = Selection(severity=(("TX", "info"), ("TX002", "warning")))
    assert selection.severity_for("TX001", Severity.WARNING) is Severity.INFO
    assert selection.severity_for("TX002", Severity.ERROR) is Severity.WARNING
    assert selection.severity_for("SL001", Severity.ERROR) is Severity.ERROR


@pytest.mark.parametrize(
    ("key", "value", "kind", "problem"),
    [
        ("date", dt.date(2024, 1, 2), schema.Type.DATE, None),
        ("date", "2024-02-30", schema.Type.DATE, "date '2024-02-30' is not a real date"),
        (
            "date",
            "yesterday",
            schema.Type.DATE,
            "date must be a date like 2024-03-01, got 'yesterday'",
        ),
        ("rating", 10, schema.Type.RATING, None),
        (
            "rating",
            True,
            schema.Type.RATING,
            "rating must be a number from 0 to 10, got true/false",
        ),
        ("rating", -1, schema.Type.RATING, "rating -1 is outside the scale 0 to 10"),
        ("work", 1984, schema.Type.TEXT, "work must be text, got a number (quote it)"),
        ("episodes", 12.5, schema.Type.INT, "episodes must be a whole number, got a number"),
        (
            "draft",
            "false",
            schema.Type.BOOL,
            "draft must be true or false, got text (write it without quotes)",
        ),
        ("tags", ["a", 1], schema.Type.TAGS, None),
        ("where_to_watch", ["A", "B"], schema.Type.TEXTS, None),
    ],
)
def test_schema_check(key: str, value: object, kind: schema.Type, problem: str | None) -> None:
    assert schema.check(key, value, kind, config()) == problem


def test_schema_known_fields_use_config() -> None:
    cfg = config(extra_fields=["spoiler_level"])
    anime = schema.known_fields(cfg, "anime")
    assert {"studio", "episodes", "spoiler_level", "where_to_watch", "slug"} <= set(anime)
    assert "platform" not in anime  # a game field
    assert "platform" in schema.known_fields(cfg, None)


def test_pre_commit_hooks_file() -> None:
    import yaml

    hooks = yaml.safe_load(Path(ROOT / ".pre-commit-hooks.yaml").read_text())
    ids = {hook["id"]: hook for hook in hooks}
    assert ids["reviewctl-lint"]["entry"] == "reviewctl lint"
    assert ids["reviewctl-lint"]["types"] == ["markdown"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)


def test_a_crashing_rule_is_reported_and_the_others_still_run() -> None:
    from collections.abc import Iterator

    from reviewctl.lint import Diagnostic, Linter
    from reviewctl.lint.context import Context
    from reviewctl.parse import parse_text
    from tests.lint.helpers import GOOD, variant

    class Broken(Rule):
        """Crashes.

        What it does
            Nothing.

        Why
            Tests.

        Example
            None.

        Fix
            None.
        """

        code = "ZZ999"
        name = "broken"
        severity = Severity.INFO

        def check(self, ctx: Context) -> Iterator[Diagnostic]:
            raise KeyError("boom")

    linter = Linter(config())
    linter.rules.insert(0, Broken())
    text = variant(("real chemistry", "real chemistry TODO"), base=GOOD)
    findings = linter.lint(parse_text(text, Path("r.md")))
    assert [(f.code, f.severity, f.message) for f in findings if f.code == "ZZ999"] == [
        ("ZZ999", Severity.ERROR, "internal error in rule ZZ999: KeyError: 'boom'")
    ]
    assert "TX002" in {f.code for f in findings}


def test_context_words_are_the_same_through_the_ascii_path_and_the_general_one() -> None:
    """Context.words lowers and drops punctuation with one bytes.translate for ASCII prose;
    prose with any other character takes str.lower and one regex pass: same words."""
    from reviewctl.lint.context import _CLEAN, Context
    from reviewctl.parse import parse_text

    body = (
        "The \"Hero's\" Journey: a re-watch (2nd time) of it's ENDING... [link](http://x.y)\n"
        "\n"
        "Tabs\tand `code` and <b>tags</b>; a/b|c\\d=e+f&g%h$i#j@k^l~m*n_o!p?\n"
    )
    ascii_ctx = Context(parse_text(f"---\ntitle: T\n---\n{body}", Path("a.md")), config())
    assert ascii_ctx.prose.isascii()
    curly = body.replace("it's", "it’s") + "Café “quoted” — dash…\n"
    other_ctx = Context(parse_text(f"---\ntitle: T\n---\n{curly}", Path("b.md")), config())
    assert not other_ctx.prose.isascii()
    words = ascii_ctx.words
    assert words == _CLEAN.sub(" ", ascii_ctx.prose.lower()).split()
    assert words[:6] == ["the", "hero's", "journey", "a", "re", "watch"]
    assert "it's" in words and "ending" in words and "http" not in words
    assert other_ctx.words[: len(words)] == words  # curly apostrophe made straight
    assert other_ctx.words[len(words) :] == ["café", "quoted", "dash"]


def test_spelling_suggestions_do_not_depend_on_the_hash_seed() -> None:
    """Candidates as likely as each other come in alphabetical order, never in set order:
    'genra' gives the same message in every run."""
    import subprocess
    import sys

    code = (
        "from reviewctl.lint.rules.spelling import suggestions\n"
        "from reviewctl.lint.vocabulary import Vocabulary, load_dictionary\n"
        "print(suggestions('genra', load_dictionary('en'), Vocabulary()))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert seen == {"['genre', 'genera', 'gena']\n"}


def test_the_dictionary_as_the_index_keeps_it_answers_as_the_dict_does() -> None:
    """:class:`SortedWords` (the dictionary read back from the index as text and bisected)
    knows every word with its count, knows nothing else, and answers the same once it has
    turned itself into a dict."""
    import random

    from reviewctl.lint.vocabulary import SortedWords, _build_dictionary

    for language in ("en-US", "en-GB"):
        frequency = _build_dictionary(language).frequency
        text = SortedWords.encode(frequency)
        words = sorted(frequency)
        sample = words[:200] + words[-200:] + random.Random(7).sample(words, 2000)
        bisected = SortedWords(text)
        assert [bisected.get(w) for w in sample] == [frequency[w] for w in sample]
        absent = ["", "a a", "aaaaaaaaa", "zzzzzzzz", "zürichs", '"', "x,y", "\uffff", "recieve"]
        assert [w in bisected for w in absent] == [w in frequency for w in absent]
        assert bisected._table is None  # still bisecting
        for _ in range(SortedWords.LOOKUPS_BEFORE_TABLE):
            assert "the" in bisected
        assert bisected._table is not None and bisected.get(words[5]) == frequency[words[5]]
        assert dict(SortedWords(text)) == dict(frequency) and len(SortedWords(text)) == len(words)
    assert "a" not in SortedWords("{}") and SortedWords('{"b":2}').get("b") == 2
    assert SortedWords("{}").lacking({"a"}) == {"a"}


@pytest.mark.parametrize("named_first", [False, True])
def test_a_run_reads_the_archives_front_matter_only_when_a_file_needs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named_first: bool
) -> None:
    """More files than the probe: where none of the first has a word that neither the
    dictionary nor the config knows, the archive's front matter is never read; where one
    has, the vocabulary is built before the rest are linted. The findings are the same."""
    from reviewctl.config import load_config
    from reviewctl.lint.engine import PROBE, Linter
    from reviewctl.lint.vocabulary import RunVocabulary
    from tests.test_hardening import make_archive, review

    plain = review("The pilots argue for the whole second half.", lede="An opening.")
    named = review("The pilota argue for the whole second half.", lede="An opening.")
    tagged = review("Quiet.", lede="An opening.").replace("tags: [test]", "tags: [test, pilota]")
    files = {f"anime/r{n:02}.md": plain for n in range(PROBE + 4)}
    files["anime/r00.md" if named_first else "anime/r19.md"] = named
    files["anime/z.md"] = tagged
    root = make_archive(tmp_path / "a", files)
    config = load_config(root)
    built: list[int] = []
    real = RunVocabulary._build
    monkeypatch.setattr(RunVocabulary, "_build", lambda self: built.append(1) or real(self))
    results = Linter(config).lint_paths([root / "reviews"], jobs=1)
    assert built == [1]  # r00 or r19 has "pilota": known from z.md's tags, so no finding
    assert not [f for r in results for f in r.findings if "pilota" in f.message]
    built.clear()
    del files["anime/r00.md" if named_first else "anime/r19.md"]
    (root / "reviews" / ("anime/r00.md" if named_first else "anime/r19.md")).write_text(plain)
    Linter(config).lint_paths([root / "reviews"], jobs=1)
    assert built == []  # every word the dictionary's or the config's: no front matter read


@pytest.mark.parametrize("word", ["huxose", "gadren", "yelolw", "brxead", "qzxv", "abcdefghijkl"])
def test_far_suggestions_are_those_of_one_damerau_levenshtein_pass(word: str) -> None:
    """The far search narrows the dictionary with a faster distance first (Indel within
    four), then ranks with Damerau-Levenshtein: the words are those of one
    Damerau-Levenshtein pass over all, those at four insertions and deletions included
    ("huxose" is two edits from "mucose", four for Indel; from "house", three for OSA)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA, DamerauLevenshtein, Indel

    from reviewctl.lint.rules.spelling import _two_edits, _within_two

    choices = _within_two("en", len(word))
    hits = process.extract(
        word, choices, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=8
    )
    assert _two_edits(word, "en") == [hit[0] for hit in hits]
    if word == "huxose":
        assert "house" in _two_edits(word, "en") and OSA.distance(word, "house") == 3
        assert "mucose" in _two_edits(word, "en") and Indel.distance(word, "mucose") == 4
