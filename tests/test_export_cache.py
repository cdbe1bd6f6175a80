"""`export` reads the entries and their converted bodies from the build's cache: the same file as
an export without any cache, converting only what changed since the last build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MakeJournal, copy_sample, entry
from helpers import Conversions
from hypothesis import given, settings
from hypothesis import strategies as st

from journalgen.build import build
from journalgen.config import load_config
from journalgen.export import _BodyRewriter, export
from journalgen.selection import Selection

LINKED = {
    "2026/2026-11-20-linked.md": entry(
        "date: 2026-11-20\nkind: session\ntags: [family]",
        "With #family and [[Safety plan]], <span id=x>raw</span> &amp; an [anchor](#x).\n",
    ),
    "2026/2026-11-21-draft.md": entry("date: 2026-11-21\ndraft: true", "A draft, never exported.\n"),
}


def exported(root: Path, name: str) -> bytes:
    target = root.parent / name
    export(load_config(root), Selection(), target)
    return target.read_bytes()


@pytest.fixture
def journal(tmp_path: Path, make_journal: MakeJournal) -> Path:
    root = copy_sample(tmp_path / "journal")
    for rel, text in LINKED.items():
        (root / "entries" / rel).write_text(text, encoding="utf-8")
    return root


def test_an_export_after_a_build_converts_nothing_and_is_the_same(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without = exported(journal, "without-cache.html")
    shutil.rmtree(journal / ".journalgen-cache")
    build(load_config(journal))
    conversions = Conversions(monkeypatch)
    assert exported(journal, "from-cache.html") == without
    assert conversions.count == 0


def test_an_entry_edited_since_the_build_is_exported_as_it_is_now(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(load_config(journal))
    path = journal / "entries/2026/2026-11-20-linked.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nWritten after the build.\n", encoding="utf-8")
    conversions = Conversions(monkeypatch)
    from_cache = exported(journal, "from-cache.html")
    assert conversions.count == 1
    assert b"Written after the build." in from_cache
    shutil.rmtree(journal / ".journalgen-cache")
    assert exported(journal, "without-cache.html") == from_cache


TOKENS = st.sampled_from(
    [
        "<p>", "</p>", "<h1>", "</h1>", "<h3 id=\"q\">", "</h3>", "<em>", "</em>", "<br />", "<hr>",
        '<a href="#fn:1">', '<a href="2026-11-20-linked.md#x">', '<a href="https://example.org/?a=1&amp;b=2">',
        '<a href="x.md" title="T &quot;q&quot;">', "</a>", '<img src="sketch.png" alt="a &amp; b" />',
        '<img src="https://example.org/x.png">', '<span id="x" class="c">', "</span>", "<input disabled>",
        '<li class="task">', "</li>", "<A HREF=\"#X\">", "<sup id=\"fnref:1\">", "</sup>",
        '<td class="align-left">',
        "words", " and ", "&amp;", "&lt;", "&#39;", "&#x27;", "&nbsp;", "&", "&copy", "AT&T", "&foo bar",
        "<", ">", "<!-- a comment -->", "<script>x()</script>", "<style>p{}</style>", "<![CDATA[x]]>",
        "<p onclick=\"x\">", "<a href=x>", "</A >", "\n", '<img src="" alt>', "<textarea>t</textarea>",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=14))
def test_rewriting_plain_html_fast_gives_what_the_html_parser_gives(tokens: list[str]) -> None:
    html = "".join(tokens)

    def link(href: str) -> str | None:
        return "#entry-2" if href.startswith("2026") else (href if href.startswith("https") else None)

    def image(src: str) -> str | None:
        return "data:image/png;base64,AA==" if src == "sketch.png" else None

    fast = _BodyRewriter("entry-1", link, image)
    slow = _BodyRewriter("entry-1", link, image)
    slow.plain_tags = False
    assert fast.rewrite(html) == slow.rewrite(html)


def test_html_as_markdown_makes_it_is_rewritten_without_the_html_parser() -> None:
    html = '<h2 id="a">Title</h2>\n<p>Words &amp; <a href="https://example.org/?a=1&amp;b=2">a link</a>.</p>'
    rewriter = _BodyRewriter("entry-1", lambda href: href, lambda src: None)
    assert rewriter._rewrite_plain(html) == html.replace("h2", "h3").replace('id="a"', 'id="entry-1-a"')
    assert rewriter._rewrite_plain("<p>AT&T</p>") is None
