"""Read the HTML an entry becomes: its words (for search) and every URL in it (for check), in one
pass. With sections.py (its headings and what follows each) and rewriter.py (the HTML written
again tag by tag), the only code that walks an entry's HTML.

HTML made of nothing but text and plain tags (what Markdown makes) is read with one regular
expression; anything else (comments, raw HTML with odd quoting, script or style, a stray `<`) goes
to Python's HTMLParser, which reads it exactly the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import SplitResult, urlsplit


def url_parts(href: str) -> SplitResult | None:
    """urlsplit(href), or None for a URL it cannot read (`http://[not-an-address]/`)."""
    try:
        return urlsplit(href)
    except ValueError:
        return None


class Reference(NamedTuple):
    """A URL in an entry: followed when clicked (a link) or loaded when the page opens."""

    url: str
    loaded: bool
    what: str


# Attributes that make a browser load something when the page opens (links are `a href`).
_LOADED: dict[str, tuple[str, ...]] = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
_WHAT = {
    "img": "image",
    "source": "media file",
    "video": "video",
    "audio": "audio file",
    "script": "script",
    "link": "linked file",
    "iframe": "embedded page",
    "frame": "embedded page",
    "style": "file named in a style",
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def _references(tag: str, attrs: Iterable[tuple[str, str | None]], found: list[Reference]) -> None:
    """Add the URLs one start tag links to or loads."""
    what = _WHAT.get(tag, "embedded file")
    for name, value in attrs:
        if not value:
            continue
        if tag in ("a", "area") and name == "href":
            found.append(Reference(value.strip(), False, "link"))
        elif name in _LOADED.get(tag, ()) or name == "background":
            urls = (
                [c.strip().split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
            )
            found.extend(Reference(url.strip(), True, what) for url in urls)
        elif name == "style":
            _css(value, found)


def _css(css: str, found: list[Reference]) -> None:
    for match in _CSS_URL.finditer(css):
        found.append(Reference(match.group(1) or match.group(2), True, _WHAT["style"]))


@dataclass(frozen=True)
class HtmlFacts:
    """What one pass over an entry's HTML finds."""

    text: str
    """The visible words, whitespace collapsed (block and inline ends alike become spaces)."""
    references: tuple[Reference, ...]
    """Every link and loaded URL, in order (comments are not part of the page)."""


class _Reader(HTMLParser):
    """Collects the visible text and the references of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.found: list[Reference] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _INLINE:
            self.parts.append(" ")
        _references(tag, attrs, self.found)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self.parts.append(" ")
        self._in_style = False

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._in_style:
            _css(data, self.found)


PLAIN_TAG = re.compile(
    r"<(?:/([a-zA-Z][-.a-zA-Z0-9:_]*)"
    r"|([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"<>]*\")?)*)[ \t\n\r\f]*(/?))>"
)
"""A plain tag as Python-Markdown writes them: an end tag, or a start tag with double-quoted
attribute values, no `<` or `>` inside them; group 1 is an end tag's name, 2 a start tag's name,
3 its attributes, 4 its `/`."""
ATTRIBUTE = re.compile(r"[ \t\n\r\f]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"<>]*)\")?")
"""One attribute of a plain tag's (PLAIN_TAG group 3): its name, and its value (None: no value)."""

_INLINE = frozenset(
    (
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
        "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
        "time", "tt", "u", "var", "wbr",
    )
)  # fmt: skip
"""Elements inside a line of text: their tags part no words (`I felt *calm*, finally.`). Every
other tag (a paragraph, a list item, a line break, an image) stands between words."""
RAW_TEXT = frozenset(
    ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")
)
"""Elements whose content some Python version's HTMLParser reads as raw text: left to it."""


def read_html(html: str) -> HtmlFacts:
    """The words and references of an HTML fragment, in one pass."""
    return read_plain(html) or _parsed(html)


TagCheck = Callable[[str, list[tuple[str, str]]], bool]
"""Whether a tag may stay as it is: its name (lower-cased) and its attributes (`attributes()`;
none for an end tag)."""


def read_plain(html: str, kept: TagCheck | None = None) -> HtmlFacts | None:
    """read_html() of HTML made of text and plain tags (PLAIN_TAG) only, each of which `kept`
    keeps; None for any other HTML (then read by HTMLParser, or first made safe: sanitise.py).

    Column by column rather than tag by tag (what Markdown makes is mostly `<p>`, `<li>` and
    `<em>`): the texts between the tags, the names, the attributes."""
    parts = PLAIN_TAG.split(html)
    texts, ends, starts, written = parts[0::5], parts[1::5], parts[2::5], parts[3::5]
    if html.count("<") != len(ends):
        return None  # a `<` that starts no plain tag
    names = [(end or start).lower() for end, start in zip(ends, starts, strict=True)]
    if not RAW_TEXT.isdisjoint(name for name, start in zip(names, starts, strict=True) if start):
        return None
    if kept is not None:
        bare = {name for name, attrs in zip(names, written, strict=True) if not attrs}  # end tags too
        if not all(kept(name, []) for name in bare):
            return None
    found: list[Reference] = []
    for i, attrs in enumerate(written):
        if attrs:
            ok, references = _tag(names[i], attrs, kept)
            if not ok:
                return None
            found += references
    if "&" in html:
        texts = [unescape(text) if "&" in text else text for text in texts]
    out = [""] * (2 * len(names) + 1)
    out[0::2] = texts
    out[1::2] = ["" if name in _INLINE else " " for name in names]
    return HtmlFacts(" ".join("".join(out).split()), tuple(found))


@functools.lru_cache(maxsize=4096)
def _tag(name: str, attrs: str, kept: TagCheck | None) -> tuple[bool, tuple[Reference, ...]]:
    """Whether `kept` keeps a start tag with these attributes (as written), and what it links to
    or loads: the same few tags again and again (`<li class="task">`), so kept once worked out."""
    listed = attributes(attrs)
    if kept is not None and not kept(name, listed):
        return False, ()
    found: list[Reference] = []
    _references(name, listed, found)
    return True, tuple(found)


def attributes(text: str) -> list[tuple[str, str]]:
    """Attributes as HTMLParser gives them: names lower-cased, values unescaped."""
    return [
        (name.lower(), unescape(value) if "&" in value else value) for name, value in ATTRIBUTE.findall(text)
    ]


def _parsed(html: str) -> HtmlFacts:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return HtmlFacts(" ".join("".join(reader.parts).split()), tuple(reader.found))


def plain_text(html: str) -> str:
    """The words of an HTML fragment, whitespace collapsed."""
    return read_html(html).text
