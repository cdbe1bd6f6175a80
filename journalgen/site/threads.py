"""The Threads pages: for each question the prompt templates ask, every answer given, session by
session, each linked to its entry.

`threads.html` lists the questions, grouped the way a session goes (before, the session, after),
each with how many answers it has; each question has a page of its own, `threads/<id>.html`,
with every answer, oldest first. One page per question is what a person reads a thread for (how
the answer to one question changed over the whole treatment), it keeps each page a size a phone
opens without trouble (at ten years of entries, one page holding every answer was 14 MB), and an
edit rewrites only the questions it answers.

A question is a heading the templates write: a heading (level 2 or deeper) of an intention,
session or follow-up with no deeper heading under it, its answer the text up to the next heading
(source/sections.answers). Headings are matched by their words, so a renamed question starts a
thread of its own.

The pages show the entries' bodies, so they are body pages (site/plan.py): each body gives its
answers (`Body.answers`); the build's stand-in looks an answer's HTML up only when its page is
rendered, and it is rebased onto the page (its links pointing where they pointed) then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from journalgen.model import Entry
from journalgen.site.moved import Moved
from journalgen.site.page import Body, Page, Site
from journalgen.site.views import EntryView
from journalgen.slugs import slug_map

PATH = "threads.html"
FOLDER = "threads"
"""Where each question's page goes: `threads/<id>.html`."""
GROUPS = {"intention": "Before a session", "session": "The session", "follow-up": "After a session"}
"""The kinds of entry whose headings are questions, in the order of a session's arc."""


@dataclass(frozen=True)
class ThreadLink:
    """A question, as a link to its page."""

    id: str
    question: str
    url: str


@dataclass(frozen=True)
class Thread:
    """A question in the list of threads: its link and how many answers it has."""

    link: ThreadLink
    answers: int


@dataclass(frozen=True)
class ThreadGroup:
    kind: str
    label: str
    threads: list[Thread]


@dataclass(frozen=True)
class Answer:
    entry: EntryView
    label: str
    """Which entry it is, the way the journal says it: "Session #3", "+3 days after session #2"."""
    html: Moved


def _order(asked: Iterable[tuple[str, ...]]) -> list[str]:
    """One order for the questions of several entries, keeping the order of each entry (a
    question one entry skipped still falls between its neighbours of another); where entries
    disagree, or nothing says, the question asked first comes first."""
    first: dict[str, int] = {}
    before: dict[str, set[str]] = {}
    for questions in dict.fromkeys(asked):  # most entries ask what their template asks
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


def _label(entry: EntryView) -> str:
    if entry.kind == "session" and entry.session_number:
        return f"Session #{entry.session_number}"
    return entry.session_phrase or entry.title


USES = frozenset(("title", "kind", "session_number", "session_phrase"))
"""What the question pages show of the entries they list besides what their template reads of
their views: the label (_label), worked out while planning."""


@dataclass(frozen=True)
class YearLink:
    """One year of a question's answers, as a link to its page."""

    year: int
    url: str
    answers: int


def year_pages(link: ThreadLink, years: list[int]) -> dict[int, str]:
    """The page of each year of a question's answers: its latest year at the question's own page,
    the years before it in a folder of its own (`threads/<id>/2024.html`)."""
    return {year: link.url if year == years[-1] else f"{FOLDER}/{link.id}/{year}.html" for year in years}


Wanted = Callable[[str, str, int, str], bool]
"""wanted(kind, question, year, path): whether to plan the page (at that path) of that year of that
question of that kind of entry."""


@dataclass(frozen=True)
class Asked:
    """Every question the journal's entries answer: the list of threads, and who answered what."""

    groups: list[ThreadGroup]
    given: dict[tuple[str, str], list[Entry]]
    """The entries that answer each question of each kind of entry, oldest first."""
    chosen: frozenset[str]
    """Every intention, session and follow-up (their answers make the list)."""
    _years: dict[tuple[str, str], dict[int, list[Entry]]] = field(default_factory=dict, compare=False)
    """years() of the questions asked for so far: each batch of pages planned asks for all."""

    def years(self, kind: str, link: ThreadLink) -> dict[int, list[Entry]]:
        """A question's answers by year (each year has a page)."""
        by_year = self._years.get((kind, link.question))
        if by_year is None:
            by_year = self._years[(kind, link.question)] = {}
            for entry in self.given[(kind, link.question)]:
                by_year.setdefault(entry.date.year, []).append(entry)
        return by_year

    def paths(self) -> list[str]:
        """The site path of every page of the threads: the list, and each year of each question."""
        found = [PATH]
        for group in self.groups:
            for thread in group.threads:
                found += year_pages(thread.link, sorted(self.years(group.kind, thread.link))).values()
        return found


def asked(site: Site, bodies: Mapping[str, Body]) -> Asked:
    """The questions of every intention, session and follow-up, in the order they were asked."""
    asked: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in GROUPS}
    given: dict[tuple[str, str], list[Entry]] = {}
    chosen = [e for e in site.journal.entries if e.kind in GROUPS]
    for entry in chosen:
        found = bodies[entry.source].questions
        asked[entry.kind].append(tuple(found))
        for question in found:
            given.setdefault((entry.kind, question), []).append(entry)
    ids = slug_map(f"{kind} {question}" for kind, question in given)
    groups = []
    for kind, label in GROUPS.items():
        links = [
            ThreadLink(ids[f"{kind} {q}"], q, f"{FOLDER}/{ids[f'{kind} {q}']}.html")
            for q in _order(asked[kind])
        ]
        if links:
            groups.append(
                ThreadGroup(kind, label, [Thread(t, len(given[(kind, t.question)])) for t in links])
            )
    return Asked(groups, given, frozenset(e.source for e in chosen))


def threads_pages(
    site: Site,
    bodies: Mapping[str, Body],
    wanted: Wanted | None = None,
    listed: bool = True,
    found: Asked | None = None,
) -> list[Page]:
    """The list of questions (threads.html, unless not `listed`) and the pages of each question's
    answers, a page for each year it was answered in (the `wanted` ones), from every intention,
    session and follow-up (`found`: asked(), when already worked out)."""
    found = found if found is not None else asked(site, bodies)
    pages = []
    if listed:
        context = {"title": "Threads", "groups": found.groups}
        pages.append(Page(PATH, "threads.html", context, found.chosen))
    for group in found.groups:
        links = [thread.link for thread in group.threads]
        for i, link in enumerate(links):
            near = (links[i - 1] if i else None, links[i + 1] if i + 1 < len(links) else None)
            pages += _question_pages(site, bodies, group, link, found, near, wanted)
    return pages


def _question_pages(
    site: Site,
    bodies: Mapping[str, Body],
    group: ThreadGroup,
    link: ThreadLink,
    found: Asked,
    near: tuple[ThreadLink | None, ThreadLink | None],
    wanted: Wanted | None,
) -> list[Page]:
    """The pages of one question's answers, a year to a page, each answer oldest first."""
    by_year = found.years(group.kind, link)
    written = found.given[(group.kind, link.question)]
    urls = year_pages(link, sorted(by_year))
    years = [YearLink(year, url, len(by_year[year])) for year, url in urls.items()]
    view = site.views.entry
    pages = []
    for year, url in urls.items():
        if wanted is not None and not wanted(group.kind, link.question, year, url):
            continue
        answers = [
            Answer(
                view(e), _label(view(e)), Moved(bodies[e.source].answer(link.question), e.url, url, f"a{n}")
            )
            for n, e in enumerate(by_year[year], start=1)
        ]
        context = {
            "title": link.question,
            "group": group.label,
            "answers": answers,
            "total": len(written),
            "year": year,
            "years": years if len(years) > 1 else [],
            "previous": near[0],
            "next": near[1],
        }
        pages.append(Page(url, "thread.html", context, frozenset(e.source for e in by_year[year]), uses=USES))
    return pages
