"""Markdown's block structure as CommonMark reads it: lists, list items, ATX and setext headings,
fenced code. Each case follows an example of the CommonMark spec (0.31.2, its number given) and
compares the structure of the page: elements, their nesting and their words. The cases marked
None are the issue's own (nesting by four spaces, an empty item after an item).

Whether a list is "tight" or "loose" (`<li>text</li>` or `<li><p>text</p></li>`) is not
compared: Python-Markdown decides it per item rather than per list, and it changes no word or
nesting. Spec examples left out, and why:
- 93, 266, 272-276, 280, 302: indented code right after a list marker, blank lines kept inside
  code in an item, a setext heading inside an item, a lazy `===` in a quote: Python-Markdown
  reads them differently, and no word is lost either way.
- 268, 270: ten-digit and zero-padded list numbers (`003.`) are read as lists by Python-Markdown.
- 314, 315, 319: items indented four or more spaces past their list's own indentation, and a link
  reference definition inside an item.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from journalgen.source.markdown import Renderer

CASES = [
    # --- Lists and list items ---------------------------------------------------------------------
    (305, "Steps:\n- call my sister\n- walk\n", "<p>Steps:</p><ul><li>call my sister</li><li>walk</li></ul>"),
    (304, "1. one\n2. two\n3) three\n", "<ol><li>one</li><li>two</li></ol><ol><li>three</li></ol>"),
    (303, "- a\n- b\n+ c\n", "<ul><li>a</li><li>b</li></ul><ul><li>c</li></ul>"),
    (306, "The year\n1986. What a year.\n", "<p>The year 1986. What a year.</p>"),
    (307, "Things\n1. first\n2. second\n", "<p>Things</p><ol><li>first</li><li>second</li></ol>"),
    (283, "- done\n-\n- more\n", "<ul><li>done</li><li></li><li>more</li></ul>"),
    (316, "- a\n\n- b\n\n\n- c\n", "<ul><li>a</li><li>b</li><li>c</li></ul>"),
    (309, "- a\n  - b\n    - c\n- d\n",
     "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"),
    (None, "- a\n    - b\n        - c\n- d\n",
     "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"),
    (298, "1. a\n   - b\n   - c\n2. d\n", "<ol><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ol>"),
    (299, "10) foo\n   - bar\n", "<ol><li>foo</li></ol><ul><li>bar</li></ul>"),
    (300, "- - foo\n", "<ul><li><ul><li>foo</li></ul></li></ul>"),
    (256, "1.  A paragraph\n    with two lines.\n\n        code\n\n    > quote\n",
     "<ol><li><p>A paragraph with two lines.</p><pre><code>code</code></pre>"
     "<blockquote><p>quote</p></blockquote></li></ol>"),
    (257, "- one\n\n two\n", "<ul><li>one</li></ul><p>two</p>"),
    (259, " -    one\n\n     two\n", "<ul><li>one</li></ul><pre><code>two</code></pre>"),
    (260, " -    one\n\n      two\n", "<ul><li><p>one</p><p>two</p></li></ul>"),
    (261, "   > > 1.  one\n>>\n>>     two\n",
     "<blockquote><blockquote><ol><li><p>one</p><p>two</p></li></ol></blockquote></blockquote>"),
    (264, "- foo\n\n\n  bar\n", "<ul><li><p>foo</p><p>bar</p></li></ul>"),
    (265, "1.  foo\n\n    ```\n    bar\n    ```\n\n    baz\n\n    > bam\n",
     "<ol><li><p>foo</p><pre><code>bar</code></pre><p>baz</p><blockquote><p>bam</p></blockquote></li></ol>"),
    (280, "-\n  foo\n-\n  ```\n  bar\n  ```\n", "<ul><li>foo</li><li><pre><code>bar</code></pre></li></ul>"),
    (287, "foo\n*\n\nfoo\n1.\n", "<p>foo *</p><p>foo 1.</p>"),
    (292, "1.  A paragraph\nwith two lines.\n", "<ol><li>A paragraph with two lines.</li></ol>"),
    (318, "- a\n- b\n\n  c\n- d\n", "<ul><li>a</li><li><p>b</p><p>c</p></li><li>d</li></ul>"),
    (320, "- a\n- ```\n  b\n\n\n  ```\n- c\n",
     "<ul><li>a</li><li><pre><code>b</code></pre></li><li>c</li></ul>"),
    (321, "- a\n  - b\n\n    c\n- d\n", "<ul><li>a<ul><li><p>b</p><p>c</p></li></ul></li><li>d</li></ul>"),
    (322, "* a\n  > b\n  >\n* c\n", "<ul><li>a<blockquote><p>b</p></blockquote></li><li>c</li></ul>"),
    (323, "- a\n  > b\n  ```\n  c\n  ```\n- d\n",
     "<ul><li>a<blockquote><p>b</p></blockquote><pre><code>c</code></pre></li><li>d</li></ul>"),
    (326, "1. ```\n   foo\n   ```\n\n   bar\n", "<ol><li><pre><code>foo</code></pre><p>bar</p></li></ol>"),
    # --- ATX headings -----------------------------------------------------------------------------
    (62, "# one\n## two\n###### six\n", "<h1>one</h1><h2>two</h2><h6>six</h6>"),
    (64, "#5 bolts\n\n#journal #sleep\n", "<p>#5 bolts</p><p>#journal #sleep</p>"),
    (68, " ### three\n  ## two\n   # one\n", "<h3>three</h3><h2>two</h2><h1>one</h1>"),
    (71, "## two ##\n  ###   three    ###\n", "<h2>two</h2><h3>three</h3>"),
    (75, "# C#\n", "<h1>C#</h1>"),
    (77, "****\n## heading\n****\n", "<hr><h2>heading</h2><hr>"),
    (78, "Words\n# heading\nmore words\n", "<p>Words</p><h1>heading</h1><p>more words</p>"),
    (79, "## \n#\n### ###\n", "<h2></h2><h1></h1><h3></h3>"),
    # --- Setext headings --------------------------------------------------------------------------
    (80, "Foo *bar*\n=========\n\nFoo *bar*\n---------\n",
     "<h1>Foo <em>bar</em></h1><h2>Foo <em>bar</em></h2>"),
    (81, "Foo *bar\nbaz*\n====\n", "<h1>Foo <em>bar baz</em></h1>"),
    (84, "   Foo\n---\n\n  Foo\n-----\n\n  Foo\n  ===\n", "<h2>Foo</h2><h2>Foo</h2><h1>Foo</h1>"),
    (95, "Foo\nBar\n---\n", "<h2>Foo Bar</h2>"),
    (96, "---\nFoo\n---\nBar\n---\nBaz\n", "<hr><h2>Foo</h2><h2>Bar</h2><p>Baz</p>"),
    (98, "---\n---\n", "<hr><hr>"),
    (99, "- foo\n-----\n", "<ul><li>foo</li></ul><hr>"),
    (101, "> foo\n-----\n", "<blockquote><p>foo</p></blockquote><hr>"),
    (None, "Things I did today:\n\n- called my sister\n- \n",
     "<p>Things I did today:</p><ul><li>called my sister</li><li></li></ul>"),
    # --- Fenced code blocks -----------------------------------------------------------------------
    (119, "```\n<\n >\n```\n", "<pre><code>&lt; &gt;</code></pre>"),
    (121, "``\nfoo\n``\n", "<p><code>foo</code></p>"),
    (122, "```\naaa\n~~~\n```\n", "<pre><code>aaa ~~~</code></pre>"),
    (124, "````\naaa\n```\n``````\n", "<pre><code>aaa ```</code></pre>"),
    (126, "```\n", "<pre><code></code></pre>"),
    (127, "`````\n\n```\naaa\n", "<pre><code>``` aaa</code></pre>"),
    (128, "> ```\n> aaa\n\nbbb\n", "<blockquote><pre><code>aaa</code></pre></blockquote><p>bbb</p>"),
    (131, " ```\n aaa\naaa\n```\n", "<pre><code>aaa aaa</code></pre>"),
    (137, "```\naaa\n    ```\n", "<pre><code>aaa ```</code></pre>"),
    (140, "foo\n```\nbar\n```\nbaz\n", "<p>foo</p><pre><code>bar</code></pre><p>baz</p>"),
    (143,
     "```ruby startline=3\ndef foo(x)\n```\n", '<pre><code class="language-ruby">def foo(x)</code></pre>'),
    (147, "```\n``` aaa\n```\n", "<pre><code>``` aaa</code></pre>"),
]  # fmt: skip


def structure(html: str, loose: bool = True) -> list[object]:
    """Elements (with a code block's language) and their words, whitespace collapsed; a `<p>`
    that only wraps an item's text counts as that text."""

    def walk(node: Tag) -> list[object]:
        out: list[object] = []
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                words = " ".join(str(child).split())
                if words:
                    if out and isinstance(out[-1], str):
                        out[-1] += " " + words
                    else:
                        out.append(words)
                continue
            assert isinstance(child, Tag)
            inner = walk(child)
            if loose and child.name == "p" and node.name == "li":
                out.extend(inner)
                continue
            language = child.get("class") if child.name == "code" and node.name == "pre" else None
            out.append((child.name, tuple(language or ()), tuple(inner)))
        return out

    return walk(BeautifulSoup(html, "html.parser"))


@pytest.fixture(scope="module")
def render() -> Renderer:
    return Renderer()


@pytest.mark.parametrize(("number", "markdown", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_commonmark_example(render: Renderer, number: int | None, markdown: str, expected: str) -> None:
    assert structure(render(markdown).html) == structure(expected)
