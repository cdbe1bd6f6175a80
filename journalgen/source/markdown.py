"""Markdown to HTML for one entry, in one pass: a pure function, cheap to cache and to run in a worker.

Besides Python-Markdown's own work it: reads the block structure the way CommonMark does
(source/blocks.py), links `#tags` and `[[wikilinks]]` (source/marks.py), hides the questions of the
journal's prompt templates that have no answer under them (and no other heading: every line the
person wrote stays), drops HTML comments (prompt hints, private notes) from the page, removes the
`# ` heading that became the title, points relative links to other entries' Markdown files at
their pages, and turns task-list items (`- [ ] call my sister`, `- [x] ...`) into labelled,
disabled checkboxes. The result, `Rendered`, also holds the page's plain text, its steps, links and
headings, so nothing after this pass reads the HTML again.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from journalgen.model import Step
from journalgen.source import shortcuts
from journalgen.source.blocks import BlockShape
from journalgen.source.html import Reference
from journalgen.source.marks import Links, addressable, entry_link, register
from journalgen.source.processors import (
    AtxHeadings,
    HtmlBlocks,
    SetextHeadings,
    StrictAttributes,
    Tables,
    Whitespace,
    keep_order,
    only_with,
    plain_paragraphs,
)
from journalgen.source.questions import Questions
from journalgen.source.sanitise import Found, sanitised
from journalgen.source.sections import Answer, answers

EXTENSIONS = ("tables", "footnotes", "attr_list", "sane_lists")
"""The Markdown settings; part of the render cache key."""

QUICK_BLOCKS = {
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),  # a line under the text
    "hr": ("-", "*", "_"),  # three of one of them
    "quote": (">",),
    "footnote": ("[^",),
    "reference": ("]:",),
}
"""Block processors tried only on blocks that hold one of these marks (processors.only_with)."""

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PLACEHOLDER = re.compile("^\x02wzxhzdk:(\\d+)\x03$")
_ANY_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_ALIGN = re.compile(r"^text-align:\s*(left|right|center);?$")
_TASK = re.compile(r"^\s*\[([ xX])\][ \t]+(?=\S)")


@dataclass(frozen=True)
class Rendered:
    """An entry body converted: its HTML and what the page shows of it."""

    html: str
    text: str = ""
    """The words of the page, for search."""
    steps: tuple[Step, ...] = ()
    """The task-list items, in order."""
    links: tuple[Reference, ...] = ()
    """Every link and loaded URL, as written in the entry (before `.md` became `.html`)."""
    headings: tuple[tuple[int, str], ...] = ()
    """(level, text) of each heading shown on the page, in order."""
    neutralised: Found = ()
    """What source.sanitise did to raw HTML that could navigate, call out or run by itself."""
    answered: tuple[Answer, ...] = ()
    """The questions it answers, each with where its answer lies in `html` (sections.answers)."""

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions it answers, in order."""
        return tuple(question for question, _, _ in self.answered)

    def answer(self, question: str) -> str:
        """Its answer to one of its questions, as HTML."""
        return next(self.html[start:end] for asked, start, end in self.answered if asked == question)


class _EntryTree(Treeprocessor):
    def __init__(self, md: markdown.Markdown, questions: Questions) -> None:
        super().__init__(md)
        self.questions = questions
        self.title: str | None = None
        """The entry's title when it came from the body's first `# ` heading (which is then left out)."""
        self.steps: list[Step] = []
        self.renamed: dict[str, str] = {}
        self.headings: list[tuple[int, str]] = []

    def run(self, root: ET.Element) -> None:
        self.steps = []
        self.renamed = {}
        self.headings = []
        for parent in [root, *(e for e in root.iter() if e.tag in ("li", "blockquote"))]:
            for child in [c for c in parent if self._is_comment(c)]:
                parent.remove(child)
        children = list(root)
        if self.title is not None:
            first = next((c for c in children if c.tag == "h1"), None)
            if first is not None and _words(self._plain(first)) == _words(self.title):
                root.remove(first)
                children.remove(first)
        for index, child in enumerate(children):
            level = _HEADINGS.get(child.tag)
            if level is not None:
                if self._answered(children, index, level):
                    self.headings.append((level, self._plain(child)))
                else:
                    root.remove(child)
        for link in root.iter("a"):
            href = link.get("href")
            if href:
                page = addressable(entry_link(href))
                if page != href:
                    link.set("href", page)
                    self.renamed.setdefault(page, href)
        for image in root.iter("img"):
            src = image.get("src")
            if src and (shown := addressable(src)) != src:
                image.set("src", shown)
                self.renamed.setdefault(shown, src)
        for item_list in [e for e in root.iter() if e.tag in ("ul", "ol")]:
            self._tasks(item_list)
        for cell in root.iter():
            # Table alignment as a class: the pages' Content-Security-Policy blocks style="".
            align = _ALIGN.match(cell.get("style", "")) if cell.tag in ("th", "td") else None
            if align:
                del cell.attrib["style"]
                cell.set("class", f"align-{align.group(1)}")

    def _tasks(self, item_list: ET.Element) -> None:
        """Turn `[ ] text` items into a checkbox labelled by the text, and note each step."""
        found = False
        for item in item_list.findall("li"):
            holder = item
            if not (item.text or "").strip() and len(item) and item[0].tag == "p":
                holder = item[0]  # a loose list: the text sits in a paragraph
            match = _TASK.match(holder.text or "")
            if not match:
                continue
            found = True
            done = match.group(1) != " "
            label = ET.Element("label")
            box = ET.SubElement(label, "input", {"type": "checkbox", "disabled": "disabled"})
            if done:
                box.set("checked", "checked")
            box.tail = " " + holder.text[match.end() :]
            holder.text = None
            for child in list(holder):
                if child.tag in ("ul", "ol", "p", "div", "blockquote", "pre", "table"):
                    break
                holder.remove(child)
                label.append(child)
            holder.insert(0, label)
            item.set("class", "task")
            self.steps.append(Step(self._plain(label), done))
        if found:
            item_list.set("class", "tasks")

    def _is_comment(self, element: ET.Element) -> bool:
        if element.tag != "p" or len(element) or not element.text:
            return False
        match = _PLACEHOLDER.match(element.text.strip())
        if not match:
            return False
        raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        return isinstance(raw, str) and raw.strip().startswith("<!--") and raw.strip().endswith("-->")

    def _plain(self, element: ET.Element) -> str:
        """The readable text of an element: stashed inline HTML stripped, entities resolved."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def unstash(match: re.Match[str]) -> str:
            raw = stash[int(match.group(1))]
            return re.sub(r"<[^>]*>", "", raw) if isinstance(raw, str) else ""

        text = _ANY_PLACEHOLDER.sub(unstash, "".join(element.itertext()))
        return " ".join(html.unescape(text.replace(AMP_SUBSTITUTE, "&")).split())

    def _answered(self, children: list[ET.Element], index: int, level: int) -> bool:
        """Shown unless it is a question of a prompt template with nothing under it but other
        such questions (their hint comments are already gone)."""
        if self._plain(children[index]) not in self.questions:
            return True
        for later in children[index + 1 :]:
            later_level = _HEADINGS.get(later.tag)
            if later_level is None or self._plain(later) not in self.questions:
                return True
            if later_level <= level:
                return False
        return False


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


class _EntryExtension(Extension):
    def __init__(self, questions: Questions) -> None:
        super().__init__()
        self.questions = questions
        self.targets: dict[str, str] = {}
        """The link targets of the body being converted (marks.Links)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        self.tree = _EntryTree(md, self.questions)
        md.treeprocessors.register(self.tree, "journalgen-entry", 1)
        md.preprocessors.register(BlockShape(md), "journalgen-blocks", 25)
        if type(md.preprocessors["normalize_whitespace"]) is NormalizeWhitespace:
            md.preprocessors.register(Whitespace(md), "normalize_whitespace", 30)
        if type(md.preprocessors["html_block"]) is HtmlBlockPreprocessor:
            md.preprocessors.register(HtmlBlocks(md), "html_block", 20)
        md.parser.blockprocessors.register(AtxHeadings(md.parser), "hashheader", 70)
        md.parser.blockprocessors.register(SetextHeadings(md.parser), "setextheader", 60)
        md.treeprocessors.register(StrictAttributes(md), "attr_list", 8)
        tables = md.parser.blockprocessors["table"]  # the tables extension's, for its settings
        md.parser.blockprocessors.register(Tables(md.parser, tables.config), "table", 75)
        for name, marks in QUICK_BLOCKS.items():
            only_with(md.parser.blockprocessors[name], *marks)
        register(md, self.targets)
        shortcuts.install(md)


class Renderer:
    """Reusable Markdown converter (building one costs more than converting an entry), for one
    journal's prompt questions."""

    def __init__(self, questions: Questions | None = None) -> None:
        self.questions = questions if questions is not None else Questions()
        self._extension = _EntryExtension(self.questions)
        # Built-in extensions as instances: by name, Python-Markdown first looks through the entry
        # points of every installed package (tens of milliseconds in each process).
        builtin = [
            importlib.import_module(f"markdown.extensions.{name}").makeExtension() for name in EXTENSIONS
        ]
        self._md = markdown.Markdown(extensions=[*builtin, self._extension], output_format="html")
        keep_order(self._md)
        shortcuts.quick_block_level(self._md)
        plain_paragraphs(self._md)

    def __call__(self, body: str, title: str | None = None, links: Links = ()) -> Rendered:
        """Convert a body; `title`: the title taken from its first `# ` heading (left out of the
        page); `links`: where its `#tags` and `[[wikilinks]]` point."""
        tree, targets = self._extension.tree, self._extension.targets
        tree.title = title
        targets.update(links)
        try:
            html_text, neutralised, facts = sanitised(self._md.reset().convert(body))
            renamed = tree.renamed
            tag_pages = {href for key, href in links if key.startswith("#")}  # pages of the site
            found = tuple(
                ref._replace(url=renamed[ref.url]) if ref.url in renamed else ref
                for ref in facts.references
                if ref.loaded or ref.url not in tag_pages
            )
            return Rendered(
                html_text,
                facts.text,
                tuple(tree.steps),
                found,
                tuple(tree.headings),
                neutralised,
                answers(html_text),
            )
        finally:
            tree.title = None
            tree.steps = []
            tree.renamed = {}
            tree.headings = []
            targets.clear()


def body_key(body: str, title: str | None, questions: Questions) -> str:
    """What a body's HTML is cached under: a digest of exactly what Renderer() is given (but for
    its links: see linked_key)."""
    digest = hashlib.blake2b(body.encode("utf-8"), digest_size=16, person=b"jg-body")
    digest.update(b"\0" + (b"" if title is None else b"1" + title.encode("utf-8")))
    digest.update(b"\0" + questions.key.encode())
    return digest.hexdigest()


def linked_key(key: str, links: Links) -> str:
    """The key of a body converted with these links: its body_key when it links nothing."""
    if not links:
        return key
    digest = hashlib.blake2b(key.encode(), digest_size=16, person=b"jg-links")
    digest.update(repr(links).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
