"""The journal's own inline marks in the Markdown pass: `#tags` and `[[wikilinks]]`.

Each becomes a link only when the journal gave its target for this body (`Links`: a tag's page, an
entry, an image); any other stays the text it was, so nothing written ever disappears. Neither
applies inside code or inside a link.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

import markdown
from markdown.inlinepatterns import InlineProcessor

from journalgen.slugs import fold
from journalgen.source.inline import TAG, WIKILINK, tag_name, wikilink_target, wikilink_text

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


def register(md: markdown.Markdown, targets: Mapping[str, str]) -> None:
    """Add both marks to a Markdown instance; `targets` is read on each conversion."""
    md.inlinePatterns.register(_WikiLink(targets), "journalgen-wikilink", 175)
    md.inlinePatterns.register(_Tag(targets), "journalgen-tag", 75)
