"""Benchmark what the spelling rules do per review and per misspelling.

    python benchmarks/bench_spelling.py [--count 200] [--seed 1] [--posts DIR]

The words of a review's prose that is not all ASCII (lower case, composed, punctuation to
spaces, curly apostrophes straight): over the Markdown files under ``--posts`` (default: the
real posts of ``../shared/corpus/real`` beside the project) that hold a non-ASCII letter,
prints the milliseconds a file of ``str.translate`` with a table and of the regex lint uses,
and checks that both give the same words.

The far search of TX005: a misspelling with no word one edit away is compared with the
dictionary's words of about its length (some 60,000) for "did you mean". Over ``--count``
misspellings made from dictionary words (two or three random edits, fixed seed), prints the
milliseconds a word of one Damerau-Levenshtein pass over them all, and of what lint does
(``_search_two_edits``: a bit-parallel Indel pass to within four insertions and deletions,
then Damerau-Levenshtein over those), and checks that both suggest the same words.
"""

from __future__ import annotations

import argparse
import random
import time
import unicodedata
from pathlib import Path

_POSTS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--posts", type=Path, default=_POSTS)
    args = parser.parse_args()
    same = prose_words(args.posts)
    return 0 if far_search(args.count, args.seed) and same else 1


def prose_words(posts: Path) -> bool:
    """Time the two ways of splitting non-ASCII prose into words; whether they agree."""
    from reviewctl.lint.context import _PUNCTUATION, _words

    texts = [p.read_text(errors="replace") for p in sorted(posts.rglob("*.md"))]
    texts = [t for t in texts if not t.isascii()]
    if not texts:
        print(f"no non-ASCII Markdown under {posts}: --posts DIR")
        return False
    table = str.maketrans(dict.fromkeys(_PUNCTUATION, " ") | {"’": "'"})

    def translated(text: str) -> list[str]:
        return unicodedata.normalize("NFC", text.lower()).translate(table).split()

    results = []
    for name, split in (("str.translate, a table", translated), ("regex, as lint", _words)):
        started = time.perf_counter()
        for _ in range(5):
            found = [split(text) for text in texts]
        took = (time.perf_counter() - started) / 5 / len(texts) * 1000
        results.append(found)
        print(f"{name:30} {took:6.2f} ms a file ({len(texts)} non-ASCII files)")
    same = results[0] == results[1]
    print("same words:", "yes" if same else "NO")
    return same


def far_search(count: int, seed: int) -> bool:
    """Time the two ways of finding words two edits away; whether they agree."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    from reviewctl.lint.rules.spelling import _by_length, _search_two_edits, _within_two

    pool = _by_length("en")
    words = [w for n in range(4, 13) for w in pool.get(n, ())]
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    misspelt = []
    while len(misspelt) < count:
        word = list(rng.choice(words))
        for _ in range(rng.choice((2, 3))):
            at, op = rng.randrange(len(word)), rng.randrange(4)
            if op == 0:
                word.insert(at, rng.choice(letters))
            elif op == 1 and len(word) > 4:
                del word[at]
            elif op == 2:
                word[at] = rng.choice(letters)
            elif at + 1 < len(word):
                word[at], word[at + 1] = word[at + 1], word[at]
        if 4 <= len(word) <= 12:
            misspelt.append("".join(word))
    for word in misspelt:  # the choices lists, built once per length in either way
        _within_two("en", len(word))

    def one_pass(word: str) -> list[str]:
        choices = _within_two("en", len(word))
        hits = process.extract(
            word, choices, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=8
        )
        return [hit[0] for hit in hits]

    results = []

    def as_lint(word: str) -> list[str]:
        return _search_two_edits(word, "en")

    for name, search in (("one Damerau-Levenshtein pass", one_pass), ("Indel, then DL", as_lint)):
        took = float("inf")
        for _ in range(3):  # the best of three: this machine's neighbours come and go
            started = time.perf_counter()
            found = [search(word) for word in misspelt]
            took = min(took, (time.perf_counter() - started) / len(misspelt) * 1000)
        results.append(found)
        print(f"{name:30} {took:6.1f} ms a word ({len(misspelt)} misspellings, best of 3)")
    same = results[0] == results[1]
    print("same suggestions:", "yes" if same else "NO")
    return same


if __name__ == "__main__":
    raise SystemExit(main())
