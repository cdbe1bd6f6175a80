"""The shortcuts through Python-Markdown (shortcuts._PlainText; _TriggeredInline, which tries each
inline pattern only on text that holds what it starts with; processors.Tables, which looks for a
table only in a block with a `|`; processors.only_with, which tries headings, rules, quotes,
footnotes and references only on blocks with their marks; StrictAttributes, which looks for
attribute lists only in a text with a `{`; shortcuts._bracket_text, which finds where a link's
text ends by looking ahead) change how fast Markdown is converted, never the HTML."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import SAMPLE_ENTRIES
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

from journalgen.source import inline, shortcuts
from journalgen.source.entry import body_of
from journalgen.source.markdown import QUICK_BLOCKS, Renderer
from journalgen.source.processors import HtmlBlocks, Ordered, StrictAttributes, Tables, Whitespace
from journalgen.source.titles import first_heading


def renderers() -> tuple[Renderer, Renderer]:
    fast, slow = Renderer(), Renderer()
    slow._md.treeprocessors.deregister("journalgen-plain-text")
    slow._md.treeprocessors.register(InlineProcessor(slow._md), "inline", 20)  # Python-Markdown's own
    tables = TableProcessor(slow._md.parser, slow._md.parser.blockprocessors["table"].config)
    slow._md.parser.blockprocessors.register(tables, "table", 75)
    slow._md.treeprocessors.register(_EveryText(slow._md), "attr_list", 8)
    for name in QUICK_BLOCKS:
        del slow._md.parser.blockprocessors[name].test  # the processor's own: tried on every block
    slow._md.preprocessors.register(NormalizeWhitespace(slow._md), "normalize_whitespace", 30)
    slow._md.preprocessors.register(HtmlBlockPreprocessor(slow._md), "html_block", 20)
    del slow._md.is_block_level  # Python-Markdown's own: looks through its list each time
    del slow._md.parser.parseBlocks  # every block through every processor
    slow._md.treeprocessors.register(UnescapeTreeprocessor(slow._md), "unescape", 0)
    for pattern in slow._md.inlinePatterns:
        vars(pattern).pop("getText", None)  # Python-Markdown's table of closing brackets
        if pattern.compiled_re.pattern in shortcuts._QUICKER.values():  # back to Python-Markdown's own
            pattern.compiled_re = re.compile(pattern.pattern, pattern.compiled_re.flags)
    return fast, slow


class _EveryText(StrictAttributes):
    run = AttrListTreeprocessor.run  # looks in every text, `{` or not


def test_the_shortcuts_are_on_with_the_markdown_installed() -> None:
    # Off only when Python-Markdown's inline patterns are not the ones they were worked out for.
    fast, slow = renderers()
    assert "journalgen-plain-text" in fast._md.treeprocessors
    assert type(fast._md.treeprocessors["inline"]).__name__ == "_TriggeredInline"
    assert "journalgen-plain-text" not in slow._md.treeprocessors
    assert type(slow._md.treeprocessors["inline"]) is InlineProcessor
    assert type(fast._md.parser.blockprocessors["table"]) is Tables
    assert type(fast._md.treeprocessors["attr_list"]).run is not AttrListTreeprocessor.run
    assert all("test" in vars(fast._md.parser.blockprocessors[name]) for name in QUICK_BLOCKS)
    assert not any("test" in vars(slow._md.parser.blockprocessors[name]) for name in QUICK_BLOCKS)
    assert type(fast._md.preprocessors["normalize_whitespace"]) is Whitespace
    assert type(fast._md.preprocessors["html_block"]) is HtmlBlocks
    assert type(slow._md.preprocessors["html_block"]) is HtmlBlockPreprocessor
    links = [p for p in fast._md.inlinePatterns if isinstance(p, LinkInlineProcessor)]
    assert len(links) >= 6 and all("getText" in vars(p) for p in links)
    assert not any("getText" in vars(p) for p in slow._md.inlinePatterns)
    assert "is_block_level" in vars(fast._md) and "is_block_level" not in vars(slow._md)
    assert "parseBlocks" in vars(fast._md.parser) and "parseBlocks" not in vars(slow._md.parser)
    assert type(fast._md.treeprocessors["unescape"]) is not UnescapeTreeprocessor
    assert type(slow._md.treeprocessors["unescape"]) is UnescapeTreeprocessor


LINE_STARTS = [
    "", " ", "  ", "   ", "    ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "> ", "# ", "###### ", "=", "-",
    "---", "***", "___", "[a]: x", "[^1]: n", "<div>", "<!-- c -->", "```", "~~~", "| a |",
    "a", "é", "\x02wzxhzdk:0\x03", "word", "*em* ", "_u_ ", "[link](x) ", "`c` ",
]  # fmt: skip
"""How a line may start; the last seven, plain text (blocks.PLAIN)."""
LINE_ENDS = ["", " words", " | b", " a]: b", " [^1]: n", " - x", " # h", " ===", " ---", "  ", " *", " _"]


def test_a_block_of_plain_lines_is_left_by_every_processor_before_the_paragraph() -> None:
    # processors.plain_paragraphs sends such a block straight to the paragraph processor.
    import copy

    from journalgen.source.processors import _OPEN

    fast, _ = renderers()
    parser = fast._md.parser
    processors = list(parser.blockprocessors)
    assert type(processors[-1]).__name__ == "ParagraphProcessor"
    rnd = random.Random(3)
    plain = 0
    for _ in range(20000):
        starts = [rnd.choice(LINE_STARTS[-7:] if rnd.random() < 0.8 else LINE_STARTS) for _ in range(4)]
        lines = [start + rnd.choice(LINE_ENDS) for start in starts[: rnd.randint(1, 4)]]
        block = "\n".join(lines)
        if not block or "|" in block or _OPEN.search(block):
            continue
        plain += 1
        for parent in (ET.Element("div"), ET.Element("li"), _with_list()):
            for state in ((), ("list",), ("looselist",)):
                parser.state[:] = list(state)
                for processor in processors[:-1]:
                    if processor.test(parent, block):
                        tree, blocks = copy.deepcopy(parent), [block]
                        assert processor.run(tree, blocks) is False, (type(processor).__name__, block)
                        assert blocks == [block] and ET.tostring(tree) == ET.tostring(parent), block
    parser.state[:] = []
    assert plain > 2000


def _with_list() -> ET.Element:
    parent = ET.Element("div")
    ET.SubElement(ET.SubElement(parent, "ul"), "li").text = "item"
    return parent


def test_block_level_tags_are_those_python_markdown_says() -> None:
    fast, slow = renderers()
    tags = [*fast._md.block_level_elements, "P", "DIV/", "span", "em", "x-y", "", "/", ET.Comment, None, 3]
    tags.append([])  # no name at all
    tags += [f"tag{n}" for n in range(300)]  # more names than it keeps answers for
    for tag in tags * 2:
        assert fast._md.is_block_level(tag) == slow._md.is_block_level(tag), tag


def test_a_links_text_ends_where_python_markdown_says() -> None:
    # Text of brackets and letters, short and long (past the look-ahead's limit), at every `[`.
    pattern, python_markdowns = LinkInlineProcessor(r"\[", None), LinkInlineProcessor(r"\[", None)
    rnd = random.Random(5)
    for _ in range(3000):
        size = rnd.choice((4, 12, 40, 300))
        data = "".join(rnd.choice("[[]]ab(") for _ in range(size))
        if rnd.random() < 0.2:
            data = "[" * rnd.randint(60, 140) + data + "]" * rnd.randint(0, 140)
        for index in [i + 1 for i, c in enumerate(data) if c == "["]:
            expected = python_markdowns.getText(data, index)
            assert shortcuts._bracket_text(pattern, data, index) == expected, (data, index)


def test_same_html_for_the_sample_journal() -> None:
    fast, slow = renderers()
    for path in sorted(SAMPLE_ENTRIES.rglob("*.md")):
        body = body_of(path.read_bytes())
        title = first_heading(body)
        for heading in (None, title):
            assert fast(body, heading) == slow(body, heading), path.name


FRAGMENTS = [
    "word ", "*em*", "**strong**", "_u_", "__uu__", "a_b_c ", "`code`", "``x``", "\\*", "\\",
    "[link](x.md)", "[ref][1]", "[1]: http://x", "![img](a.png)", "<http://a.b>", "<a@b.c>",
    "<span>x</span>", "<!-- c -->", "&amp;", "&copy;", "& ", "AT&T ", "  \n", "\n", "\n\n", "- ", "1. ",
    "> ", "# ", "## ", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n", "    indented\n", "[^1]",
    "\n[^1]: note\n", "{: .c}", "- [ ] task\n", "- [x] done\n", "'quote' ", '"dq" ', "é ", "<", ">", "!",
    "[", "]", "(", ")", "*", "_", "~", "=", "  ", "\t", "---\n", "***\n", "<div>\nblock\n</div>\n",
    "http://x.y ", "x^2 ", "[odd](http://[x]/a.md)", "#tag ", "#2 ", "#[[a tag]] ", "[[Note]]",
    "[[Note|shown *text*]]", "![[p.png]]", "[[nowhere]]", "# Title\n", "Title\n===\n", "|", " | ",
    "a | b\n--|--\n", "|x|\n|-|\n", "{#id}", "{: #i .c k=v }\n", "{today}", "`{x}`", "\\{", "&#123;",
    "Text\n---\n", "  \n\n", " \r\n", "\r", "\x02", "\x03", "&#123", "&#x41;", "&nbsp",
    "___\n", "* * *\n", "\n[r]: <x> 't'\n", "]:", "[^", "\n=", ">\n> q\n",
]  # fmt: skip
LINKS = (("#a tag", "t/a.html"), ("#tag", "t/tag.html"), ("[[note", "n.md"), ("[[p.png", "p.png"))


def test_same_html_for_any_mix_of_markdown() -> None:
    fast, slow = renderers()
    rnd = random.Random(11)
    for _ in range(5000):
        text = "".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(1, 14)))
        heading = "Title" if rnd.random() < 0.3 else None
        links = LINKS if rnd.random() < 0.5 else ()
        assert fast(text, heading, links) == slow(text, heading, links), repr(text)


def test_the_registries_keep_their_order_through_changes() -> None:
    registry = Ordered()
    registry.register("b", "b", 20)
    registry.register("a", "a", 30)
    assert list(registry) == ["a", "b"]
    registry.register("c", "c", 25)
    assert list(registry) == ["a", "c", "b"]
    registry.register("a2", "a", 10)  # the same name: replaced
    assert list(registry) == ["c", "b", "a2"]
    registry.deregister("c")
    assert list(registry) == ["b", "a2"] == [registry[0], registry[1]]
    md = Renderer()._md
    assert type(md.parser.blockprocessors) is Ordered and type(md.treeprocessors) is Ordered


MENTION_PARTS = [
    "# ", "## ", "#", "##", "#tag", "#2", "#[[a b]]", "[[Note]]", "<!-- c -->", "<!--\n-->", "`", "``",
    "word", " ", "\n", "\n\n", "    ", "```\n", "(", "[", "]", "(x)", "<a href='#top'>", "&#35;", "\\#", "-",
]  # fmt: skip


def test_a_body_without_the_start_of_a_tag_has_the_same_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    # inline.mentions passes over a body in which no `#` is followed by a mark a tag starts with.
    rnd = random.Random(7)
    bodies = ["".join(rnd.choices(MENTION_PARTS, k=rnd.randint(1, 16))) for _ in range(3000)]
    bodies += ["#<!-- c -->word", "# heading #<!---->-dash\n", "#/nested", "## #é"]
    quick = [inline.mentions(body) for body in bodies]
    monkeypatch.setattr(inline, "_TAG_START", re.compile(""))  # found in every body
    assert quick == [inline.mentions(body) for body in bodies]
    assert sum(1 for found in quick if found.tags) > 100
    assert all(found.tags for found in quick[-4:])


def test_a_text_full_of_brackets_is_left_to_python_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    # Looking ahead from each of thousands of `[` would grow with the square of the text; Python-
    # Markdown's own getText (3.11.4 and later) finds them all in one pass over it.
    asked: list[str] = []
    own = LinkInlineProcessor.getText

    def getText(self: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        asked.append(data)
        return own(self, data, index)

    monkeypatch.setattr(LinkInlineProcessor, "getText", getText)
    pattern = LinkInlineProcessor(r"\[", None)
    short, full = "[a] b", "[" * 5000 + "a"
    assert shortcuts._bracket_text(pattern, short, 1) == ("a", 3, True)
    assert asked == []
    assert shortcuts._bracket_text(pattern, full, 1) == (full[1:], len(full), False)
    assert asked == [full]


def test_the_quicker_expressions_find_what_python_markdowns_find() -> None:
    # Same matches, same groups, from any position (a look-behind may look before it).
    rnd = random.Random(9)
    for slow, quick in shortcuts._QUICKER.items():
        slow_re, quick_re = (
            re.compile(slow, re.DOTALL | re.UNICODE),
            re.compile(quick, re.DOTALL | re.UNICODE),
        )
        for _ in range(4000):
            text = "".join(rnd.choice("\\\\`!![[a #(\n") for _ in range(rnd.randint(0, 24)))
            pos = rnd.randint(0, len(text))
            found = [(m.span(), m.groups()) for m in slow_re.finditer(text, pos)]
            assert [(m.span(), m.groups()) for m in quick_re.finditer(text, pos)] == found, (slow, text, pos)


def test_python_markdowns_link_and_code_expressions_are_the_ones_made_quicker() -> None:
    from markdown.inlinepatterns import BACKTICK_RE, NOIMG

    fast, slow = renderers()
    assert set(shortcuts._QUICKER) == {BACKTICK_RE, NOIMG + r"\["}
    for name in ("backtick", "link", "reference", "short_reference"):
        assert (
            fast._md.inlinePatterns[name].compiled_re.pattern
            == shortcuts._QUICKER[slow._md.inlinePatterns[name].compiled_re.pattern]
        )
