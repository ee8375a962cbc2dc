"""A rule's documentation as Markdown (the docstrings are written in reST-like style)."""

from __future__ import annotations

import re
import textwrap

from reviewctl.lint.registry import DOC_SECTIONS, Rule

_LITERAL = re.compile(r"``(.+?)``", re.S)


def _inline(text: str) -> str:
    """``code`` → `code` (a backtick inside becomes a double-backtick span)."""
    return _LITERAL.sub(lambda m: f"`` {m[1]} ``" if "`" in m[1] else f"`{m[1]}`", text)


def _body(lines: list[str]) -> list[str]:
    """A section's indented lines as Markdown: paragraphs and ``::`` literal blocks fenced."""
    text = textwrap.dedent("\n".join(lines)).strip("\n")
    out: list[str] = []
    prose: list[str] = []  # inline literals may span lines: convert a run of lines at once

    def flush() -> None:
        if prose:
            out.extend(_inline("\n".join(prose)).split("\n"))
            prose.clear()

    rows = text.split("\n")
    index = 0
    while index < len(rows):
        line = rows[index]
        if line.rstrip().endswith("::"):
            head = line.rstrip()[:-2].rstrip()
            prose.append(head + ":" if head else "")
            flush()
            index += 1
            block: list[str] = []
            while index < len(rows) and (not rows[index].strip() or rows[index][:1].isspace()):
                block.append(rows[index])
                index += 1
            code = textwrap.dedent("\n".join(block)).strip("\n")
            out += ["", "```", *code.split("\n"), "```", ""]
            continue
        prose.append(line)
        index += 1
    flush()
    return out


def rule_markdown(rule: Rule) -> str:
    """``# CODE name``, the default severity and fix, the summary, then a ``##`` per section."""
    fix = "fix available (`--fix`)" if rule.fixable else "no automatic fix"
    doc = rule.doc().split("\n")
    out = [f"# {rule.code} {rule.name}", "", f"*{rule.severity.value} by default, {fix}*", ""]
    sections: dict[str, list[str]] = {name: [] for name in DOC_SECTIONS}
    intro: list[str] = []
    current: list[str] = intro
    for line in doc:
        if line.strip() in sections and not line[:1].isspace():
            current = sections[line.strip()]
            continue
        current.append(line)
    out += _inline("\n".join(intro).strip()).split("\n")
    for name in DOC_SECTIONS:
        out += ["", f"## {name}", "", *_body(sections[name])]
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
