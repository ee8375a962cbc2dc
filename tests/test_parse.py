"""The review model on the real-world shapes it must survive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewctl.model import Format, count_words
from reviewctl.parse import parse_bytes, parse_review, parse_text

HOUSE = """---
title: "Anime Review: Lantern Circuit"
work: Lantern Circuit
medium: anime
status: draft
date: 2026-10-02
tags: [anime, sci-fi]
rating: 8
custom_key: kept
---

A spoiler-free lede about the show.

Spoilers below the cut.

<!--more-->

The premise, with spoilers.

![Mirei on the ferry](images/ferry.png)

## Verdict

Lovely, if rushed.

Lantern Circuit is currently available for streaming on Crunchyroll.

Please support my Patreon: https://www.patreon.com/me
Buy me a coffee at Ko-Fi: https://ko-fi.com/me
Watch my Live-Streams on https://twitch.tv/me
"""


def parse(text: str) -> object:
    return parse_text(text, Path("review.md"))


def test_house_review_parts_and_lines() -> None:
    review = parse_text(HOUSE, Path("r.md"))
    assert review.ok and review.format is Format.YAML
    assert review.title == "Anime Review: Lantern Circuit"
    assert review.status == "draft" and review.date == dt.date(2026, 10, 2)
    assert review.tags == ["anime", "sci-fi"] and review.rating == 8
    assert review.metadata["custom_key"] == "kept"  # unknown keys are never dropped
    assert review.front_matter is not None and (
        review.front_matter.start,
        review.front_matter.end,
    ) == (1, 10)
    assert review.body_line == 11
    parts = review.parts
    assert parts.cut is not None and parts.cut.start == 16
    assert parts.warning is not None and parts.warning.start == 14
    assert [b.start for b in parts.lede] == [12]
    assert parts.availability is not None and parts.availability.start == 26
    assert parts.verdict is not None and parts.verdict.start == 24
    assert [(link.label, link.line) for link in parts.links] == [
        ("Please support my Patreon", 28),
        ("Buy me a coffee at Ko-Fi", 29),
        ("Watch my Live-Streams on", 30),
    ]
    assert [(i.alt, i.src, i.line) for i in parts.images] == [
        ("Mirei on the ferry", "images/ferry.png", 20)
    ]
    assert review.key_line("rating") == 8


def test_crlf_and_bom_keep_line_numbers() -> None:
    data = ("\ufeff" + HOUSE.replace("\n", "\r\n")).encode("utf-8")
    review = parse_bytes(data, Path("r.md"))
    assert review.bom and review.newline == "\r\n"
    assert review.title == "Anime Review: Lantern Circuit"
    assert review.parts.cut is not None and review.parts.cut.start == 16
    assert not any(line.endswith("\r") for line in review.lines)


def test_a_crlf_file_is_crlf_however_long_its_first_line() -> None:
    long = "Lede " + "x" * 5000
    assert parse_text(f"{long}\r\n\r\nBody.\r\n", Path("r.md")).newline == "\r\n"
    assert parse_text(f"{long}\n\nBody.\n", Path("r.md")).newline == "\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_byte_that_is_not_utf8_is_named_where_it_is(bom: bytes) -> None:
    review = parse_bytes(bom + b"---\ntitle: a\n---\n\nab\n\xe9\n", Path("r.md"))
    assert review.error is not None and review.error.line == 6
    assert review.error.message.endswith(f"byte 0xe9 at offset {21 + len(bom)}")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_is_named_as_such(encoding: str) -> None:
    data = ("\ufeff" if encoding.endswith("be") else "") + "---\ntitle: b\n---\n\nLede.\n"
    review = parse_bytes(data.encode(encoding), Path("r.md"))
    assert review.error is not None and review.error.message == "UTF-16 text: save it as UTF-8"


def test_toml_front_matter() -> None:
    review = parse(
        '+++\ntitle = "Game Review: Tidewright"\ndate=2026-08-21\n[extra]\nstars = 4\n+++\n\nBody.\n'
    )
    assert review.format is Format.TOML and review.ok
    assert review.date == dt.date(2026, 8, 21) and review.metadata["extra"] == {"stars": 4}
    assert review.body_line == 7


def test_toml_error_points_at_file_line() -> None:
    review = parse('+++\ntitle = "ok"\nrating = = 3\n+++\nBody\n')
    assert review.error is not None and review.error.line == 3
    assert "invalid TOML" in review.error.message


def test_a_toml_error_names_its_column_as_a_yaml_one_does() -> None:
    toml = parse('+++\ntitle = "Dune"\ntags = ["a", "b" "c"]\n+++\nBody\n')
    yaml = parse('---\ntitle: "Dune"\ntags: ["a", "b" "c"]\n---\nBody\n')
    assert toml.error is not None and (toml.error.line, toml.error.column) == (3, 18)
    assert yaml.error is not None and (yaml.error.line, yaml.error.column) == (3, 17)


@pytest.mark.parametrize("odd", ["\r", "\u2028", "\u0085"])
def test_a_yaml_error_is_at_the_files_own_line_whatever_yaml_calls_a_line_break(
    odd: str,
) -> None:
    """YAML also breaks lines at a lone CR, NEL and U+2028; no editor shows them so."""
    review = parse(f'---\ntitle: a\ndescription: "one{odd}two{odd}three"\nwork: x: y\n---\nB\n')
    assert review.error is not None and (review.error.line, review.error.column) == (4, 8)


def test_unquoted_colon_yaml_error_has_line_and_hint() -> None:
    review = parse("---\nmedium: anime\ntitle: Review: Foo\n---\nBody\n")
    assert review.error is not None
    assert review.error.line == 3 and "quote" in review.error.message
    assert review.body_line == 5  # the body is still located


def test_impossible_date_is_kept_as_text() -> None:
    review = parse("---\ntitle: T\ndate: 2023-02-30\n---\nBody\n")
    assert review.ok and review.metadata["date"] == "2023-02-30" and review.date is None


def test_no_front_matter() -> None:
    review = parse("# Just a post\n\nWords here.\n")
    assert review.format is Format.NONE and review.ok and review.metadata == {}
    assert review.body_line == 1 and review.words == 5  # "#" is markup, not a word


def test_leading_blank_line_before_front_matter() -> None:
    review = parse("\n---\ntitle: Late\n---\nBody\n")
    assert review.title == "Late" and review.front_matter is not None
    assert review.front_matter.start == 2 and review.body_line == 5


DRAFT = "---\ntitle: Secret\nstatus: draft\n---\n\nThe lede.\n"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (DRAFT.replace("\n", "\r"), 1, "LF or CRLF"),  # classic Mac line endings
        (DRAFT.replace("\n", "\u2028"), 1, "LF or CRLF"),
        ("\u200b" + DRAFT, 1, "exactly '---'"),  # a zero-width space before the fence
        ("\ufeff" + DRAFT, 1, "exactly '---'"),  # a second BOM
        ("\u00a0" + DRAFT, 1, "exactly '---'"),
        (" " + DRAFT, 1, "exactly '---'"),
        ("\n-" + DRAFT, 2, "exactly '---'"),  # "----"
        ("+++ \u200b\ntitle = 'x'\n+++\n", 1, "exactly '+++'"),
    ],
)
def test_front_matter_nearly_fenced_is_an_error(text: str, line: int, says: str) -> None:
    """Read as no front matter, such a file would be published although it says draft."""
    review = parse(text)
    assert review.error is not None and review.error.line == line, review.error
    assert says in review.error.message


@pytest.mark.parametrize("text", ["# Title\n\n---\n\nA rule below.\n", "Text.\r\nMore.\r\n"])
def test_a_rule_in_the_body_or_crlf_is_no_fence(text: str) -> None:
    assert parse(text).ok


@pytest.mark.parametrize("crlf", [False, True])
def test_a_control_character_in_yaml_is_named_at_its_line_and_column(crlf: bool) -> None:
    text = '---\ntitle: Fine\nwork: "a\x0bb"\n---\nBody\n'
    review = parse(text.replace("\n", "\r\n") if crlf else text)
    assert review.error is not None
    assert (review.error.line, review.error.column) == (3, 9)
    assert review.error.message == "invalid YAML: control character U+000B is not allowed"


def test_unclosed_front_matter_is_an_error() -> None:
    review = parse("---\ntitle: never closed\nBody\n")
    assert (
        review.error is not None
        and review.error.line == 1
        and "never closed" in review.error.message
    )


def test_front_matter_must_be_a_mapping() -> None:
    review = parse("---\n- a\n- b\n---\nBody\n")
    assert review.error is not None and "mapping" in review.error.message


def test_pelican_header() -> None:
    review = parse(
        "Title: Game night 1: Lisa, Lisa, MOOP\nDate: 2017-12-05 23:39\nTags: games, indie\n\nBody text.\n"
    )
    assert review.format is Format.PELICAN
    assert review.title == "Game night 1: Lisa, Lisa, MOOP"
    assert review.tags == ["games", "indie"] and review.date == dt.date(2017, 12, 5)
    assert review.body_line == 4


@pytest.mark.parametrize(
    ("front", "status"),
    [
        ("status: published", "published"),
        ("draft: true", "draft"),
        ('draft: "false"', "published"),
        ("published: false", "draft"),
        ("title: nothing said", "published"),
    ],
)
def test_status_from_hugo_and_jekyll_flags(front: str, status: str) -> None:
    assert parse(f"---\n{front}\n---\nBody\n").status == status


def test_cut_inside_code_block_is_not_a_cut() -> None:
    review = parse("---\ntitle: T\n---\nLede.\n\n```html\n<!--more-->\n```\n\nMore.\n")
    assert review.parts.cut is None


def test_spaced_cut_is_accepted() -> None:
    review = parse("---\ntitle: T\n---\nLede.\n\n<!-- more -->\n\nMore.\n")
    assert review.parts.cut is not None and review.parts.cut.start == 6


def test_words_skip_code_and_urls_and_count_cjk() -> None:
    assert count_words("one two\n\n```\nnot counted here\n```\nthree https://x.y/z") == 3
    assert count_words("日本語 and more") == 5
    # Korean puts spaces between its words: each is one, not each syllable
    assert count_words("기생충은 봉준호 감독의 영화다") == 4
    assert count_words("## Heading\n\n- one\n- two\n\n| a | b |") == 5
    # every kind of whitespace str.split knows separates words, ASCII or not
    assert count_words("a\tb\x0bc\x0cd\re\x1cf\x1dg\x1eh\x1fi  j\n") == 10
    assert count_words("a\tb\x0bc\x0cd\re\x1cf\x1dg\x1eh\x1fi\u00a0j\n") == 10


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_ascii_words_are_counted_as_split_counts_them(text: str) -> None:
    """An ASCII text's words are counted in C without a string per word; a no-break space
    (whitespace to ``str.split``, not ASCII) sends the same text through ``split``."""
    assert count_words(text) == count_words(text + "\u00a0")


@given(st.text(alphabet="#:/ ab\n", max_size=300))
def test_markup_tokens_are_counted_as_count_counts_them(text: str) -> None:
    """Heading marks and URLs are found from their first character while few, then counted
    outright: either way as many as ``str.count`` finds (nine times the text: the second)."""
    from reviewctl.prose import _count

    for token in ("# ", "://"):
        assert _count(text, token) == text.count(token)
        assert _count(text * 9, token) == (text * 9).count(token)


def test_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.md"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "l.md"
    latin.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    missing = parse_review(tmp_path / "nope.md")
    assert parse_review(binary).error is not None
    bad = parse_review(latin)
    assert bad.error is not None and bad.error.line == 2 and "UTF-8" in bad.error.message
    assert missing.error is not None and missing.error.kind == "read"


def test_every_corpus_file_parses_without_raising(corpus_files: list[Path]) -> None:
    errors = []
    for path in corpus_files:
        review = parse_review(path)
        _ = (review.parts, review.words, review.summary())
        if review.error:
            errors.append((path.name, review.error.line))
    # Only the file with the unquoted "title: Review: …" fails, at its title line.
    assert errors == [("saigo-ni-hitotsu-review.md", 2)]


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05",
        '"2024-03-05"',
        "2024-03-05 21:30:00",
        "2024-03-05T21:30:00-04:00",
        "'2024-3-5'",
    ],
)
def test_dates_as_dates_strings_and_datetimes(value: str) -> None:
    assert parse(f"---\ndate: {value}\n---\n").date == dt.date(2024, 3, 5)


def test_astro_pub_datetime_and_zola_taxonomies() -> None:
    review = parse('+++\ntitle = "T"\n[taxonomies]\ntags = ["a", "b"]\n+++\n')
    assert review.tags == ["a", "b"]
    assert parse("---\npubDatetime: 1970-1-01T00:00:00Z\n---\n").date == dt.date(1970, 1, 1)


EDGE_YAML = [
    "a: &x [1, 2]\nb: *x\n",
    "base: &b {k: 1}\nmerged:\n  <<: *b\n  j: 2\n",
    "s: !!set {a, b}\n",
    "yes_no: [yes, no, on, off, ~, null, '', 0o17, 0x1f, 1_000, .5, -.inf, 1e3]\n",
    "d: 2024-01-02\nt: 2024-01-02 03:04:05\nq: '2024-01-02'\n",
    "n: 12\nf: 1.5\nb: true\ns: Yes, really\nlist: [a, 'b', 3]\nnested: {x: [1, {y: z}]}\n",
    "1: int key\ntrue: bool key\n",
    "dup: 1\ndup: 2\n",
]


@pytest.mark.parametrize("source", EDGE_YAML)
def test_fast_yaml_loader_matches_pyyaml(source: str) -> None:
    import yaml

    expected = yaml.load(source, Loader=yaml.CSafeLoader)
    review = parse(f"---\n{source}---\n")
    assert review.metadata == {str(k): v for k, v in expected.items()}


def test_fast_yaml_loader_matches_pyyaml_on_the_corpus(corpus_files: list[Path]) -> None:
    import yaml

    for path in corpus_files:
        review = parse_review(path)
        if review.format is not Format.YAML or review.error or review.front_matter is None:
            continue
        fm = review.front_matter
        source = "\n".join(review.lines[fm.start : fm.end - 1])
        expected = yaml.load(source, Loader=yaml.CSafeLoader)
        assert review.metadata == {str(k): v for k, v in (expected or {}).items()}, path.name


_SCALARS = (
    st.text(max_size=5)
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.datetimes()
    | st.times()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=3) | st.integers(max_value=2**70), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=4) | st.integers() | st.none(), _VALUES, max_size=6))
def test_front_matter_of_the_usual_shape_is_judged_as_the_full_walk_judges_it(
    data: dict[object, object],
) -> None:
    from reviewctl.parse import _walk, check_values

    assert check_values(data) == _walk(data)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"tags": ["a"] * 20_000}, "front matter has more than 20,000 values (YAML aliases?)"),
        (
            {f"k{n}": n for n in range(20_000)},
            "front matter has more than 20,000 values (YAML aliases?)",
        ),
        ({"tags": ["a"] * 19_998}, ""),
        ({"rating": 2**64}, "front matter holds an integer too large to use"),
        ({"rating": 2**63}, ""),
    ],
)
def test_the_usual_shape_keeps_the_limits(data: dict[str, object], problem: str) -> None:
    from reviewctl.parse import check_values

    assert check_values(data)[0] == problem


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 4300, "0x" + "f" * 5000])
def test_an_integer_too_long_to_read_is_named_at_its_line(number: str) -> None:
    review = parse_text(f"---\ntitle: x\nwork: y\n\nrating: {number}\n---\nBody.\n", Path("r.md"))
    assert review.error is not None
    assert review.error.message == "front matter holds an integer too large to use"
    assert review.error.line == 5


@pytest.mark.parametrize(
    "text",
    [
        "# Cadence of Hyrule\n\nBody.\n",
        "Cadence of Hyrule\n=================\n\nBody.\n",
        "<h1>Cadence of <em>Hyrule</em></h1>\n\nBody.\n",
        "\n\nCadence of Hyrule\n===\n\n## Notes\n\nBody.\n",
    ],
)
def test_a_post_with_no_front_matter_takes_its_title_from_its_first_heading(text: str) -> None:
    """``# Title``, a Setext ``Title`` over ``===`` or ``<h1>``: each is the title, as list,
    export and FM003 read it; a level-two heading or a rule under a list item is none."""
    review = parse_text(text, Path("post.md"))
    assert review.title == "Cadence of Hyrule"
    assert parse_text("Notes\n-----\n\n- item\n===\n", Path("post.md")).title == ""
