"""Python-Markdown's own processors, reading what people mean: an ATX heading needs a space after
its `#`s (so `#journal` stays a tag), a list item is never the text of a setext heading, and
`{...}` is an attribute list only when it holds nothing but `#id`, `.class` and `key=value` (so
`{today}` at the end of a heading, or a `{% endhighlight %}` line of Liquid, stay words).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    CodeBlockProcessor,
    EmptyBlockProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ListIndentProcessor,
    ParagraphProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace
from markdown.util import ETX, STX, Registry

from journalgen.source.blocks import ATX, BREAK, ITEM, PLAIN, QUOTE


class AtxHeadings(HashHeaderProcessor):
    """`# Heading` needs a space (or nothing) after its `#`s, so `#journal` stays text (a tag); a
    closing run of `#`s counts only after a space (`# C#` keeps its `#`)."""

    RE = re.compile(
        r"(?:^|\n)[ ]{0,3}(?P<level>#{1,6})(?:[ \t]+(?P<header>[^\n]*?))?(?:[ \t]+#+)?[ \t]*(?:\n|$)"
    )

    def test(self, parent, block):  # type: ignore[no-untyped-def]  # Markdown's API
        # Our own, not Python-Markdown's: since 3.11.4 its test wants the `#` first on its line,
        # where CommonMark lets a heading start after up to three spaces (`   # one`).
        return bool(self.RE.search(block))

    def run(self, parent, blocks):  # type: ignore[no-untyped-def]  # Markdown's API
        block = blocks.pop(0)
        match = self.RE.search(block)
        assert match is not None  # test() found it
        before, after = block[: match.start()], block[match.end() :]
        if before:
            self.parser.parseBlocks(parent, [before])
        heading = ET.SubElement(parent, f"h{len(match.group('level'))}")
        text = (match.group("header") or "").strip()
        heading.text = "" if re.fullmatch(r"#*", text) else text
        if after:
            if self.parser.state.isstate("looselist"):
                after = self.looseDetab(after)
            blocks.insert(0, after)


class SetextHeadings(SetextHeaderProcessor):
    """`Text` over `---` or `===` is a heading, but a list item or quote over `- ` is not: the
    `- ` is an (empty) item of the list."""

    def test(self, parent, block):  # type: ignore[no-untyped-def]  # Markdown's API
        first = block.split("\n", 1)[0]
        if ITEM.match(first) or QUOTE.match(first) or ATX.match(first) or BREAK.match(first):
            return False
        return super().test(parent, block)


_ATTRIBUTE = r"""(?:[#.][^\s{}#.=]+|[^\s{}=]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s{}]+))"""
_ATTRIBUTES = rf"\{{:?[ ]*({_ATTRIBUTE}(?:[ ]+{_ATTRIBUTE})*)[ ]*\}}"


class StrictAttributes(AttrListTreeprocessor):
    """Python-Markdown's attribute lists (`{: .quiet }`), for `{...}` that hold only attributes;
    not looked for in a text without a `{`."""

    BASE_RE = _ATTRIBUTES
    HEADER_RE = re.compile(rf"[ ]+{_ATTRIBUTES}[ ]*$")
    BLOCK_RE = re.compile(rf"\n[ ]*{_ATTRIBUTES}[ ]*$")
    INLINE_RE = re.compile(rf"^{_ATTRIBUTES}")

    def run(self, doc: ET.Element) -> None:
        if "{" in "\n".join(self.md.lines):  # the text as the block parser read it
            super().run(doc)


class Tables(TableProcessor):
    """Python-Markdown's tables, looked for only in a block that holds a `|` (a table's first
    row always does): the same tables, sooner."""

    def test(self, parent, block):  # type: ignore[no-untyped-def]  # Markdown's API
        return "|" in block and super().test(parent, block)


def only_with(processor: BlockProcessor, *marks: str) -> None:
    """Try one of Python-Markdown's block processors only on blocks that hold one of these marks,
    without which its pattern cannot match (a quote's `>`, a footnote's `[^`): the same blocks
    found, without searching every paragraph for them."""
    test = processor.test
    if len(marks) == 1:
        mark = marks[0]

        def quick(parent: ET.Element, block: str) -> bool:
            return mark in block and test(parent, block)

    else:
        found = re.compile("|".join(map(re.escape, marks))).search

        def quick(parent: ET.Element, block: str) -> bool:
            return found(block) is not None and test(parent, block)

    processor.test = quick  # type: ignore[method-assign]


_OPEN = re.compile(r"^(?!" + PLAIN.pattern[1:] + ")", re.MULTILINE)
"""The start of a line that is not plain paragraph text (blocks.PLAIN), or of an empty one."""


def plain_paragraphs(md: Markdown) -> None:
    """A block of plain lines (each starts, after at most three spaces, with a character no
    block starts with: blocks.PLAIN) and no `|` goes straight to the paragraph processor. Each
    processor before it would test it and leave it (a dozen tests a paragraph): an empty block,
    indented code and list text start with spaces; headings, rules, lists, quotes, references
    and footnotes each with their mark at the start of a line; a table needs a `|`. Only for
    exactly these processors, in this order (Python-Markdown 3.x with markdown.EXTENSIONS)."""
    parser = md.parser
    registry = parser.blockprocessors
    kinds = tuple(type(processor) for processor in registry)
    if kinds != _KINDS or md.tab_length != 4 or "parseBlocks" in vars(parser):
        return
    if type(parser).parseBlocks is not BlockParser.parseBlocks:
        return
    paragraph = registry["paragraph"]

    def parse_blocks(parent: ET.Element, blocks: list[str]) -> None:
        while blocks:
            block = blocks[0]
            if block and "|" not in block and not _OPEN.search(block):
                paragraph.run(parent, blocks)
                continue
            for processor in registry:  # BlockParser.parseBlocks (3.x)
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break

    parser.parseBlocks = parse_blocks  # type: ignore[method-assign]


_SPACES_LINE = re.compile(r"(?<=\n) +\n")


class Whitespace(NormalizeWhitespace):
    """Python-Markdown's whitespace preprocessor (3.x), which looks for lines of nothing but
    spaces only in a text that has a space at the end of a line: the same lines, sooner."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(STX, "").replace(ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = _SPACES_LINE.sub("\n", source)
        return source.split("\n")


class HtmlBlocks(HtmlBlockPreprocessor):
    """Python-Markdown's raw HTML preprocessor, run only on a text with a `<` or a `&`: without
    them its HTML parser sees one run of text and gives the lines back as they were."""

    def run(self, lines: list[str]) -> list[str]:
        if any("<" in line or "&" in line for line in lines):
            return super().run(lines)
        return lines


class Ordered(Registry):  # type: ignore[type-arg]  # (of any processors)
    """Python-Markdown's registry of processors, which keeps its list in order between changes:
    the block parser goes through it for every block, and Registry makes the list anew each time."""

    _order: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self._order is None or not self._is_sorted:
            self._sort()
            self._order = [self._data[name] for name, _ in self._priority]
        return iter(self._order)

    def register(self, item: Any, name: str, priority: float) -> None:
        self._order = None
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self._order = None
        super().deregister(name, strict)


_KINDS = (
    EmptyBlockProcessor, ListIndentProcessor, CodeBlockProcessor, Tables, AtxHeadings, SetextHeadings,
    HRProcessor, SaneOListProcessor, SaneUListProcessor, BlockQuoteProcessor, FootnoteBlockProcessor,
    ReferenceProcessor, ParagraphProcessor,
)  # fmt: skip
"""The block processors plain_paragraphs was worked out for, in the order the parser tries them."""


def keep_order(md: Markdown) -> None:
    """Make each registry of this Markdown's processors an Ordered one (the same items)."""
    parts = (md.preprocessors, md.parser.blockprocessors, md.treeprocessors, md.inlinePatterns)
    for registry in (*parts, md.postprocessors):
        if type(registry) is Registry and all(hasattr(registry, name) for name in _REGISTRY):
            registry.__class__ = Ordered


_REGISTRY = ("_is_sorted", "_sort", "_data", "_priority")
"""What Ordered uses of Python-Markdown's Registry (3.x): a registry without them is left as it is."""
