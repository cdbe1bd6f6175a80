"""The journal's own inline marks in the Markdown pass: `#tags` and `[[wikilinks]]`; and inline
HTML only for real HTML tags.

Each mark becomes a link only when the journal gave its target for this body (`Links`: a tag's
page, an entry, an image); any other stays the text it was, so nothing written ever disappears.
Neither applies inside code or inside a link. `I felt <numb> today` keeps its word too: only the
tags of HTML are read as HTML, anything else in angle brackets is text. And where a written link
points: another entry's `.md` file is its page, and an address is one a browser can follow.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from urllib.parse import urlunsplit

import markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor

from journalgen.slugs import fold
from journalgen.source.html import url_parts
from journalgen.source.inline import (
    TAG,
    WIKILINK,
    dendron_like,
    tag_name,
    wikilink_label,
    wikilink_other,
    wikilink_other_key,
    wikilink_target,
    wikilink_text,
)
from journalgen.source.scan import MARKDOWN_SUFFIXES

Links = tuple[tuple[str, str], ...]
"""Targets for one body, sorted: (`#` + folded tag, its page) and (`[[` + folded name, the file)."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp")


def tag_key(name: str) -> str:
    return "#" + fold(name)


def link_key(name: str) -> str:
    return "[[" + fold(name)


class _Tag(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, targets: Mapping[str, str]) -> None:
        super().__init__(TAG.pattern)
        self.compiled_re = TAG
        self.targets = targets

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element | None, int | None, int | None]:  # noqa: N802
        href = self.targets.get(tag_key(tag_name(m)))
        if href is None:
            return None, None, None
        link = ET.Element("a", {"class": "tag", "href": href})
        link.text = m.group(0)
        return link, m.start(0), m.end(0)


class _WikiLink(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, targets: Mapping[str, str]) -> None:
        super().__init__(WIKILINK.pattern)
        self.compiled_re = WIKILINK
        self.targets = targets

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element | None, int | None, int | None]:  # noqa: N802
        name = wikilink_target(m.group(2))[0]
        shown = wikilink_text(m)
        href = self.targets.get(link_key(name)) if name else None
        other = wikilink_other(m) if name and href is None and not m.group(1) else None
        if other is not None:  # Dendron's `[[label|note.name]]`, when the label names nothing
            href = self.targets.get(link_key(wikilink_other_key(name, other)))
            shown = wikilink_label(m) if href is not None or dendron_like(m) else shown
        if href is None and name:
            element = ET.Element("span", {"class": "wikilink-missing"})
            element.text = shown
            return element, m.start(0), m.end(0)
        if href is None:
            return None, None, None
        if m.group(1) and posixpath.splitext(href)[1].lower() in IMAGE_SUFFIXES:
            element = ET.Element("img", {"src": href, "alt": shown})
            return element, m.start(0), m.end(0)
        element = ET.Element("a", {"class": "wikilink", "href": href})
        element.text = shown
        return element, m.start(0), m.end(0)


HTML_ELEMENTS = frozenset(
    (
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
        "big", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
        "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em",
        "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd",
        "label", "legend", "li", "link", "main", "map", "mark", "math", "menu", "meta", "meter", "nav",
        "nobr", "noscript", "object", "ol", "optgroup", "option", "output", "p", "picture", "pre",
        "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select", "slot",
        "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track",
        "tt", "u", "ul", "var", "video", "wbr",
    )
)  # fmt: skip
"""The elements of HTML (and the roots of SVG and MathML): only their tags are read as HTML."""
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")


class _KnownHtml(HtmlInlineProcessor):
    """Inline HTML, for tags of HTML only: `<numb>` or `<my sister>` stay words."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # noqa: N802
        name = _TAG_NAME.match(m.group(1))
        if name is not None and name.group(1).lower() not in HTML_ELEMENTS:
            return None, None, None
        return super().handleMatch(m, data)


def register(md: markdown.Markdown, targets: Mapping[str, str]) -> None:
    """Add both marks (and the stricter inline HTML) to a Markdown instance; `targets` is read on
    each conversion."""
    md.inlinePatterns.register(_WikiLink(targets), "journalgen-wikilink", 175)
    md.inlinePatterns.register(_Tag(targets), "journalgen-tag", 75)
    md.inlinePatterns.register(_KnownHtml(HTML_RE, md), "html", 90)


_NOT_IN_URLS = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]|%(?![0-9A-Fa-f]{2})')


def addressable(href: str) -> str:
    """A link as a browser can follow it: what may not stand in an address (a space, `{`, `|`, a
    lone `%`...: another tool's template, a name typed as it is) written as `%XX`."""
    return _NOT_IN_URLS.sub(lambda m: f"%{ord(m.group()):02X}", href)


def entry_link(href: str) -> str:
    """Point a relative link to another entry's `.md` file at that entry's `.html` page."""
    parts = url_parts(href)
    if parts is None:
        return href
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return href
    stem, suffix = posixpath.splitext(parts.path)
    if suffix.lower() not in MARKDOWN_SUFFIXES:
        return href
    return urlunsplit(("", "", stem + ".html", parts.query, parts.fragment))
