"""Plain front matter (`key: value` lines, `[a, b]` lists) read without the YAML parser gives what
the parser gives, node for node and value for value; anything else is left to the parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.reader import Reader

from journalgen.source.frontmatter import normalise_text
from journalgen.source.plainyaml import NON_PRINTABLE, read_plain
from journalgen.source.safeyaml import YamlReadError, read_yaml

ROOT = Path(__file__).resolve().parent.parent


def _shape(node: Any) -> Any:
    """What read_yaml's callers take of a node: its kind, tag, value and line."""
    if node.id == "scalar":
        return ("scalar", node.tag, node.value, node.start_mark.line)
    return (node.id, node.tag, [_shape(child) for child in node.value], node.start_mark.line)


def _typed(value: Any) -> Any:
    """A value with the type of each part (1 and 1.0 and True are equal in Python)."""
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, value)


def _read(reader: Any, text: str) -> Any:
    try:
        return [(key, _shape(node), _typed(value)) for key, node, value in reader(text)]
    except YamlReadError as exc:
        return ("refused", exc.line, exc.message)


def _same(text: str) -> bool:
    """Whether read_plain() takes the text, having checked it reads it as read_yaml() does."""
    plain = read_plain(text)
    if plain is None:
        return False
    assert _read(lambda _: plain, text) == _read(read_yaml, text), text
    return True


WORDS = [
    "calm", "grief", "self-compassion", "a long walk", "C#", "it's", 'say "hi"', "café", "x_y",
    "6", "-3", "+4", "08", "1_000", "0x1F", "0o17", "1e3", "2.5", ".5", "1.", "true", "True", "TRUE",
    "false", "yes", "no", "on", "off", "null", "Null", "~", "", "2026-01-05", "2026-01-05 14:00",
    "10:30", "14:00:00", "a: b", "a:b", "a #b", "a#b", "a ", " a", "a  b", "[a]", "a, b", "{a}",
    "- a", "? a", "&a", "*a", "!a", "!!int 5", "|", ">", "'a'", '"a"', "%a", "@a", "`a`", "...", "---",
    "9" * 120, "a:", "é", "\u00a0a", "a\u00a0",
]  # fmt: skip
KEYS = ["title", "date", "kind", "tags", "mood", "Title", "x-y", "a_b"]
ODD_KEYS = ["1", "-x", "title ", "ti tle", "é"]
CHARS = "ab1 0:#-_,.'\"[]{}é!?/&*|>%@`~\u00a0"
"""What plain values are made of, with every character YAML gives a meaning to somewhere."""


@st.composite
def _word(draw: st.DrawFn) -> str:
    """Letters and spaces with at most one of CHARS somewhere: now plain, now not."""
    head = draw(st.text("ab1", min_size=1, max_size=2)) + draw(st.text("ab1é ", max_size=4))
    middle = draw(st.sampled_from([*CHARS, *[""] * 90]))
    return head + middle + draw(st.text("ab1 é", max_size=5))


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        items = draw(st.lists(st.sampled_from(WORDS) | _word(), max_size=4))
        close = draw(st.sampled_from(["]", "]", ",]"]))
        return "[" + draw(st.sampled_from([", ", ",", " , "])).join(items) + close
    if kind == 1:
        return draw(st.sampled_from(WORDS))
    return draw(_word())


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Mostly plain front matter (the fast path), now and then with what is not."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        odd = draw(st.integers(0, 9)) == 0
        key = draw(st.sampled_from(ODD_KEYS if odd else KEYS))
        colon = draw(st.sampled_from([":", " : ", ":\t"] if odd else [": ", ":  "]))
        end = draw(st.sampled_from(["", "", "", "", "", "", "", "", " ", " # note"]))
        lines.append(key + colon + draw(_value()) + end)
        if draw(st.integers(0, 15)) == 0:
            lines.append(draw(st.sampled_from(["", "  more", "# a comment", "- item", "\t", "   ", "---"])))
    return "\n".join(lines)


@settings(max_examples=2000, deadline=None)
@given(front_matter())
def test_plain_front_matter_reads_as_the_yaml_parser_reads_it(text: str) -> None:
    _same(text)


def test_the_front_matter_most_entries_have_is_read_plainly() -> None:
    texts = [
        "title: Intention for session 1\ndate: 2018-01-05 14:00\nkind: intention\nsession: 2018-01-06\n"
        "route: iv\nmood: 6\nemotions: [exhaustion]\ntags: [childhood, food]",
        "date: 2026-03-02\nkind: follow-up\n\ntags: [sleep, self-compassion, a long walk]\nmood: 7",
        "Title: Café at noon\nDate: 2026-03-02\ntags: []\ndraft: true\nscore: 2.5\nweight: 1e3",
    ]
    for text in texts:
        assert _same(text), text


def test_what_is_not_plain_is_left_to_the_yaml_parser() -> None:
    for text in [
        "title: 'quoted'",
        "title: a # comment",
        "title: a: b",
        "tags:\n  - calm",
        "scores: {phq9: 12}",
        "title: a\ntitle: b",  # the parser names both lines
        "title: a\tb",
        "title: a\u2028b",
        "x: " + "9" * 101,
        "title: a\n  continued",
        "title: &a x",
    ]:
        assert read_plain(text) is None, text


def test_the_sample_journal_reads_alike_both_ways() -> None:
    plain = 0
    for path in sorted((ROOT / "entries").rglob("*.md")):
        lines = normalise_text(path.read_text(encoding="utf-8")).split("\n")
        if lines[0] != "---" or "---" not in lines[1:]:
            continue
        plain += _same("\n".join(lines[1 : lines.index("---", 1)]))
    assert plain >= 10  # most of them


def test_what_yaml_refuses_is_what_the_plain_reader_refuses() -> None:
    differ = [
        hex(n)
        for n in range(0x110000)
        if (NON_PRINTABLE.match(chr(n)) is None) != (Reader.NON_PRINTABLE.match(chr(n)) is None)
    ]
    assert differ == []


def test_plain_front_matter_does_not_load_the_yaml_library() -> None:
    code = (
        "import sys\n"
        "from journalgen.source.entry import load_entry\n"
        "from journalgen.config import Config\n"
        "from pathlib import Path\n"
        "entry = load_entry('a.md', b'---\\ndate: 2026-01-05 14:00\\ntags: [calm]\\nmood: 6\\n---\\nWords.',"
        " Config(root=Path('.')))\n"
        "print(entry.mood, entry.tags, 'yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["6", "('calm',)", "False"]
