"""The front matter most entries have, read without the YAML library: one `key: value` per line,
each value a plain word or phrase (`mood: 6`, `date: 2026-01-05 14:00`) or a list of plain words
(`tags: [calm, grief]`).

For such text `read_plain()` gives what safeyaml.read_yaml() gives, node for node and value for
value (tests/test_plain_yaml.py holds the two together): the same tags, by the same rules (the
expressions below are the ones safeyaml's resolver is given), the same values, the same lines.
Anything else (quotes, comments, block lists, mappings, a key given twice, a tab, a character
YAML or a page treats apart) is None, and read_yaml() reads it, with its messages. libyaml's
parser cost more than the rest of reading an entry's front matter, and a rebuild after one edit
no longer imports the YAML library at all (8 ms) when the entry's front matter is plain.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

CORE = "tag:yaml.org,2002:"
BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT = re.compile(r"^[-+]?[0-9]+$")
FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
"""How a plain scalar is read (YAML 1.2's core schema, safeyaml's resolver): only these are
true/false, whole numbers, numbers and nothing; any other is text."""
MAX_DIGITS = 100
"""A whole number longer than this is refused (Python reads at most 4,300 digits, slowly)."""
BREAKS = "\x85\u2028\u2029"
"""Characters YAML 1.1 (PyYAML, libyaml) takes for line breaks, which editors and YAML 1.2 do not."""
NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""What YAML refuses in a text: the characters PyYAML's Reader.NON_PRINTABLE matches, named
rather than as all but the printable ones (a tenth of the time to compile; tests/test_plain_yaml.py
compares the two on every character)."""

_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*): +([A-Za-z0-9\[].*)")
"""A key and a value that starts as a plain scalar (a letter or digit: no indicator, no quote) or
as a flow list."""
_LIST = re.compile(r"\[(?:[A-Za-z0-9][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*(?:, ?(?=[A-Za-z0-9])|(?=\])))*\]")
"""A flow list of plain words (`[calm, self-compassion, a long walk]`), nothing inside but
letters, digits, `-`, `_`, single spaces and commas."""
_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ -]*[A-Za-z0-9_-]|[A-Za-z0-9]")


class Mark(NamedTuple):
    """Where a node starts: its line in the front matter, from 0 (as the YAML library counts)."""

    line: int


class Scalar:
    """A plain scalar, as the YAML library's ScalarNode has it for the rest of journalgen."""

    id = "scalar"
    __slots__ = ("start_mark", "tag", "value")

    def __init__(self, tag: str, value: str, start_mark: Mark) -> None:
        self.tag, self.value, self.start_mark = tag, value, start_mark


class Sequence:
    """A flow list of plain scalars, as the YAML library's SequenceNode has it."""

    id = "sequence"
    tag = CORE + "seq"
    __slots__ = ("start_mark", "value")

    def __init__(self, value: list[Scalar], start_mark: Mark) -> None:
        self.value, self.start_mark = value, start_mark


def read_plain(yaml_text: str) -> list[tuple[str, Scalar | Sequence, Any]] | None:
    """The top-level keys with their value nodes and values, as read_yaml() has them; None when
    the text is not of this plain kind."""
    if "\t" in yaml_text or NON_PRINTABLE.search(yaml_text) or any(c in yaml_text for c in BREAKS):
        return None
    fields: list[tuple[str, Scalar | Sequence, Any]] = []
    seen: set[str] = set()
    for line, text in enumerate(yaml_text.split("\n")):
        if not text:
            continue
        found = _LINE.fullmatch(text)
        if found is None:
            return None
        key, value = found.groups()
        if key in seen:
            return None
        seen.add(key)
        mark = Mark(line)
        if value[0] == "[":
            if _LIST.fullmatch(value) is None:
                return None
            nodes: list[Scalar] = []
            values: list[Any] = []
            for item in _ITEM.findall(value):
                read = _scalar(item, mark)
                if read is None:
                    return None
                nodes.append(read[0])
                values.append(read[1])
            fields.append((key, Sequence(nodes, mark), values))
            continue
        if value[-1] in " :" or ": " in value or " #" in value:
            return None
        read = _scalar(value, mark)
        if read is None:
            return None
        fields.append((key, *read))
    return fields


def _scalar(value: str, mark: Mark) -> tuple[Scalar, Any] | None:
    """A plain scalar that starts with a letter or a digit, read as the resolver and the
    constructors of safeyaml's loaders read it (a number's sign or a `.` cannot start it here)."""
    first = value[0]
    if first in "tTfF" and BOOL.match(value):
        return Scalar(CORE + "bool", value, mark), value.lower() == "true"
    if first in "nN" and NULL.match(value):
        return Scalar(CORE + "null", value, mark), None
    if first in "0123456789":
        if INT.match(value):
            if len(value) > MAX_DIGITS:
                return None  # read_yaml() says why
            return Scalar(CORE + "int", value, mark), int(value, 10)
        if FLOAT.match(value):
            return Scalar(CORE + "float", value, mark), float(value)
    return Scalar(CORE + "str", value, mark), value
