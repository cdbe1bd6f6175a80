"""The search index's plain text: the quick reading of Markdown's HTML gives what HTMLParser gives."""

from __future__ import annotations

import random

import pytest

from journalgen.config import load_config
from journalgen.source import html as search
from journalgen.source.entry import load_entry
from journalgen.source.markdown import Renderer
from journalgen.source.reader import title_heading
from tests.conftest import REPO, SAMPLE_ENTRIES


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One &amp; two</p>\n<p>three</p>", "One & two three"),
        ("<p>line<br>break</p>", "line break"),
        ("<p>wo<em>rd</em>s</p>", "words"),
        ("<p>I felt <em>calm</em>, finally.</p>", "I felt calm, finally."),
        (
            '<p>See <a href="x.html">the <strong>walk</strong></a>.</p><ul><li>one</li><li>two</li></ul>',
            "See the walk. one two",
        ),
        ('<li class="task"><label><input checked disabled type="checkbox"> call</label></li>', "call"),
        ('<p><img alt="a" src="b.png">x</p>', "x"),
        ("<p>x<br/>y<span/>z</p>", "x yz"),
        ("<p>&copy &notin; &#39;a&#x41</p>", "© ∉ 'aA"),
        ("<p>a <!-- hidden --> b</p>", "a b"),
        ("<p>1 < 2</p>", "1 < 2"),
        ("<p class='q'>single</p>", "single"),
        ("<script>var a = '<p>';</script><p>b</p>", "var a = '<p>'; b"),
    ],
)
def test_plain_text(html: str, text: str) -> None:
    assert search.plain_text(html) == text
    assert search._parsed(html).text == text


FRAGMENTS = [
    "<p>", "</p>", "<br>", "<br/>", "<br />", '<img src="a.png" alt="x &amp; y">', "<x/>", "<a/b>",
    '<input checked disabled type="checkbox">', '<a href="x">', "</a>", "<P>", "</P>", "<BR>",
    "&amp;", "&lt;", "&", "&#", "&#39;", "&#x41", "&copy", "&notin;", "&amp", ";", " ", "\n", "\t",
    "\x0b", "\u00a0", "é", "word", "<", ">", "<!-- c -->", "<!x>", "<?pi?>", "</>", "< p>", "</a >",
    "<p class='a'>", "<p class=a>", '<a href="x"title="y">', '<span title="a>b">', "<p\n>",
    "<script>", "</script>", "<style>", "<textarea>", '<br\x0bclass="x">', '<td class="align-left">',
    "<em>", "</em>", "</EM>", "<strong>", "</strong>", "<code>", "</code>", "<span>", "</span>",
    '<a href="y.html">', '<img src="b.png" srcset="c.png 2x, d.png 3x">', '<li class="task">',
    '<span style="background: url(e.png)">', '<A HREF="Z.html">', '<video poster="p.png" src="v.mp4">',
]  # fmt: skip


def test_the_quick_reading_matches_htmlparser_on_any_mix() -> None:
    rnd = random.Random(7)
    for _ in range(20000):
        html = "".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(0, 10)))
        assert search.read_html(html) == search._parsed(html), repr(html)  # the words and the links


def test_the_quick_reading_matches_htmlparser_on_the_sample_journal() -> None:
    config = load_config(REPO)
    markdown = Renderer()
    for path in sorted(SAMPLE_ENTRIES.rglob("*.md")):
        entry = load_entry(path.relative_to(SAMPLE_ENTRIES).as_posix(), path.read_bytes(), config)
        html = markdown(entry.body, title_heading(entry)).html
        assert search.read_html(html) == search._parsed(html), path.name
