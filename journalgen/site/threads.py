"""The Threads page: for each question the prompt templates ask, every answer given, session by
session, each linked to its entry.

A question is a heading the templates write: a heading (level 2 or deeper) of an intention,
session or follow-up with no deeper heading under it, its answer the text up to the next heading.
Headings are matched by their words, so a renamed question starts a thread of its own.

The page shows the entries' bodies, so it is one of the body pages (site/plan.py): its context
holds each entry's HTML as the build has it (looked up only when the page is rendered), and the
answers are cut out of it while rendering.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from journalgen.site.page import Body, Page, Site
from journalgen.site.render import relative_url
from journalgen.site.views import EntryView
from journalgen.slugs import slug_map
from journalgen.source.html import Rewriter, tag_text, url_parts
from journalgen.source.sections import Section, sections

PATH = "threads.html"
GROUPS = {"intention": "Before a session", "session": "The session", "follow-up": "After a session"}
"""The kinds of entry whose headings are questions, in the order of a session's arc."""


@dataclass(frozen=True)
class Answer:
    entry: EntryView
    label: str
    """Which entry it is, the way the journal says it: "Session #3", "+3 days after session #2"."""
    html: Markup


@dataclass(frozen=True)
class Thread:
    id: str
    question: str
    answers: list[Answer]


@dataclass(frozen=True)
class ThreadGroup:
    kind: str
    label: str
    threads: list[Thread]


@dataclass(frozen=True)
class Written:
    """An entry whose answers the page may show, with its HTML (a str, or the build's stand-in)."""

    entry: EntryView
    html: Any


def _questions(found: list[Section]) -> list[Section]:
    """The sections that answer a question: a heading of level 2 or deeper with none deeper under it."""
    return [
        section
        for i, section in enumerate(found)
        if section.level >= 2
        and section.html
        and (i + 1 == len(found) or found[i + 1].level <= section.level)
    ]


def _order(asked: list[list[str]]) -> list[str]:
    """One order for the questions of several entries, keeping the order of each entry (a
    question one entry skipped still falls between its neighbours of another); where entries
    disagree, or nothing says, the question asked first comes first."""
    first: dict[str, int] = {}
    before: dict[str, set[str]] = {}
    for questions in asked:
        for i, question in enumerate(questions):
            first.setdefault(question, len(first))
            before.setdefault(question, set())
            if i:
                before[question].add(questions[i - 1])
    order: list[str] = []
    left = sorted(first, key=first.__getitem__)
    while left:
        placed = set(order)
        ready = next((q for q in left if before[q] <= placed), left[0])  # left[0]: a reordering
        order.append(ready)
        left.remove(ready)
    return order


class _Rebased(Rewriter):
    """An answer moved from its entry's page onto the Threads page: its relative links and images
    pointing where they pointed, links within the entry (footnotes) to the entry's page, ids kept
    apart from other answers' by a prefix."""

    def __init__(self, entry_url: str, prefix: str) -> None:
        super().__init__()
        self.entry_url = entry_url
        self.prefix = prefix

    def _url(self, url: str) -> str:
        parts = url_parts(url)
        if parts is None or parts.scheme or parts.netloc or url.startswith("/"):
            return url
        target = self.entry_url
        if parts.path:
            joined = posixpath.join(posixpath.dirname(self.entry_url), unquote(parts.path))
            target = posixpath.normpath(joined)
        query = f"?{parts.query}" if parts.query else ""
        return relative_url(PATH, target) + query + (f"#{parts.fragment}" if parts.fragment else "")

    def start(self, tag: str, attrs: dict[str, str | None], closed: bool) -> str:
        if attrs.get("id"):
            attrs["id"] = f"{self.prefix}-{attrs['id']}"
        for name in ("href", "src", "poster"):
            value = attrs.get(name)
            if value:
                attrs[name] = self._url(value.strip())
        srcset = attrs.get("srcset")
        if srcset:
            candidates = [c.strip().split(None, 1) for c in srcset.split(",") if c.strip()]
            attrs["srcset"] = ", ".join(" ".join([self._url(c[0]), *c[1:]]) for c in candidates)
        return tag_text(tag, attrs, closed)


_MOVES = re.compile(r"\s(?:id|href|src|srcset|poster)=", re.IGNORECASE)
"""An attribute that must change when an answer moves onto the page; most answers have none."""


def _moved(html: str, entry_url: str, prefix: str) -> Markup:
    """An answer's HTML as the Threads page shows it."""
    return Markup(_Rebased(entry_url, prefix).rewrite(html) if _MOVES.search(html) else html)


def _label(entry: EntryView) -> str:
    if entry.kind == "session" and entry.session_number:
        return f"Session #{entry.session_number}"
    return entry.session_phrase or entry.title


@dataclass(frozen=True)
class Threads:
    """The answers the page shows, gathered from the entries' HTML when the page is rendered."""

    written: tuple[Written, ...]

    def gathered(self) -> list[ThreadGroup]:
        """Each kind's questions in the order they were asked, each with its answers, oldest first."""
        asked: dict[str, list[list[str]]] = {kind: [] for kind in GROUPS}
        answers: dict[tuple[str, str], list[tuple[Written, Section]]] = {}
        for written in self.written:
            found = _questions(sections(str(written.html)))
            asked[written.entry.kind].append([s.heading for s in found])
            for section in found:
                answers.setdefault((written.entry.kind, section.heading), []).append((written, section))
        ids = slug_map(f"{kind} {question}" for kind, question in answers)
        groups = []
        for kind, label in GROUPS.items():
            threads = []
            for question in _order(asked[kind]):
                thread_id = ids[f"{kind} {question}"]
                shown = [
                    Answer(
                        written.entry,
                        _label(written.entry),
                        _moved(section.html, written.entry.url, f"{thread_id}-{n}"),
                    )
                    for n, (written, section) in enumerate(answers[(kind, question)], start=1)
                ]
                threads.append(Thread(thread_id, question, shown))
            if threads:
                groups.append(ThreadGroup(kind, label, threads))
        return groups


def threads_page(site: Site, bodies: Mapping[str, Body]) -> Page:
    """The Threads page of every intention, session and follow-up."""
    chosen = [e for e in site.journal.entries if e.kind in GROUPS]
    written = tuple(Written(site.views.entry(e), bodies[e.source].html) for e in chosen)
    context = {"title": "Threads", "threads": Threads(written)}
    return Page(PATH, "threads.html", context, frozenset(e.source for e in chosen))
