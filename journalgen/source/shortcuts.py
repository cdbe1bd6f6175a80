"""Shortcuts through Python-Markdown's inline processor (half the cost of converting a body),
which change how soon the HTML is ready, never the HTML (tests/test_markup_shortcut.py).

- Text that no inline pattern can change is marked AtomicString, which the inline processor
  passes over (_PlainText).
- Each inline pattern is tried on a text only when the text holds what every match of it holds
  (_TriggeredInline): a paragraph with one emphasis in it is no longer searched by a dozen link,
  HTML and entity patterns; the patterns of references only on a body that defines some.
- Expressions that start with a look-behind (`(?<!\\!)\\[`) are tried at every position of a
  text; the same expression with the look-behind after the character it guards (`\\[(?<!\\!\\[)`)
  lets the regular expression engine jump to that character (_QUICKER: 10 to 20 times sooner).
- A link's text ends where its `[` is closed, found by looking ahead from it (_bracket_text),
  not from a table of every position of the text that Python-Markdown 3.11.4 builds in Python
  each time the text changes (a fifth of the time of a body with links).

All were worked out for Python-Markdown 3.x with source/markdown.EXTENSIONS and the journal's
marks; `install` leaves Markdown as it is when its inline patterns are not exactly those, and
each one only where the pattern or expression is Python-Markdown's own.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

import markdown
from markdown.inlinepatterns import LinkInlineProcessor, ReferenceInlineProcessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor, UnescapeTreeprocessor
from markdown.util import AtomicString

TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "journalgen-wikilink": ("[[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "journalgen-tag": ("#",),
    "em_strong": ("*", "_"),
}
"""Each inline pattern, by name, and what a text must hold for it to match: one of these
strings."""

_INLINE_TRIGGERS = re.compile(r"[`\\\[<&*_#\x02]")
"""Text with none of these (nor two spaces before a line end) cannot be changed by any inline
pattern of TRIGGERS; \\x02 starts Markdown's placeholders. One class of characters, which the
regular expression engine scans for three times sooner than with the line break beside it."""


def _plain(text: str) -> bool:
    """Whether no inline pattern of TRIGGERS can change this text."""
    return "  \n" not in text and not _INLINE_TRIGGERS.search(text)


class _PlainText(Treeprocessor):
    """Marks text that no inline pattern can change as AtomicString, which the inline processor
    then passes over."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            text = element.text
            if text and type(text) is str and _plain(text):
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and _plain(tail):
                element.tail = AtomicString(tail)


class _TriggeredInline(InlineProcessor):
    """Python-Markdown's inline processor, which tries a pattern on a text only when the text
    holds one of its TRIGGERS, and a pattern of references only when the body defines some. Its
    `__handleInline` is Python-Markdown's (3.x), with those tests added; a pattern skipped is one
    that would not have matched, or (a reference not defined) matched and left the text as it was."""

    def __init__(self, md: markdown.Markdown, names: list[str]) -> None:
        super().__init__(md)
        self.patterns = [md.inlinePatterns[name] for name in names]
        self.heads = [frozenset(map(_head, TRIGGERS[name])) for name in names]
        self.whole = [tuple(t for t in TRIGGERS[name] if _head(t) != t) for name in names]
        self.references = [_only_defined(pattern) for pattern in self.patterns]

    def _InlineProcessor__handleInline(self, data: str, index: int = 0) -> str:  # noqa: N802 (Markdown's)
        if isinstance(data, AtomicString):
            return data
        patterns, heads, whole = self.patterns, self.heads, self.whole
        apply = self._InlineProcessor__applyPattern
        skip_references = not self.md.references  # type: ignore[attr-defined]
        held = set(_HEAD.findall(data))  # a pattern's match replaces text, never adds a trigger
        start = 0
        while index < len(patterns):
            if (
                held.isdisjoint(heads[index])
                or (whole[index] and not any(t in data for t in whole[index]))
                or (skip_references and self.references[index])
            ):
                index, start = index + 1, 0  # what a pattern that does not match gives
                continue
            data, matched, start = apply(patterns[index], data, index, start)
            if not matched:
                index += 1
        return data


def _head(trigger: str) -> str:
    """What _HEAD finds of a trigger: its first character (the line break: all of it)."""
    return trigger if trigger == "  \n" else trigger[0]


_HEAD = re.compile("|".join(re.escape(h) for h in sorted({_head(t) for ts in TRIGGERS.values() for t in ts})))
"""The first character of any of TRIGGERS (and the line break)."""


def _only_defined(pattern: object) -> bool:
    """Whether this pattern links only references the body defines (`[text][id]`, `[id]` and their
    images), with Python-Markdown's own handleMatch: on a body with none, it leaves the text as is."""
    return isinstance(pattern, ReferenceInlineProcessor) and (
        type(pattern).handleMatch is ReferenceInlineProcessor.handleMatch
    )


def _pattern_names(md: markdown.Markdown) -> list[str] | None:
    """The names of the inline patterns in the order the inline processor tries them, when they
    are exactly those of TRIGGERS (else None)."""
    patterns = md.inlinePatterns
    if len(patterns) != len(TRIGGERS) or not all(name in patterns for name in TRIGGERS):
        return None
    ordered = list(patterns)  # by priority, as the inline processor reads them
    names = sorted(TRIGGERS, key=lambda name: ordered.index(patterns[name]))
    return names if [patterns[name] for name in names] == ordered else None


_BRACKET = re.compile(r"[\[\]]")

_LOOK_AHEAD = 64
"""How many brackets _bracket_text passes before it leaves the text to Python-Markdown's table,
which is built once per text: looking ahead from every `[` of a text full of them would grow
with the square of its length."""


def _bracket_text(pattern: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
    """What `LinkInlineProcessor.getText` gives (the text between the `[` before `index` and
    the `]` that closes it, where it ends, and whether it is closed), found by looking ahead."""
    depth = 1
    for seen, bracket in enumerate(_BRACKET.finditer(data, index)):
        if seen == _LOOK_AHEAD:
            break
        if bracket.group() == "[":
            depth += 1
            continue
        depth -= 1
        if not depth:
            end = bracket.end()
            return data[index : end - 1], end, True
    else:
        return data[index:], len(data), False
    return LinkInlineProcessor.getText(pattern, data, index)


def _quick_brackets(md: markdown.Markdown) -> None:
    """Link patterns find the end of their text with _bracket_text, where they use
    Python-Markdown's own `getText`."""
    for pattern in md.inlinePatterns:
        if isinstance(pattern, LinkInlineProcessor) and type(pattern).getText is LinkInlineProcessor.getText:
            pattern.getText = functools.partial(_bracket_text, pattern)  # type: ignore[method-assign]


_QUICKER = {
    r"(?<!\!)\[": r"\[(?<!\!\[)",
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": r"(?:(\\(?<!\\\\)\\(?:\\{2})*)(?=`+)|`(?<!\\`))",
}
"""Python-Markdown's expressions of links and references (`[`, not after `!`) and of code spans
(backslashes in pairs, or a backtick, not after a backslash), and the same expressions with the
look-behind after the character it guards: the same matches and groups, found by scanning for
that character (tests/test_markup_shortcut.py compares them on many texts)."""


def _quick_expressions(md: markdown.Markdown) -> None:
    """Inline patterns whose expression is one of _QUICKER use the quicker one."""
    for pattern in md.inlinePatterns:
        expression = getattr(pattern, "compiled_re", None)
        quicker = _QUICKER.get(getattr(expression, "pattern", None))  # type: ignore[arg-type]
        if expression is not None and quicker is not None:
            pattern.compiled_re = re.compile(quicker, expression.flags)


class _Unescape(UnescapeTreeprocessor):
    """Python-Markdown's, which puts back the characters a backslash escaped (`\\*`), run only on
    a body with a backslash: only the escape pattern and a code span's backslashes make what it
    looks for, and Markdown takes those markers out of what the person wrote."""

    def run(self, root: ET.Element) -> None:
        lines = getattr(self.md, "lines", None)  # the text as the block parser read it (3.x)
        if lines is None or any("\\" in line for line in lines):
            super().run(root)


_SEEN_MOST = 256
"""How many tag names quick_block_level keeps an answer for (raw HTML may name any tag)."""


def quick_block_level(md: markdown.Markdown) -> None:
    """`md.is_block_level(tag)` answered from the tags seen before: Python-Markdown's looks
    through its list of forty names, tens of times a body. For a converter built: its list is
    then as its extensions left it."""
    if type(md).is_block_level is not markdown.Markdown.is_block_level:
        return
    names = frozenset(md.block_level_elements)
    seen: dict[object, bool] = {}

    def is_block_level(tag: object) -> bool:
        try:
            known = seen.get(tag)
        except TypeError:  # a tag that is no name at all
            return False
        if known is None:
            known = isinstance(tag, str) and tag.lower().rstrip("/") in names
            if len(seen) < _SEEN_MOST:
                seen[tag] = known
        return known

    md.is_block_level = is_block_level  # type: ignore[method-assign]


def install(md: markdown.Markdown) -> None:
    """Put the shortcuts into this Markdown, if they were worked out for its inline patterns."""
    names = _pattern_names(md)
    if names is None:
        return
    _quick_brackets(md)
    _quick_expressions(md)
    md.treeprocessors.register(_PlainText(md), "journalgen-plain-text", 25)
    private = ("_InlineProcessor__applyPattern", "_InlineProcessor__handleInline")
    stock = "inline" in md.treeprocessors and type(md.treeprocessors["inline"]) is InlineProcessor
    if stock and all(hasattr(InlineProcessor, name) for name in private):
        md.treeprocessors.register(_TriggeredInline(md, names), "inline", 20)
    if "unescape" in md.treeprocessors and type(md.treeprocessors["unescape"]) is UnescapeTreeprocessor:
        md.treeprocessors.register(_Unescape(md), "unescape", 0)
