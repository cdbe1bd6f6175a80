"""Markdown to HTML for one entry: a pure function, cheap to cache and to run in a worker.

Besides Python-Markdown's own work it: hides prompt headings that have no answer under them,
drops HTML comments (prompt hints, private notes) from the page, removes the `# ` heading that
became the title, points relative links to other entries' Markdown files at their pages, and
turns table alignment into classes (the pages' Content-Security-Policy blocks style attributes).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit, urlunsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ("tables", "footnotes", "fenced_code", "attr_list", "sane_lists")
"""The Markdown settings; part of the render cache key."""

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PLACEHOLDER = re.compile("^\x02wzxhzdk:(\\d+)\x03$")
_ALIGN = re.compile(r"^text-align: (left|right|center);$")


class _EntryTree(Treeprocessor):
    drop_title_heading = False

    def run(self, root: ET.Element) -> None:
        children = list(root)
        comments = [c for c in children if self._is_comment(c)]
        for child in comments:
            root.remove(child)
        children = [c for c in children if c not in comments]
        if self.drop_title_heading:
            first = next((c for c in children if c.tag == "h1"), None)
            if first is not None:
                root.remove(first)
                children.remove(first)
        for index, child in enumerate(children):
            level = _HEADINGS.get(child.tag)
            if level is not None and not self._answered(children, index, level):
                root.remove(child)
        for link in root.iter("a"):
            href = link.get("href")
            if href:
                link.set("href", entry_link(href))
        for cell in (*root.iter("th"), *root.iter("td")):
            align = _ALIGN.match(cell.get("style", ""))
            if align:  # the page's Content-Security-Policy blocks style attributes: use a class
                del cell.attrib["style"]
                cell.set("class", f"{cell.get('class', '')} align-{align.group(1)}".strip())

    def _is_comment(self, element: ET.Element) -> bool:
        if element.tag != "p" or len(element) or not element.text:
            return False
        match = _PLACEHOLDER.match(element.text.strip())
        if not match:
            return False
        raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        return isinstance(raw, str) and raw.strip().startswith("<!--") and raw.strip().endswith("-->")

    @staticmethod
    def _answered(children: list[ET.Element], index: int, level: int) -> bool:
        for later in children[index + 1 :]:
            later_level = _HEADINGS.get(later.tag)
            if later_level is None:
                return True
            if later_level <= level:
                return False
        return False


class _EntryExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        self.tree = _EntryTree(md)
        md.treeprocessors.register(self.tree, "journalgen-entry", 1)


def entry_link(href: str) -> str:
    """Point a relative link to another entry's `.md` file at that entry's `.html` page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return href
    stem, suffix = posixpath.splitext(parts.path)
    if suffix.lower() not in (".md", ".markdown"):
        return href
    return urlunsplit(("", "", stem + ".html", parts.query, parts.fragment))


class Renderer:
    """Reusable Markdown converter (building one costs more than converting an entry)."""

    def __init__(self) -> None:
        self._extension = _EntryExtension()
        self._md = markdown.Markdown(extensions=[*EXTENSIONS, self._extension], output_format="html")

    def __call__(self, body: str, drop_title_heading: bool = False) -> str:
        self._extension.tree.drop_title_heading = drop_title_heading
        try:
            return self._md.reset().convert(body)
        finally:
            self._extension.tree.drop_title_heading = False
