"""Bodies Python-Markdown is slow on are refused on their line before converting (source/limits.py),
by `check` and `build` alike; odd but harmless bodies build. How long converting takes, before and
after, is measured in bench/slow_markdown.py, never here."""

from __future__ import annotations

import random

import pytest
from conftest import MakeJournal, entry
from helpers import page, text, verdict

from journalgen.source import limits


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("", ""),
        ("\n\n  \n", ""),
        ("&#65; &#x41; &#00000000065; &#x110000;", "A A A \ufffd"),
        ("```\n&#" + "9" * 5000 + ";\n```", "&#" + "9" * 5000 + ";"),  # code shows it as written
        ("[12/06/2026, 10:15] Sam: a message\n" * 3000, "[12/06/2026, 10:15] Sam: a message"),
        ("- [ ] a step to take\n" * 2000, "a step to take"),
        ("A [link](x.html) and *more*. " * 2000, "A link and more"),
        ("```\n" + "[[[[ <a <b\n" * 5000 + "```\n", "[[[[ <a <b"),
    ],
)
def test_odd_but_harmless_bodies_build(make_journal: MakeJournal, body: str, shown: str) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntitle: T", body)})
    assert verdict(root) == []
    assert text(page(root / "site/entries/x.html").select_one(".entry-body"))[: len(shown)] == shown


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("&#" + "9" * 5000 + "; after", 5, "a character reference `&#` of 5000 digits"),
        ("ok\n\n<p title='&#" + "9" * 5000 + ";'>words</p>", 7, "a character reference `&#` of 5000"),
        ("one\n\n" + "[" * 20000, 7, "this paragraph has `[` or `(` that close far away or never"),
        ("[word " * 5000, 5, "this paragraph has `[` or `(` that close far away or never"),
        ("[" * 3000 + "]" * 3000, 5, "this paragraph has `[` or `(` that close far away or never"),
        ("[`]` " * 3000, 5, "this paragraph has `[` or `(` that close far away or never"),
        ("[a](" * 3000, 5, "this paragraph has `[` or `(` that close far away or never"),
        ("<word and more\n" * 3000, 5, "this paragraph has `<` that start an HTML tag and never end it"),
        ("text\n" + "# heading\n" * 20000, 6, "20000 headings, underlines or rules follow each other"),
        ("a\n=\n" * 5000, 6, "5000 headings, underlines or rules follow each other"),
        ("\n\n".join("# h" for _ in range(20000)), 5, "this entry has 20000 headings and HTML comments"),
        ("<!-- hint -->\n" * 20000, 5, "this entry has 20000 headings and HTML comments in 20001 lines"),
        ("a[^1] " * 2000 + "\n\n[^1]: note", 5, "this entry has 2001 footnote marks"),
        ("x\n\n" * 30000, 20005, "this entry has 30000 paragraphs"),
        ("A long day. " * 200_000, 5, "this entry is 2,400,000 characters long"),
        ("&#1" * 50000, 5, "this paragraph has 50000 links, entities, emphasis marks"),
        ("".join("    " * i + "- x\n" for i in range(60)), 55, "this line is nested 51 levels deep"),
        ("- " * 400 + "x", 5, "this line is nested 400 levels deep"),
        ("> " * 400 + "x", 5, "this line is nested 400 levels deep"),
        ("```\nx\n```\n" * 20000, 5, "this entry has 20000 blocks of fenced code"),
    ],
)
def test_bodies_markdown_is_slow_on_are_refused_on_their_line(
    make_journal: MakeJournal, body: str, line: int, expected: str
) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntitle: T", body)})
    problems = verdict(root)
    assert any(problem.startswith(f"entries/x.md:{line}: {expected}") for problem in problems), problems


MARKS = [
    "[",
    "(",
    "](",
    ")",
    "]",
    "`",
    "<a",
    "<",
    ">",
    "&x",
    "*",
    "_",
    "# h\n",
    "=\n",
    "---\n",
    "word ",
    "\n",
]


def test_the_quick_bounds_never_hide_a_cost_over_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # limits._surely_under passes over a block (or a whole body) from a few counts: wherever it
    # does, counting every cost finds nothing over a budget either.
    rnd = random.Random(5)
    checked = 0
    for _ in range(400):
        weights = [rnd.random() ** 3 for _ in MARKS]
        text = "".join(rnd.choices(MARKS, weights, k=rnd.randint(100, 8000)))
        block = text.split("\n")
        if limits._surely_under(text, len(block)):
            with monkeypatch.context() as patched:
                patched.setattr(limits, "_surely_under", lambda text, lines: False)
                patched.setattr(limits, "_SMALLEST_BUDGET", 0)
                assert list(limits._costs(block, text)) == []
            checked += 1
    assert checked > 50


def test_a_line_nested_too_deep_is_found_wherever_it_is() -> None:
    rnd = random.Random(3)
    for _ in range(300):
        prefix = "".join(
            rnd.choices([" ", "\t", "> ", "- ", "* ", "+ ", "1. ", "٣) ", "    "], k=rnd.randint(1, 60))
        )
        line = prefix + "x"
        before = "".join(rnd.choices(["words\n", "\n", "- item\n"], k=rnd.randint(0, 3)))
        deep = limits._depth(line) > limits.MAX_DEPTH
        found = [message for _, message in limits._slow(before + line) if "nested" in message]
        assert bool(found) == deep, repr(line)
