"""Split a Markdown file into front-matter and body, strictly, and read the YAML safely.

YAML is read as a person means it: only true/false are booleans (`tags: [no, on]` stay text),
`10:30` is not sexagesimal 630, dates stay text for the loader to check, a key given twice is an
error, and no tag outside the YAML core schema is accepted (a `!!python/...` tag runs nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

_FENCE = re.compile(r"^---[ \t]*$")
_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
"""YAML front matter ends with `---`, or with `...` (YAML's own end of a document: Jekyll, Pandoc)."""
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
_CORE_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}


class _CoreResolver(BaseResolver):
    """YAML 1.2 core-schema style resolution: no yes/no/on/off, no sexagesimals, no timestamps."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _CoreResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)

    def construct_yaml_int(self, node: ScalarNode) -> int:  # type: ignore[override]
        """Whole numbers are decimal as written: `08` is 8, `011` is 11 (YAML 1.1 read them as octal)."""
        return int(str(self.construct_scalar(node)), 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)

try:
    from yaml._yaml import CParser

    class _FastLoader(CParser, SafeConstructor, _CoreResolver):  # type: ignore[misc]
        """The same loader on libyaml's parser: several times faster; used for text it accepts."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)

        construct_yaml_int = _Loader.construct_yaml_int

    _FastLoader.add_constructor("tag:yaml.org,2002:int", _FastLoader.construct_yaml_int)
except ImportError:  # PyYAML built without libyaml
    _FastLoader = None  # type: ignore[assignment,misc]


class FrontMatterError(Exception):
    """A problem in the front-matter; `line` counts from 1 within the whole file."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Field:
    """One front-matter key: its value node (for raw text and line) and its Python value."""

    node: Node
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


def _check_tags(node: Node, checked: set[int] | None = None) -> None:
    checked = set() if checked is None else checked
    if id(node) in checked:  # an alias (*name) of a node already checked, maybe recursive
        return
    checked.add(id(node))
    if node.tag not in _CORE_TAGS:
        raise FrontMatterError(
            node.start_mark.line + 2,
            f"the YAML tag {node.tag!r} is not allowed in front-matter; remove the !-tag",
        )
    if isinstance(node, SequenceNode):
        for child in node.value:
            _check_tags(child, checked)
    elif isinstance(node, MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            _check_tags(key, checked)
            _check_tags(value, checked)
            if isinstance(key, ScalarNode):
                line = key.start_mark.line + 2
                if key.value in seen:
                    raise FrontMatterError(
                        line,
                        f"the key {key.value!r} is given twice (first on line {seen[key.value]}); "
                        "keep only one",
                    )
                seen[key.value] = line


def _parse(yaml_text: str) -> dict[str, Field]:
    if not yaml_text.strip():
        return {}
    if _FastLoader is not None and not Reader.NON_PRINTABLE.search(yaml_text):
        try:
            return _parse_with(_FastLoader(yaml_text))
        except FrontMatterError:
            pass  # read it again below, so the message is the one the Python parser gives
    return _parse_with(_Loader(yaml_text))


def _parse_with(loader: Any) -> dict[str, Field]:
    try:
        root = loader.get_single_node()
        if root is None:
            return {}
        _check_tags(root)
        if not isinstance(root, MappingNode):
            raise FrontMatterError(
                root.start_mark.line + 2,
                "front-matter must be a list of `key: value` lines (it is not a mapping)",
            )
        fields: dict[str, Field] = {}
        for key_node, value_node in root.value:
            if not isinstance(key_node, ScalarNode):
                raise FrontMatterError(key_node.start_mark.line + 2, "a key must be a plain word")
            fields[key_node.value] = Field(value_node, loader.construct_object(value_node, deep=True))
        return fields
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or exc.context or "cannot be read"
        raise FrontMatterError(line, f"front-matter is not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(None, f"front-matter is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
