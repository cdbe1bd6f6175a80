"""The front matter most entries have, read without the YAML parser: one `key: value` per line,
each value a plain word or phrase (`mood: 6`, `date: 2026-01-05 14:00`) or a list of plain words
(`tags: [calm, grief]`).

For such text `read_plain()` gives what safeyaml.read_yaml() gives, node for node and value for
value (tests/test_plain_yaml.py holds the two together): the same tags from the same resolver,
the same values from the same constructors, the same lines. Anything else (quotes, comments,
block lists, mappings, a key given twice, a tab, a character YAML or a page treats apart) is
None, and read_yaml() reads it, with its messages. Libyaml's parser costs more than the rest of
reading an entry's front matter; a journal of ten thousand entries reads them all in a cold build.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.error import Mark
from yaml.nodes import Node, ScalarNode, SequenceNode

from journalgen.source.safeyaml import MAX_DIGITS, plain_resolver, plain_value, unusual

_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*): +([A-Za-z0-9\[].*)")
"""A key and a value that starts as a plain scalar (a letter or digit: no indicator, no quote) or
as a flow list."""
_LIST = re.compile(r"\[(?:[A-Za-z0-9][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*(?:, ?(?=[A-Za-z0-9])|(?=\])))*\]")
"""A flow list of plain words (`[calm, self-compassion, a long walk]`), nothing inside but
letters, digits, `-`, `_`, single spaces and commas."""
_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ -]*[A-Za-z0-9_-]|[A-Za-z0-9]")
_SEQ = "tag:yaml.org,2002:seq"


def read_plain(yaml_text: str) -> list[tuple[str, Node, Any]] | None:
    """The top-level keys with their value nodes and values, as read_yaml() has them; None when
    the text is not of this plain kind."""
    if "\t" in yaml_text or unusual(yaml_text):
        return None
    fields: list[tuple[str, Node, Any]] = []
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
        mark = Mark("<front-matter>", 0, line, 0, None, None)
        if value[0] == "[":
            if _LIST.fullmatch(value) is None:
                return None
            nodes: list[Node] = []
            values: list[Any] = []
            for item in _ITEM.findall(value):
                scalar = _scalar(item, mark)
                if scalar is None:
                    return None
                nodes.append(scalar[0])
                values.append(scalar[1])
            fields.append((key, SequenceNode(_SEQ, nodes, mark, mark, True), values))
            continue
        if value[-1] in " :" or ": " in value or " #" in value:
            return None
        scalar = _scalar(value, mark)
        if scalar is None:
            return None
        fields.append((key, *scalar))
    return fields


def _scalar(value: str, mark: Mark) -> tuple[ScalarNode, Any] | None:
    tag = plain_resolver.resolve(ScalarNode, value, (True, False))
    if tag.endswith(":int") and len(value.lstrip("+-")) > MAX_DIGITS:
        return None  # read_yaml() says why
    node = ScalarNode(tag, value, mark, mark)
    return node, plain_value(node)
