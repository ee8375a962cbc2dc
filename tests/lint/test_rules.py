"""Every rule: a failing fixture (with a snapshot of its findings) and a passing one."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field

import pytest
from syrupy.assertion import SnapshotAssertion

from reviewctl.lint import Finding, all_rules
from tests.lint.helpers import BODY, FRONT, GOOD, LEDE, config, lint_text, render, variant


@dataclass
class Case:
    code: str
    fails: str | bytes
    passes: str | bytes = GOOD
    settings: dict[str, object] = field(default_factory=dict)
    # config overrides for the passing fixture (default: the same as for the failing one)
    pass_settings: dict[str, object] | None = None
    # the file name the review is linted under (for rules that read it)
    name: str = "review.md"
    pass_name: str = "review.md"


NO_CUT = ("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n")

CASES: dict[str, Case] = {
    "FM001": Case("FM001", BODY.lstrip()),
    "FM002-unquoted": Case(
        "FM002", variant(('title: "Anime Review: Metallic Rouge"', "title: Anime Review: Metallic Rouge"))
    ),
    "FM002-unclosed": Case("FM002", FRONT[:-4] + BODY),
    "FM003": Case(
        "FM003",
        variant(("work: Metallic Rouge\n", ""), ("date: 2024-04-15\n", "")),
        passes=variant(("status: published", "status: draft"), ("date: 2024-04-15\n", "")),
    ),
    "FM003-empty": Case("FM003", variant(("work: Metallic Rouge", "work: ''"))),
    # a blog that keeps no dates (require_date = false): the other fields are still required
    "FM003-dateless": Case(
        "FM003",
        variant(("work: Metallic Rouge\n", ""), ("date: 2024-04-15\n", "")),
        passes=variant(("date: 2024-04-15\n", "")),
        settings={"lint": {"require_date": False}},
    ),
    # a blog that keeps no front matter (FM001 off): a file with no heading has no title
    "FM003-no-front-matter": Case(
        "FM003",
        BODY.lstrip(),
        passes="# Metallic Rouge\n\n" + BODY.lstrip(),
        settings={"lint": {"ignore": ["FM001"]}},
    ),
    "FM009": Case("FM009", "\n\n" + GOOD),
    "FM004-date": Case("FM004", variant(("date: 2024-04-15", "date: 2023-02-30"))),
    # a time no clock shows; a time as Jekyll writes one passes
    "FM004-time": Case(
        "FM004",
        variant(("date: 2024-04-15", "date: '2024-04-15T25:61:00+25:00'")),
        passes=variant(("date: 2024-04-15", "date: '2024-04-15 23:59:59 -0500'")),
    ),
    "FM004-rating": Case("FM004", variant(("rating: 7", "rating: 12"))),
    "FM004-status": Case("FM004", variant(("status: published", "status: publised"))),
    "FM004-medium": Case("FM004", variant(("medium: anime", "medium: animu"))),
    "FM004-type": Case(
        "FM004",
        variant(("tags: [anime, science fiction]", "tags: {anime: yes}"), ("rating: 7", "rating: '7/10'")),
    ),
    # a list that holds the wrong thing is named by it ("a list holding a list", not "a list")
    "FM004-list-items": Case(
        "FM004",
        variant(("tags: [anime, science fiction]", "tags: [anime, [science fiction]]"),
                ("where_to_watch: Crunchyroll", "where_to_watch: [Crunchyroll, 7]")),
        passes=variant(("tags: [anime, science fiction]", "tags: [anime, 2024]"),
                       ("where_to_watch: Crunchyroll", "where_to_watch: [Crunchyroll, Netflix]")),
    ),
    # a title that is there but a number is FM004's (the wrong type), never an empty FM003
    "FM003-blank": Case(
        "FM003",
        variant(("title: \"Anime Review: Metallic Rouge\"", "title: '  '")),
        passes=variant(("title: \"Anime Review: Metallic Rouge\"", "title: 5")),
    ),
    "FM005": Case(
        "FM005",
        variant(("where_to_watch:", "where_to_wach:")),
        passes=variant(("where_to_watch: Crunchyroll", "where_to_watch: Crunchyroll\nslug: rouge\nstudio: Bones")),
    ),
    "SP001-with-warning": Case("SP001", variant(NO_CUT)),
    "SP001-no-warning": Case(
        "SP001",
        variant(("Spoilers below the cut.\n\n<!--more-->\n", "There will be spoilers below.\n")),
        # the word "spoilers" is not a cut, and a cut in a code block is not one either
        passes=GOOD,
    ),
    # a review whose front matter marks it all spoilers is hidden whole: it needs no cut
    "SP001-spoiler-flag": Case(
        "SP001",
        variant(("Spoilers below the cut.\n\n<!--more-->\n", "")),
        passes=variant(("Spoilers below the cut.\n\n<!--more-->\n", ""), ("rating: 7", "rating: 7\nspoiler: true")),
    ),
    "SP002": Case("SP002", variant(("but twelve episodes", "but\n<!--more-->\n\ntwelve episodes"))),
    "SP003": Case("SP003", variant(("Spoilers below the cut.\n\n", ""))),
    "SP007": Case(
        "SP007",
        variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut. <!--more-->\n")),
        # a marker in inline code is no cut, and one on a line of its own is the cut
        passes=variant(("but twelve episodes", "but `<!--more-->` twelve episodes")),
    ),
    "SP007-html": Case("SP007", variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n\n<div>\n<!--more-->\n</div>\n"))),
    "SP007-quote": Case("SP007", variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n\n> <!--more-->\n"))),
    # above a real cut, the blog cuts there; below it, a stray marker changes nothing
    "SP007-above-cut": Case(
        "SP007",
        variant(("solar system.", "solar system. <!--more--> Rouge dies.")),
        passes=variant(("but twelve episodes", "but <!--more--> twelve episodes")),
    ),
    "SP004": Case("SP004", variant((LEDE + "\n\nSpoilers below the cut.\n\n", ""))),
    # a heading and a picture above the cut are no lede; a sentence beside them is
    "SP004-heading-picture": Case(
        "SP004",
        variant((LEDE, "## Intro\n\n[![The cover, a still](cover.jpg)](cover.jpg) <img alt='Rouge' src='r.png'>\n\n"
                       "![Key art](k.jpg \"The key art (2019)\") ![Key art][key] ![Poster] [![Art][key]][site]\n\n"
                       "<figure><img src='k.jpg'></figure>\n\n<h2>Intro</h2>\n\n[key]: k.jpg\n[Poster]: p.jpg")),
        passes=variant((LEDE, "## Intro\n\n![The cover, a still](cover.jpg) A quiet, clever show.")),
    ),
    # a reference picture with a long caption is no lede; "[Update]: I loved it" is words
    "SP004-reference": Case(
        "SP004",
        variant((LEDE, "![A screenshot of the main character standing in the rain at night][shot]\n\n[shot]: /img/shot.png")),
        passes=variant((LEDE, "[Update]: I loved it, go and see it.")),
    ),
    "SP005": Case(
        "SP005", GOOD, passes=GOOD, settings={"lint": {"lede_max_words": 10}}, pass_settings={}
    ),
    "SL001": Case(
        "SL001",
        variant(
            ("Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n",
             "If you liked this, support me on Patreon or Ko-Fi.\n")
        ),
    ),
    # an e-mail address as a footer line is a support link like any other
    "SL001-mailto": Case(
        "SL001",
        variant(("Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n", "")),
        passes=variant(("Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n", "Email me: mailto:me@example.org\n")),
        settings={"support_links": [{"label": "Email me", "url": "mailto:me@example.org"}]},
    ),
    "SL002": Case("SL002", variant(("Ko-Fi: https://ko-fi.com/example\n", ""))),
    "SL003": Case(
        "SL003",
        variant(("Patreon: https://www.patreon.com/example", "Patreon: http://www.patreon.com/example"),
                ("Ko-Fi: https://ko-fi.com/example", "Ko-Fi: https://ko-fi.com/example\nMail: https://nowhere")),
    ),
    # a slash short: reported as written, whole, and still the configured link (no SL002)
    "SL003-slash": Case("SL003", variant(("Patreon: https://www.patreon.com/example", "Patreon: https:/www.patreon.com/example"))),
    "TX001": Case(
        "TX001",
        variant(("from Metallic Rouge](rouge.jpg)", "from Magnetic Rouge](rouge.jpg)"),
                ("with her handler Naomi.", "with her handler Naomi, as in Metalic Rouge.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi.\n\n```\nMagnetic Rouge\n```\n\nNot `Magnetic Rouge`.")),
    ),
    "TX001-html-caption": Case(
        "TX001",
        variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)",
                 '<figure><img src="rouge.jpg" alt="Rouge and Naomi, from Metalic Rouge"></figure>')),
        passes=variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)",
                        '<figure><img src="rouge.jpg" alt="Rouge and Naomi, from Metallic Rouge"></figure>')),
    ),
    # the work's accents typed apart from the text's (composed or not) are the same title
    "TX001-decomposed": Case(
        "TX001",
        variant(("with her handler Naomi.", "with her handler Naomi, as in Métalic Rouge."),
                base=GOOD.replace("Metallic Rouge", "Métallic Rouge").replace("work: Métallic", "work: Me\u0301tallic")),
        passes=GOOD.replace("Metallic Rouge", "Métallic Rouge").replace("work: Métallic", "work: Me\u0301tallic"),
    ),
    # one decomposed "cafe\u0301" in the prose leaves the composed title the title
    "TX001-mixed-forms": Case(
        "TX001",
        variant(("with her handler Naomi.", "with her handler Naomi at the cafe\u0301. Métalic Rouge ends."),
                base=GOOD.replace("Metallic Rouge", "Métallic Rouge")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi at the cafe\u0301. And Métallic Rouge ends."),
                       base=GOOD.replace("Metallic Rouge", "Métallic Rouge")),
    ),
    # a one-word title, and prose that types every accent apart: "Ame\u0301lei" is a word
    "TX001-one-word-decomposed": Case(
        "TX001",
        unicodedata.normalize("NFD", variant(("with her handler Naomi.", "with her handler Naomi, as in Amélei."),
                                             base=GOOD.replace("Metallic Rouge", "Amélie"))),
        passes=unicodedata.normalize("NFD", variant(("with her handler Naomi.", "with her handler Naomi, as in Amélie."),
                                                    base=GOOD.replace("Metallic Rouge", "Amélie"))),
    ),
    # a one-word title that starts with an accented capital
    "TX001-one-word-accented-capital": Case(
        "TX001",
        variant(("with her handler Naomi.", "with her handler Naomi, as in Éloïze."),
                base=GOOD.replace("Metallic Rouge", "Éloïse")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi, as in Éloïse."),
                       base=GOOD.replace("Metallic Rouge", "Éloïse")),
    ),
    "TX001-baits": Case(
        "TX001",
        variant(("with her handler Naomi.", "with her handler Naomi. The Metalic Rouge crew.")),
        # baits: another Title Case name, a comma between words, a series entry
        passes=variant(("with her handler Naomi.", "with her handler Naomi. Metallic Armor Concept Art. "
                        "Mentally, Rouge never rests; straight out of Metallica, Rouge's motif.")),
    ),
    "TX001-series": Case(
        "TX001",
        variant(("with her handler Naomi.", "with her handler Naomi in Metalic Rouge.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi, unlike Metallic Rouge 2."),
                       ("work: Metallic Rouge", "work: Metallic Rouge 3"),
                       ('title: "Anime Review: Metallic Rouge"', 'title: "Anime Review: Metallic Rouge 3"')),
    ),
    "TX002": Case(
        "TX002",
        variant(("real chemistry", "real chemistry TODO"), ("rating: 7", "rating: 7\ndescription: TBD")),
        passes=variant(("real chemistry", "real chemistry `TODO`\n\n```\nTODO\n```\n")),
    ),
    # a comment inside a paragraph is never on the page: no placeholder, wherever it sits
    "TX002-inline-comment": Case(
        "TX002",
        variant(("real chemistry", "real chemistry TODO: add a screenshot <!-- unclosed\nTODO")),
        passes=variant(("real chemistry", "real chemistry <!-- TODO: add\na screenshot -->")),
    ),
    # a link's text that starts like an instruction is the link's: no placeholder
    "TX002-link-text": Case(
        "TX002",
        variant(("real chemistry", "real chemistry [insert a clip here] ![Insert caption here](c.jpg) [Write the verdict][]")),
        passes=variant(("real chemistry", "real chemistry, like [Insert Coin](https://example.org/c) and [Write Back][w]\n\n[w]: https://example.org/w")),
    ),
    "TX002-draft": Case("TX002", variant(("real chemistry", "real chemistry {{ verdict }}"), ("status: published", "status: draft"))),
    "TX003": Case("TX003", variant(("Metallic Rouge is currently available for streaming on Crunchyroll.\n\n", ""))),
    # a review in another language names its store in a sentence TX003 cannot read
    "TX003-foreign": Case(
        "TX003",
        # "humble" and Max are words and names in any language, no store named
        variant(("status: published", "status: published\nlang: fr"), ("where_to_watch: Crunchyroll\n", ""),
                ("Metallic Rouge is currently available for streaming on Crunchyroll.", "Un film humble, comme Max.")),
        passes=variant(("status: published", "status: published\nlang: ja"), ("where_to_watch: Crunchyroll\n", ""),
                       ("Metallic Rouge is currently available for streaming on Crunchyroll.",
                        "\u30e1\u30bf\u30ea\u30c3\u30af\u30eb\u30fc\u30b8\u30e5\u306fMUBI\u3067\u914d\u4fe1\u4e2d\u3067\u3059\u3002")),
    ),
    "TX004": Case("TX004", variant(('title: "Anime Review: Metallic Rouge"', "title: Metallic Rouge review"))),
    "MD001": Case("MD001", variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)", '![](rouge.jpg) <img src="b.png">'))),
    # a destination in angle brackets (a path with a space) is no <img> tag
    "MD001-angle": Case(
        "MD001",
        variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)", "![](<img/ferry shot.jpg>)")),
        passes=variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)", "![Rouge on the ferry](<img/ferry shot.jpg>)")),
    ),
    "MD002": Case(
        "MD002",
        variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)", '<img alt="" src="rule.png"> <img alt src="dots.png">')),
        passes=variant(("![Rouge and Naomi, from Metallic Rouge](rouge.jpg)", '<img alt="Rouge" src="rouge.png">')),
    ),
    "SP006": Case(
        "SP006",
        variant(NO_CUT, ("Spoilers below the cut.", "More spoilers below the cut.")),
        passes=variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoiler warning!\n\n<details>\n\nthe twist\n\n</details>\n")),
    ),
    "SP006-sp001-off": Case("SP006", variant(NO_CUT), settings={"lint": {"ignore": ["SP001"]}}, pass_settings={}),
    "IO001-utf8": Case("IO001", GOOD.encode("utf-8").replace(b"Naomi", b"Na\xefomi")),
    "IO001-binary": Case("IO001", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    "RC001": Case(
        "RC001",
        variant(("Rouge Redstar hunts", "<!-- reviewctl: ignore TX001 -->\nRouge Redstar hunts"),
                ("Spoilers below", "<!-- reviewctl: ignore-file SL -->\n\nSpoilers below")),
        passes=variant(("Rouge Redstar hunts the", "<!-- reviewctl: ignore TX001 -->\nRouge Redstar, not Magnetic Rouge, hunts the")),
    ),
    "RC002": Case(
        "RC002",
        variant(("Rouge Redstar hunts", "<!-- reviewctl: disable TX001 -->\n<!-- reviewctl: ignore TX01 -->\nRouge Redstar hunts")),
    ),
    # issue 13: the editor's rules
    "TX005": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi against the Ursurpers.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi against the Usurpers, "
                        "the Jarons and Giallon.\n\n```\nUrsurpers\n```")),
        settings={"lint": {"spelling": {"words": ["Redstar", "Jaron", "Giallon"]}}},
    ),
    # a misspelt derivation stays a finding; regular derivations and everyday gaming words pass
    # an e-mail address is no prose: "mailto" is not a word to check
    "TX005-mailto": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi. Write to mialto kit.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi. Write to mailto:kit@example.org or MAILTO:kit@example.org")),
        settings={"lint": {"spelling": {"words": ["Redstar"]}}},
    ),
    "TX005-derivation": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi, a digestable and unforgiveable plot.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi: unskippable cutscenes, "
                        "equippable powerups, a customizable tileset and tiny hitboxes.")),
    ),
    # a regular ending the dictionary spells otherwise is a misspelling, not a derivation
    "TX005-ending": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi, finaly and truely humourous storys.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi, finally and truly humorous stories "
                        "of grassy, dusty platformers.")),
    ),
    # template tags, reference labels and a link text its address repeats are not prose
    "TX005-markup": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi against [them][ursurpers] "
                        "{% ursurpers %} (see [ursurpers](https://example.org/ursurpers)).\n\n"
                        "[ursurpers]: https://example.org/ursurpers")),
    ),
    # accents typed decomposed (e + U+0301) are the dictionary's words, not cut at the mark
    "TX005-decomposed": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi, a de\u0301butant prote\u0301ge\u0301, against the ursurpers.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi, a de\u0301butant prote\u0301ge\u0301 at the cafe\u0301.")),
    ),
    # a letter whose lower case is two (Turkish İ) hides no misspelling in the rest
    "TX005-dotted-capital": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi, far from İstanbul, against the ursurpers.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi, far from İstanbul, against the usurpers.")),
    ),
    # a review in another language (front matter or file name) is not checked for English
    "TX005-foreign": Case(
        "TX005",
        variant(("status: published", "status: published\nlang: en-GB"),
                ("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
        passes=variant(("status: published", "status: published\nlanguage: French"),
                       ("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
    ),
    # a blog that writes in another language ([site] language) is not checked for English
    "TX005-site-language": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
        pass_settings={"site": {"language": "fr-FR"}},
    ),
    "TX005-foreign-name": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
        name="review.en.md", pass_name="review.fr.md",
    ),
    # a file name's tag that is no language is no reason to skip the review
    "TX005-tag-not-language": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi against the ursurpers.")),
        name="review.js.md",
    ),
    # a capitalised word written twice in one review is a name the author means
    "TX005-repeated-name": Case(
        "TX005",
        variant(("with her handler Naomi.", "with her handler Naomi and Offred.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi and Offred. Offred's story.")),
    ),
    "TX006": Case(
        "TX006",
        variant(("with her handler Naomi.", "with her handler Naomi Orthman.")),
        passes=variant(("with her handler Naomi.", "with her handler Naomi Orthmann.")),
        settings={"lint": {"spelling": {"words": ["Redstar", "Orthmann"]}}},
    ),
    "TX007": Case(
        "TX007",
        variant(("for all of its ideas", "for all of it's ideas"), ("the leads have", "it's own leads have")),
        passes=variant(("for all of its ideas", "for all of its ideas; it's a shame, and it's not over. "
                        "It's fans who keep it alive, and it's visuals that sell it. I think it's fans that "
                        "matter")),
    ),
    # a cleft sentence after a verb that takes an object is still "its"
    "TX007-cleft": Case(
        "TX007",
        variant(("for all of its ideas", "for all of its ideas; it has it's fans who love it, "
                 "I love it's characters like Rouge, what matters is it's fans that stay")),
    ),
    "TX008": Case(
        "TX008",
        variant(("The animation is great", "The animation is the\nthe great")),
        passes=variant(("The animation is great", "What it is is great: it had had a fit, fit in in the end")),
    ),
    # code or a picture between two words parts them; emphasis does not
    "TX008-between": Case(
        "TX008",
        variant(("The animation is great", "The animation is the <em>the</em> great")),
        passes=variant(("The animation is great", "Pick `Normal` or `Hard` or `Nightmare`: the map and <img alt='map' src='m.png'> and")),
    ),
    # an HTML block's text is prose too; its tags, attributes, code and scripts are not
    "TX008-html": Case(
        "TX008",
        variant(("The animation is great and the leads have real chemistry, but twelve episodes are not\n"
                 "enough for all of its ideas.", "<p>The animation is the\nthe great.</p>")),
        passes=variant(("The animation is great and the leads have real chemistry, but twelve episodes are not\n"
                        "enough for all of its ideas.",
                        "<div data-x='the the'\n  title=\"the the\">\n<pre>the the</pre>\n"
                        "<script>the the</script> The great.</div>")),
    ),
    "MD003": Case(
        "MD003",
        variant(("Naomi.\n", "Naomi. See [the trailer](http://example.org/trailer).\n")),
        passes=variant(("Naomi.\n", "Naomi. See [the trailer](https://example.org/trailer).\n\n```\nhttp://x.org\n```\n")),
    ),
    # one in a code span is code; a link beside it is reported, without the backtick
    "MD003-code-span": Case(
        "MD003",
        variant(("Naomi.\n", "Naomi. Run `curl x` then http://example.org/y`z.\n")),
        passes=variant(("Naomi.\n", "Naomi. Run `curl http://example.org/x` and ``a `http://b.org` c``.\n")),
    ),
    # an old address kept in a comment inside a paragraph is no link of the page
    "MD003-inline-comment": Case(
        "MD003",
        variant(("Naomi.\n", "Naomi. See http://old.example.org/ <!-- old page -->\n")),
        passes=variant(("Naomi.\n", "Naomi. <!-- old page\nhttp://old.example.org/ -->\n")),
    ),
    # an address an HTML link repeats in a tracking attribute: reported at its href
    "MD003-attribute": Case(
        "MD003",
        variant(("Naomi.\n", "Naomi. <a data-ga='[\"http://example.org/t\"]' href=\"http://example.org/t\">T</a>\n")),
        passes=variant(("Naomi.\n", "Naomi. <a data-ga='[\"x\"]' href=\"https://example.org/t\">T</a>\n")),
    ),
    # linted as this test file: its folder holds helpers.py but no rouge.jpg
    "MD004": Case(
        "MD004", GOOD, name=os.path.relpath(__file__), pass_name=os.path.relpath(__file__),
        passes=variant(("](rouge.jpg)", "](helpers.py)")),
    ),
    # an image in a sub-folder: found in that folder's listing
    "MD004-subfolder": Case(
        "MD004", variant(("](rouge.jpg)", "](__snapshots__/rouge.jpg)")),
        name=os.path.relpath(__file__), pass_name=os.path.relpath(__file__),
        passes=variant(("](rouge.jpg)", "](__snapshots__/test_rules.ambr)")),
    ),
    # a path with a space, in angle brackets: looked up whole
    "MD004-angle": Case(
        "MD004", variant(("](rouge.jpg)", "](<__snapshots__/no such (1).ambr>)")),
        name=os.path.relpath(__file__), pass_name=os.path.relpath(__file__),
        passes=variant(("](rouge.jpg)", "](<__snapshots__/test_rules.ambr> \"A title\")")),
    ),
    # a missing image is reported unless its caption is a placeholder TX002 reports (the
    # template's); a lower-case "todo" in a file name is no such placeholder
    "MD004-placeholder": Case(
        "MD004", variant(("](rouge.jpg)", "](photo-todo.jpg)")),
        name=os.path.relpath(__file__), pass_name=os.path.relpath(__file__),
        passes=variant(("![", "![TODO: caption for "), ("](rouge.jpg)", "](TODO-image.jpg)")),
    ),
    "MD005": Case(
        "MD005",
        variant(("Rouge Redstar hunts", "# Anime Review: Metallic Rouge\n\n# Verdict\n\nRouge Redstar hunts")),
        passes=variant(("Rouge Redstar hunts", "## The story\n\nRouge Redstar hunts")),
    ),
    "MD006": Case(
        "MD006",
        FRONT + "\n<!-- nothing yet -->\n",
        passes=variant(("status: published", "status: draft"), base=FRONT + "\n"),
    ),
    # the support footer alone (as SL001's fix appends it to an empty file) is no review
    "MD006-footer-only": Case(
        "MD006",
        FRONT + "\nPatreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\nMastodon: https://mastodon.social/@kit\n",
        passes=FRONT + "\n- [Part one](https://example.com/one)\n- [Part two](https://example.com/two)\n",
        settings={"lint": {"ignore": ["SP001"]}},
    ),
    # a body of links, one of them the support footer's, is text
    "MD006-links": Case(
        "MD006",
        FRONT + "\nPatreon: https://www.patreon.com/example\n",
        passes=FRONT + "\nTrailer: https://example.com/t\nInterview: https://example.com/i\nScore: https://example.com/s\nPatreon: https://www.patreon.com/example\n",
        settings={"lint": {"ignore": ["SP001"]}},
    ),
    # with a cut that is no comment, a comment in a paragraph is still no prose; nor is a
    # link written in capitals
    "TX002-comment-other-cut": Case(
        "TX002",
        variant(("<!--more-->", "[more]"), ("real chemistry", "real chemistry TODO")),
        passes=variant(("<!--more-->", "[more]"), ("real chemistry", "real chemistry <!-- TODO --> HTTPS://EXAMPLE.COM/TODO")),
        settings={"cut": "[more]"},
    ),
    "MD007": Case(
        "MD007",
        variant(('title: "Anime Review: Metallic Rouge"', 'title: "Anime Review: Metallic\u200bRouge"'),
                ("Rouge Redstar hunts", "## The\u00adstory\n\nRouge Redstar hunts")),
        passes=variant(("Rouge Redstar hunts", "## The story\n\nRouge Redstar hunts")),
    ),
    # a joiner its script writes with (Persian's non-joiner, an emoji's joiner) is text
    "MD007-joiners": Case(
        "MD007",
        # between Latin letters, or kanji and kana, which never write with one
        # and before an arrow that no variation selector makes an emoji
        variant(("Rouge Redstar hunts", "## Rouge\u200dRedstar\n\n## \u9032\u6483\u306e\u200d\u5de8\u4eba\n\n## Rouge \U0001f642\u200d\u2194\n\nRouge Redstar hunts")),
        passes=variant(('title: "Anime Review: Metallic Rouge"', 'title: "Anime Review: Metallic Rouge \U0001f3f3\ufe0f\u200d\U0001f308"'),
                       ("Rouge Redstar hunts", "## \u062f\u0631\u0628\u0627\u0631\u0647\u200c\u06cc \U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f642\u200d\u2194\ufe0f \U0001f3c3\u200d\u27a1\ufe0f\n\nRouge Redstar hunts")),
    ),
    # a bidirectional control (embedding, override, isolate) reorders what follows it; the marks that only
    # set the direction of what is around them (LRM, RLM) and right-to-left text are text
    "MD007-bidi": Case(
        "MD007",
        variant(('title: "Anime Review: Metallic Rouge"', 'title: "Anime Review: Metallic\u202e Rouge\u202c"'),
                ("Rouge Redstar hunts", "## Rouge \u2067\u05d0\u05d3\u05d5\u05dd\u2069\n\nRouge Redstar hunts")),
        passes=variant(("Rouge Redstar hunts", "## Rouge \u200f\u05d0\u05d3\u05d5\u05dd\u200e\n\nRouge Redstar hunts")),
    ),
    "FM006": Case(
        "FM006",
        variant(("date: 2024-04-15", "date: 2999-04-15")),
        passes=variant(("date: 2024-04-15", "date: 2999-04-15"), ("status: published", "status: draft")),
    ),
    # the blog's own date key: the finding is at its line, not the front matter's first
    "FM006-alias": Case(
        "FM006",
        variant(("date: 2024-04-15", "read: 2999-04-15")),
        passes=variant(("date: 2024-04-15", "read: 2999-04-15"), ("status: published", "status: draft")),
        settings={"aliases": {"date": "read"}},
    ),
    "FM007": Case("FM007", variant(("date: 2024-04-15", "date: 1970-01-01"))),
    "FM008": Case("FM008", GOOD, settings={}, name="2024-05-15-metallic-rouge.md",
                  pass_name="2024-04-15-metallic-rouge.md"),
}  # fmt: skip


def _lint(text: str | bytes, settings: dict[str, object], name: str = "review.md") -> list[Finding]:
    if "lint" not in settings:  # the house review's own names, as a real archive knows them
        settings = {**settings, "lint": {"spelling": {"words": ["Redstar"]}}}
    return lint_text(text, cfg=config(**settings), name=name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_failing_fixture(name: str, snapshot: SnapshotAssertion) -> None:
    case = CASES[name]
    findings = _lint(case.fails, case.settings, case.name)
    assert case.code in {f.code for f in findings}, render(findings)
    assert render([f for f in findings if f.code == case.code]) == snapshot


@pytest.mark.parametrize("name", sorted(CASES))
def test_passing_fixture(name: str) -> None:
    case = CASES[name]
    settings = case.settings if case.pass_settings is None else case.pass_settings
    findings = _lint(case.passes, settings, case.pass_name)
    assert case.code not in {f.code for f in findings}, render(findings)


def test_the_clean_review_passes_everything() -> None:
    assert render(_lint(GOOD, {})) == ""


def test_every_rule_has_a_case() -> None:
    covered = {case.code for case in CASES.values()}
    assert {rule.code for rule in all_rules()} <= covered
