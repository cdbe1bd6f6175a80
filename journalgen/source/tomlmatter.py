"""TOML front matter between `+++` lines (Hugo's default), read into the same fields as YAML.

Each value becomes the YAML node it would have been, with the line of its key, so every later
check (a date that does not exist, an unknown route) names the same `path:line` either way.
Dates and times are kept as the text TOML wrote (`2023-06-17T10:00:00-07:00`), like YAML's.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journalgen.source.frontmatter import Field, FrontMatterError

_KEY = re.compile(r"""^[ \t]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))[ \t]*[=.]""")
_TABLE = re.compile(r"^[ \t]*\[")
_AT = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)")
_TAG = "tag:yaml.org,2002:"


def toml_fields(text: str, first_line: int) -> dict[str, Field]:
    """The fields of TOML front matter whose first line is file line `first_line`."""
    try:
        data = tomllib.loads(text + "\n")
    except tomllib.TOMLDecodeError as exc:
        found = _AT.search(str(exc))
        if found and found.group(1):
            line: int | None = first_line + int(found.group(1)) - 1
        else:  # at the end: on the closing +++
            line = first_line + text.count("\n") + 1 if found else None
        problem = _AT.sub("", str(exc)) or "cannot be read"
        raise FrontMatterError(line, f"front-matter is not valid TOML: {problem}") from None
    lines = _key_lines(text, first_line)
    return {
        key: Field(_node(value, lines.get(key, first_line)), _plain(value)) for key, value in data.items()
    }


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    """The file line of each top-level key (tables `[x]` name theirs on their header line)."""
    found: dict[str, int] = {}
    in_table = False
    for offset, line in enumerate(text.split("\n")):
        if _TABLE.match(line):
            in_table = True
            name = line.strip().strip("[]").split(".")[0].strip().strip("\"'")
            found.setdefault(name, first_line + offset)
            continue
        match = _KEY.match(line)
        if match and not in_table:
            key = next(group for group in match.groups() if group is not None)
            found.setdefault(key, first_line + offset)
    return found


def _mark(line: int) -> Mark:
    return Mark("<toml>", 0, line - 2, 0, None, None)  # Field.line adds 2 back


def _node(value: Any, line: int) -> Node:
    mark = _mark(line)
    if isinstance(value, dict):
        pairs = [(ScalarNode(_TAG + "str", str(k), mark, mark), _node(v, line)) for k, v in value.items()]
        return MappingNode(_TAG + "map", pairs, mark, mark)
    if isinstance(value, list):
        return SequenceNode(_TAG + "seq", [_node(v, line) for v in value], mark, mark)
    if isinstance(value, bool):
        return ScalarNode(_TAG + "bool", "true" if value else "false", mark, mark)
    if isinstance(value, int):
        return ScalarNode(_TAG + "int", str(value), mark, mark)
    if isinstance(value, float):
        return ScalarNode(_TAG + "float", repr(value), mark, mark)
    return ScalarNode(_TAG + "str", _plain(value), mark, mark)


def _plain(value: Any) -> Any:
    """The Python value as the YAML loader would give it: dates and times as their text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
