"""Read front-matter YAML strictly and safely: values as a person means them, or a problem on its line.

YAML is read as a person means it: only true/false are booleans (`tags: [no, on]` stay text),
`10:30` is not sexagesimal 630, dates stay text for the loader to check, a key given twice is an
error, and no tag outside the YAML core schema is accepted (a `!!python/...` tag runs nothing).

Whatever the text, reading it ends soon, with values or with a problem on its line: no anchors or
aliases (a few hundred bytes of nested aliases stand for billions of values), no nesting deeper
than MAX_DEPTH, no value a page cannot hold (a control character, half a surrogate pair), and an
explicit `!!int`, `!!float` or `!!bool` only on a value that is one. Lines are what an editor
counts: NEL, U+2028 and U+2029 are characters of the text, as in YAML 1.2, not line breaks.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from journalgen.source.plainyaml import BOOL, BREAKS, CORE, FLOAT, INT, MAX_DIGITS, NON_PRINTABLE, NULL


class YamlReadError(Exception):
    """Why front-matter YAML cannot be read, on the file's line (the YAML starting on line 2)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_yaml(yaml_text: str) -> list[tuple[str, Node, Any]]:
    """The top-level keys of front-matter YAML with their value nodes and values, in order."""
    if not yaml_text.strip():
        return []
    bad = NON_PRINTABLE.search(yaml_text)
    if bad is not None:
        raise YamlReadError(yaml_text.count("\n", 0, bad.start()) + 2, _unprintable(bad.group()))
    yaml_text, restore = _hide_breaks(yaml_text)
    if _FastLoader is not None and "&" not in yaml_text and "*" not in yaml_text:
        try:
            return _read_with(_FastLoader(yaml_text), restore)
        except _NotYamlError:
            pass  # read it again below, so the message is the one the Python parser gives
    try:
        return _read_with(_Loader(yaml_text), restore)
    except _NotYamlError as exc:
        raise exc.problem from None


_CORE_TAGS = {CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_TYPED = {CORE + "bool": (BOOL, "true or false"), CORE + "int": (INT, "a whole number"),
          CORE + "float": (FLOAT, "a number")}  # fmt: skip
"""What an explicitly tagged scalar (`!!int 0x1F`) must look like to be read as its tag says."""

MAX_DEPTH = 20
"""Lists and mappings inside each other: a journal needs a few levels, hostile text thousands."""


class _CoreResolver(BaseResolver):
    """YAML 1.2 core-schema style resolution: no yes/no/on/off, no sexagesimals, no timestamps."""


_CoreResolver.add_implicit_resolver(CORE + "bool", BOOL, list("tTfF"))
_CoreResolver.add_implicit_resolver(CORE + "int", INT, list("-+0123456789"))
_CoreResolver.add_implicit_resolver(CORE + "float", FLOAT, list("-+.0123456789"))
_CoreResolver.add_implicit_resolver(CORE + "null", NULL, ["~", "n", "N", ""])


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _CoreResolver):
    """The loader in Python: refuses anchors, aliases and deep nesting as it composes."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlReadError(
                event.start_mark.line + 2,
                "front-matter may not use YAML anchors or aliases (&name, *name); write the value out",
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _too_deep(event.start_mark.line + 2)
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: ScalarNode) -> int:  # type: ignore[override]
        """Whole numbers are decimal as written: `08` is 8, `011` is 11 (YAML 1.1 read them as octal)."""
        return int(str(self.construct_scalar(node)), 10)


_Loader.add_constructor(CORE + "int", _Loader.construct_yaml_int)

try:
    from yaml._yaml import CParser

    class _FastLoader(CParser, SafeConstructor, _CoreResolver):  # type: ignore[misc]
        """The same loader on libyaml's parser: several times faster; used for text without `&`
        and `*` (so without anchors and aliases), whose nodes are then checked as _Loader's are."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)

        construct_yaml_int = _Loader.construct_yaml_int

    _FastLoader.add_constructor(CORE + "int", _FastLoader.construct_yaml_int)
except ImportError:  # PyYAML built without libyaml
    _FastLoader = None  # type: ignore[assignment,misc]


def _check_nodes(node: Node, depth: int, restore: dict[str, str]) -> None:
    """Refuse what could not be read as written or shown on a page; put back the line-break
    characters hidden from the parser (`restore`)."""
    line = node.start_mark.line + 2
    if depth > MAX_DEPTH:
        raise _too_deep(line)
    if node.tag not in _CORE_TAGS:
        raise YamlReadError(
            line, f"the YAML tag {node.tag!r} is not allowed in front-matter; remove the !-tag"
        )
    if isinstance(node, ScalarNode):
        node.value = _shown_text(node.value, line, restore)
        typed = _TYPED.get(node.tag)
        if typed is not None and not typed[0].match(node.value):
            raise YamlReadError(
                line,
                f"{node.value!r} is not {typed[1]}, as its !!-tag says; remove the tag to keep it as text",
            )
        if node.tag == CORE + "int" and len(node.value.lstrip("+-")) > MAX_DIGITS:
            raise YamlReadError(
                line,
                f"a number of {len(node.value)} digits is too long to read; "
                "put it in quotes to keep it as text",
            )
    elif isinstance(node, SequenceNode):
        for child in node.value:
            _check_nodes(child, depth + 1, restore)
    elif isinstance(node, MappingNode):
        keys: dict[Any, int] = {}
        for key, value in node.value:
            _check_nodes(key, depth + 1, restore)
            _check_nodes(value, depth + 1, restore)
            if isinstance(key, ScalarNode):
                key_line = key.start_mark.line + 2
                if key.value in keys:
                    raise YamlReadError(
                        key_line,
                        f"the key {key.value!r} is given twice (first on line {keys[key.value]}); "
                        "keep only one",
                    )
                keys[key.value] = key_line


def _too_deep(line: int) -> YamlReadError:
    return YamlReadError(
        line, f"front-matter nests lists and mappings more than {MAX_DEPTH} levels deep; keep it flatter"
    )


def _shown_text(text: str, line: int, restore: dict[str, str]) -> str:
    """Text a page can hold: hidden line-break characters put back, escaped surrogate pairs joined."""
    for hidden, char in restore.items():
        text = text.replace(hidden, char)
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")  # joins pairs
    bad = NON_PRINTABLE.search(text)
    if bad is not None:
        raise YamlReadError(line, _unprintable(bad.group()))
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unprintable(char: str) -> str:
    if _SURROGATE.match(char):
        return (
            f"the text holds \\u{ord(char):04x}, half of a character written as two \\u escapes; "
            "write the character itself, or remove the escape"
        )
    name = {"\0": " (NUL)", "\x1b": " (ESC)", "\x7f": " (DEL)"}.get(char, "")
    return (
        f"the front-matter holds the invisible control character U+{ord(char):04X}{name}, which a page "
        "cannot show; remove it"
    )


def _hide_breaks(yaml_text: str) -> tuple[str, dict[str, str]]:
    """Swap NEL, U+2028 and U+2029 for private-use characters the text cannot hold, so the parser
    does not take them for line breaks; the map puts them back."""
    restore: dict[str, str] = {}
    if not any(char in yaml_text for char in BREAKS):
        return yaml_text, restore
    lowered = yaml_text.lower()
    spare = (chr(n) for n in range(0xE000, 0xF900) if chr(n) not in yaml_text and f"{n:x}" not in lowered)
    for char in BREAKS:
        if char in yaml_text:
            hidden = next(spare)
            yaml_text = yaml_text.replace(char, hidden)
            restore[hidden] = char
    return yaml_text, restore


class _NotYamlError(Exception):
    """The text is not valid YAML (not one of the rules above)."""

    def __init__(self, problem: YamlReadError) -> None:
        self.problem = problem


def _read_with(loader: Any, restore: dict[str, str]) -> list[tuple[str, Node, Any]]:
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 2 if mark else None
            problem = exc.problem or exc.context or "cannot be read"
            raise _NotYamlError(YamlReadError(line, f"front-matter is not valid YAML: {problem}")) from None
        except yaml.YAMLError as exc:
            raise _NotYamlError(YamlReadError(None, f"front-matter is not valid YAML: {exc}")) from None
        if root is None:
            return []
        _check_nodes(root, 1, restore)
        if not isinstance(root, MappingNode):
            raise YamlReadError(
                root.start_mark.line + 2,
                "front-matter must be a list of `key: value` lines (it is not a mapping)",
            )
        fields: list[tuple[str, Node, Any]] = []
        for key_node, value_node in root.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlReadError(key_node.start_mark.line + 2, "a key must be a plain word")
            try:
                value = loader.construct_object(value_node, deep=True)
            except yaml.MarkedYAMLError as exc:  # a list or mapping as a key of a mapping
                mark = exc.problem_mark or value_node.start_mark
                raise YamlReadError(mark.line + 2, f"front-matter is not valid YAML: {exc.problem}") from None
            fields.append((key_node.value, value_node, value))
        return fields
    finally:
        loader.dispose()
