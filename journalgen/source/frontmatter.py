"""Split a Markdown file into front-matter and body, strictly; its YAML is read by safeyaml (plain
`key: value` lines by plainyaml, to the same result)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journalgen.source.plainyaml import Scalar, Sequence, read_plain

if TYPE_CHECKING:
    from yaml.nodes import Node

_FENCE = re.compile(r"^---[ \t]*$")
_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
"""YAML front matter ends with `---`, or with `...` (YAML's own end of a document: Jekyll, Pandoc)."""
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")


class FrontMatterError(Exception):
    """A problem in the front-matter; `line` counts from 1 within the whole file."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Field:
    """One front-matter key: its value node (for raw text and line) and its Python value."""

    node: Node | Scalar | Sequence
    """The YAML library's node, or plainyaml's for a plain value: `id`, `tag`, `value`, `start_mark`."""
    value: Any

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---

    @property
    def is_null(self) -> bool:
        return self.node.tag == "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front-matter fields and its body."""

    fields: dict[str, Field]
    body: str
    body_line: int  # the file line on which the body starts


def normalise_text(text: str) -> str:
    """Drop a UTF-8 byte-order mark and turn CRLF/CR line endings into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Document:
    """Split normalised text into front-matter and body; a file without `---` (YAML, closed by
    `---` or `...`) or `+++` (TOML, as Hugo writes it) on its first line is all body."""
    lines = text.split("\n")
    toml = bool(lines) and _TOML_FENCE.match(lines[0]) is not None
    if not lines or not (toml or _FENCE.match(lines[0])):
        return Document({}, text, 1)
    closing = _TOML_FENCE if toml else _YAML_END
    for index in range(1, len(lines)):
        if closing.match(lines[index]):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            if toml:
                from journalgen.source.tomlmatter import toml_fields  # it builds on this module

                return Document(toml_fields(front, 2), body, index + 2)
            return Document(_parse(front), body, index + 2)
    fence = lines[0].strip()
    raise FrontMatterError(
        1,
        f"front-matter starts with {fence} but never ends; add a line with only {fence} after the "
        "last key (before the text of the entry)",
    )


def _parse(yaml_text: str) -> dict[str, Field]:
    read: Any = read_plain(yaml_text)
    if read is None:
        from journalgen.source.safeyaml import YamlReadError, read_yaml  # the YAML library: when needed

        try:
            read = read_yaml(yaml_text)
        except YamlReadError as exc:
            raise FrontMatterError(exc.line, exc.message) from None
    return {key: Field(node, value) for key, node, value in read}
