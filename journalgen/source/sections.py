"""An entry's HTML cut at its top-level headings, each with what follows it: the answers to the
prompts' questions (site/threads.py). Markdown's own output is read with html.py's quick reading
of plain tags; anything else with Python's HTMLParser, which cuts it the same way."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from journalgen.source.html import PLAIN_TAG, RAW_TEXT, attributes, plain_text


@dataclass(frozen=True)
class Section:
    """A heading at the top level of an entry's HTML, and the HTML under it up to the next one."""

    level: int
    heading: str
    """The heading's words, as plain text."""
    html: str
    """What follows it up to the next top-level heading (or the footnotes, or the end)."""


_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)


class _Outline(HTMLParser):
    """Finds where the top-level headings of an HTML fragment start and end (raw HTML may nest
    headings in other elements: those stay part of the text around them)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.starts = [0]
        for line in html.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.depth = 0
        self.open: tuple[str, int] | None = None
        """The heading being read: its tag and where it starts."""
        self.headings: list[tuple[int, int, int]] = []
        """(level, start, end) of each top-level heading."""
        self.stop: int | None = None
        """Where the footnotes start, if they do."""

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0 and self.stop is None:
            if tag in _HEADING_TAGS:
                self.open = (tag, self._offset())
            elif tag == "div" and ("class", "footnote") in attrs:
                self.stop = self._offset()
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0 and self.open is not None and self.open[0] == tag:
            end = self.html.find(">", self._offset()) + 1
            self.headings.append((_HEADING_TAGS[tag], self.open[1], end))
            self.open = None


Marks = tuple[list[tuple[int, int, int]], int | None]
"""(level, start, end) of each top-level heading, and where the footnotes start (if they do)."""


def _marks_plain(html: str) -> Marks | None:
    """The marks of HTML made of plain tags and text (what Markdown makes), read with PLAIN_TAG; None
    for anything else (comments, raw text elements, a stray `<`), which _Outline reads."""
    depth = 0
    opened: tuple[str, int] | None = None
    headings: list[tuple[int, int, int]] = []
    stop: int | None = None
    at = 0
    for match in PLAIN_TAG.finditer(html):
        if "<" in html[at : match.start()]:
            return None
        at = match.end()
        end, name = match.group(1), match.group(2)
        if end is not None:
            tag = end.lower()
            if tag in _VOID or depth == 0:
                continue
            depth -= 1
            if depth == 0 and opened is not None and opened[0] == tag:
                headings.append((_HEADING_TAGS[tag], opened[1], at))
                opened = None
            continue
        tag = name.lower()
        if tag in RAW_TEXT:
            return None
        if depth == 0 and stop is None:
            if tag in _HEADING_TAGS:
                opened = (tag, match.start())
            elif tag == "div" and ("class", "footnote") in attributes(match.group(3)):
                stop = match.start()
        if tag not in _VOID and not match.group(4):
            depth += 1
    if "<" in html[at:]:
        return None
    return headings, stop


def _marks(html: str) -> Marks:
    found = _marks_plain(html)
    if found is not None:
        return found
    outline = _Outline(html)
    outline.feed(html)
    outline.close()
    return outline.headings, outline.stop


def _stripped(html: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of html[start:end].strip() within html."""
    while start < end and html[start].isspace():
        start += 1
    while end > start and html[end - 1].isspace():
        end -= 1
    return start, end


Span = tuple[int, str, int, int]
"""A top-level heading: its level, its words, and where the HTML under it starts and ends."""


def spans(html: str) -> list[Span]:
    """The top-level headings of an entry's HTML, in order, each with where its HTML lies."""
    marks, stop_at = _marks(html)
    stop = stop_at if stop_at is not None else len(html)
    found = []
    for i, (level, start, end) in enumerate(marks):
        until = marks[i + 1][1] if i + 1 < len(marks) else stop
        inner = html[html.find(">", start) + 1 : html.rfind("<", start, end)]
        found.append((level, plain_text(inner), *_stripped(html, end, until)))
    return found


def sections(html: str) -> list[Section]:
    """The top-level headings of an entry's HTML, in order, each with the HTML under it."""
    return [Section(level, heading, html[start:end]) for level, heading, start, end in spans(html)]


Answer = tuple[str, int, int]
"""A question an entry answers (a heading's words) and where the answer lies in its HTML."""


def answers(html: str) -> tuple[Answer, ...]:
    """The sections that answer a question: a heading of level 2 or deeper with none deeper under
    it and something under it (site/threads.py shows them, question by question)."""
    if "<h" not in html and "<H" not in html:
        return ()
    found = spans(html)
    return tuple(
        (heading, start, end)
        for i, (level, heading, start, end) in enumerate(found)
        if level >= 2 and end > start and (i + 1 == len(found) or found[i + 1][0] <= level)
    )
