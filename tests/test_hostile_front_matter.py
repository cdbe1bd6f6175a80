"""Hostile front-matter: every value either builds or is refused on its line by both `check` and
`build`, with exit 1 and no traceback, and nothing in it makes either hang."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest
from conftest import MakeJournal, entry
from helpers import page, text, verdict

Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("mood: '²'", "entries/x.md:3: mood must be a whole number from 1 to 10, not '²'"),
        ("mood: '" + "9" * 5000 + "'", "entries/x.md:3: mood must be a whole number from 1 to 10, not '999"),
        ("x: !!int 0x1F", "entries/x.md:3: '0x1F' is not a whole number, as its !!-tag says; remove the tag"),
        ("x: !!int ''", "entries/x.md:3: '' is not a whole number, as its !!-tag says"),
        ("x: !!bool maybe", "entries/x.md:3: 'maybe' is not true or false, as its !!-tag says"),
        ("x: !!float abc", "entries/x.md:3: 'abc' is not a number, as its !!-tag says"),
        ("x: " + "9" * 4301, "entries/x.md:3: a number of 4301 digits is too long to read; put it in quotes"),
        ("scores: {phq9: " + "9" * 5000 + "}", "entries/x.md:3: a number of 5000 digits is too long"),
        ("scores: {phq9: '" + "9" * 5000 + "'}", "entries/x.md:3: scores: phq9 must be a whole number"),
        ("scores: {phq9: '٣'}", "entries/x.md:3: scores: phq9 must be a whole number, not ٣"),
        ("x: " + "[" * 900 + "]" * 900, "entries/x.md:3: front-matter nests lists and mappings more than 20"),
        ("x:\n" + "".join("  " * i + "- \n" for i in range(1, 40)), "entries/x.md:23: front-matter nests"),
        (
            "title: a\0b",
            "entries/x.md:3: the front-matter holds the invisible control character U+0000 (NUL)",
        ),
        (
            "title: a\x1bb",
            "entries/x.md:3: the front-matter holds the invisible control character U+001B (ESC)",
        ),
        ('title: "a\\eb"', "entries/x.md:3: the front-matter holds the invisible control character U+001B"),
        ('title: "\\ud800"', "entries/x.md:3: the text holds \\ud800, half of a character written as two"),
        ("date: 9999-12-31", "entries/x.md:2: '9999-12-31' is too far in the future for a journal"),
        ("x: &a 1\ny: *a", "entries/x.md:3: front-matter may not use YAML anchors or aliases"),
    ],
)
def test_hostile_front_matter_is_refused_on_its_line(
    make_journal: MakeJournal, front: str, expected: str
) -> None:
    if not front.startswith("date:"):
        front = "date: 2026-11-20\n" + front
    root = make_journal({"x.md": entry(front)})
    (problem,) = verdict(root)
    assert problem.startswith(expected)


def test_billion_laughs_is_refused_at_once(make_journal: MakeJournal) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    root = make_journal({"x.md": entry("date: 2026-11-20\n" + "\n".join(lines))})
    assert len(entry("\n".join(lines))) < 600
    assert verdict(root) == [
        "entries/x.md:3: front-matter may not use YAML anchors or aliases (&name, *name); write the value out"
    ]


@pytest.mark.parametrize(
    ("front", "value"),
    [
        ('title: "\\ud83d\\ude00 joy"', "\U0001f600 joy"),  # a surrogate pair as JSON writes it
        ("title: Me & you, *really*", "Me & you, *really*"),
        ("title: a\u2028b\u2029c\x85d", "a\u2028b\u2029c\x85d"),
        ('title: "\\ue000 \\ue001"', "\ue000 \ue001"),
    ],
)
def test_harmless_odd_values_are_kept(make_journal: MakeJournal, front: str, value: str) -> None:
    root = make_journal({"x.md": entry(f"date: 2026-11-20\n{front}")})
    assert verdict(root) == []
    assert text(page(root / "site/entries/x.html").h1) == " ".join(value.split())


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\u2029"])
def test_line_numbers_count_only_real_line_breaks(make_journal: MakeJournal, separator: str) -> None:
    root = make_journal({"x.md": entry(f"date: 2026-11-20\ntitle: a{separator}b{separator}c\nmood: 99")})
    assert verdict(root) == ["entries/x.md:4: mood must be a whole number from 1 to 10, not 99"]


def test_not_utf8_names_its_line_with_old_mac_line_endings(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": b"---\rdate: 2026-11-20\r---\rone\rtwo\r\xff\r"})
    assert verdict(root) == ["entries/x.md:6: not UTF-8 text (byte 0xff); save the file as UTF-8"]


def test_new_refuses_a_date_past_the_journal_range(cli: Cli, make_journal: MakeJournal) -> None:
    root = make_journal()
    result = cli("new", "session", "--root", root, "--date", "9999-12-31")
    assert result.returncode == 2
    assert "'9999-12-31' is too far in the future" in result.stderr
    assert not any((root / "entries").rglob("*.md"))


def test_crashing_values_exit_1_through_the_command(cli: Cli, make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\nmood: '²'"), "y.md": entry("x: !!bool maybe")})
    for command in ("check", "build"):
        result = cli(command, "--root", root)
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr
        said = result.stdout + result.stderr
        assert "entries/x.md:3: mood must be a whole number from 1 to 10, not '²'" in said
        assert "entries/y.md:2: 'maybe' is not true or false, as its !!-tag says" in said
