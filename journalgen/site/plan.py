"""The plan of the site: every page of one journal as a Page, unrendered.

Only four kinds of page show anything of an entry's body: the entry's own page, its year's
search file, the steps pages and the threads pages. `body_pages` is the only place given the
bodies, so a page that shows body text can only be made there, and a rebuild after a body edit
(build/incremental.py) needs to plan only those. Notes (the safety plan among them) are
planned there too, with their own pages and search file.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from journalgen import insight
from journalgen.config import Config
from journalgen.model import Entry, Journal
from journalgen.site import calendar, pages, search, steps, threads
from journalgen.site.page import Body, Page
from journalgen.site.views import Views
from journalgen.source.scan import page_sources


def _later(name: str) -> Any:
    """A page builder's module (site.progress, site.body), imported when one of its pages is
    planned: most rebuilds plan none."""
    return importlib.import_module(f"journalgen.site.{name}")


class Planner:
    """Plans every page of one journal as of `today` (due follow-ups, "on this day")."""

    def __init__(self, config: Config, journal: Journal, today: dt.date, waiting: Sequence[str] = ()) -> None:
        self.config = config
        self.journal = journal
        self.today = today
        self.waiting = tuple(waiting)
        """Files below entries/ left exactly as their prompt template wrote them: not published yet."""
        self.views = Views(journal, config)

    @functools.cached_property
    def arcs(self) -> tuple[insight.SessionArc, ...]:
        """Every session's arc (worked out when a page first needs one)."""
        return insight.session_arcs(self.journal, self.config.follow_up_days, self.today)

    def arc(self, session: Entry) -> insight.SessionArc:
        """One session's arc (the arcs of every session only when a page needs them all)."""
        every = self.__dict__.get("arcs")
        if every is not None:
            return every[(self.journal.number(session) or 0) - 1]
        windows = insight.follow_up_windows(self.config.follow_up_days)
        return insight.session_arc(self.journal, session, windows, self.today)

    @functools.cached_property
    def recent_arcs(self) -> tuple[insight.SessionArc, ...]:
        """The arcs of the sessions whose follow-ups can still be due today."""
        return insight.recent_arcs(self.journal, self.config.follow_up_days, self.today)

    @functools.cached_property
    def search_months(self) -> dict[str, list[Entry]]:
        return search.by_month(self.journal)

    @functools.cached_property
    def emotion_months(self) -> insight.EmotionMonths:
        return insight.emotions_by_month(self.journal)

    @functools.cached_property
    def days(self) -> dict[int, dict[dt.date, insight.CalendarDay]]:
        """Writing days by year (the calendar)."""
        return insight.calendar(self.journal)

    def plan(self, bodies: Mapping[str, Body]) -> list[Page]:
        """Every page of the site: what the build keys, renders and writes."""
        return self.pages(bodies, self.paths(bodies))

    def paths(self, bodies: Mapping[str, Body]) -> list[str]:
        """The site path of every page, without planning the pages (see pages())."""
        found = [e.url for e in self.journal.pages]
        found += [search.part_path(m) for m in self.search_months]
        found += [search.part_path(search.NOTES)] if self.journal.notes else []
        found += [*self.steps(bodies).paths, *self._asked(bodies).paths(), "index.html", "timeline.html"]
        for folder, terms in self.views.taxonomies():
            found += [f"{folder}/index.html", *(f"{folder}/{t.slug}.html" for t in terms)]
        found += ["notes.html", "sessions.html", "measures.html", "body.html"]
        return [*found, *self._day_pages, "calendar.html", "search.html", pages.ROBOTS.path]

    def _asked(self, bodies: Mapping[str, Body]) -> threads.Asked:
        """The questions answered (threads.asked), once for these bodies."""
        known = self.__dict__.get("_asked_for")
        if known is None or known[0] is not bodies:
            known = self.__dict__["_asked_for"] = (bodies, threads.asked(self, bodies))
        return known[1]

    def steps(self, bodies: Mapping[str, Body]) -> steps.Gathered:
        """Every step, by year (site.steps), once for these bodies."""
        known = self.__dict__.get("_steps_for")
        if known is None or known[0] is not bodies:
            known = self.__dict__["_steps_for"] = (bodies, steps.gathered(self.journal, bodies))
        return known[1]

    @functools.cached_property
    def _by_url(self) -> dict[str, Entry]:
        return {e.url: e for e in self.journal.pages}

    @functools.cached_property
    def _by_source(self) -> dict[str, Entry]:
        return {e.source: e for e in self.journal.pages}

    def _entry_at(self, path: str) -> Entry | None:
        """The entry whose page is at this path, found from the names its file can have (working
        out every entry's address only for one whose suffix is written otherwise: `.MD`)."""
        for source in page_sources(path):
            found = self._by_source.get(source)
            if found is not None and found.url == path:
                return found
        return self._by_url.get(path)

    @functools.cached_property
    def _day_pages(self) -> dict[str, insight.CalendarDay]:
        """The days with a page of their own (several entries), by path."""
        return {
            calendar.day_path(d): day
            for days in self.days.values()
            for d, day in days.items()
            if len(day.entries) > 1
        }

    def pages(self, bodies: Mapping[str, Body], paths: Collection[str]) -> list[Page]:
        """The pages at these paths, each as plan() makes it, for a build that plans some pages
        only (build/deps.py), or in workers (build/workers.py); paths no page has are left out."""
        wanted = set(paths)
        folders = {path.split("/", 1)[0] for path in wanted}  # what to work out, of the whole journal
        shown = [e for p in paths if p.startswith("entries/") and (e := self._entry_at(p)) is not None]
        found = [pages.entry_page(self, e, bodies[e.source]) for e in shown]
        singles = {
            "index.html": lambda: pages.index_page(self),
            "timeline.html": lambda: pages.timeline_page(self),
            "notes.html": lambda: pages.notes_page(self),
            "sessions.html": lambda: _later("progress").sessions_page(self),
            "measures.html": lambda: _later("progress").measures_page(self),
            "body.html": lambda: _later("body").body_page(self),
            "calendar.html": lambda: calendar.calendar_page(self),
            "search.html": lambda: pages.search_page(self),
            pages.ROBOTS.path: lambda: pages.ROBOTS,
        }
        found += [make() for path, make in singles.items() if path in wanted]
        for folder, terms in self.views.taxonomies():
            if folder not in folders:
                continue
            if f"{folder}/index.html" in wanted:
                found.append(pages.term_index(self, folder, terms))
            found += [pages.term_page(self, folder, t) for t in terms if f"{folder}/{t.slug}.html" in wanted]
        days = self._day_pages if calendar.DAYS in folders else {}
        found += [calendar.day_page(self, days[path]) for path in paths if path in days]
        parts = [*self.search_months, search.NOTES] if search.FOLDER.split("/")[0] in folders else []
        found += [pages.search_file(self, part, bodies) for part in parts if search.part_path(part) in wanted]
        if steps.PATH in wanted or steps.FOLDER in folders:
            found += steps.steps_pages(self, self.steps(bodies), wanted.__contains__)
        if threads.PATH in wanted or any(path.startswith(threads.FOLDER + "/") for path in wanted):
            found += threads.threads_pages(
                self,
                bodies,
                lambda _kind, _question, _year, path: path in wanted,
                threads.PATH in wanted,
                self._asked(bodies),
            )
        return found

    def body_pages(
        self,
        bodies: Mapping[str, Body],
        entries: Iterable[Entry],
        years: Collection[int] | None = None,
        answered: Collection[tuple[str, str, int]] | None = None,
    ) -> list[Page]:
        """Every page that shows something of these entries' bodies (HTML, text or steps): their
        own pages, the search files of their months, the steps pages (with `years`, only the
        pages of those years: the steps of the other years are as they were), and the threads
        pages (with `answered`, only the pages of those answers, by kind of entry, question and
        year: the questions each entry answers are as they were, only some answers changed).
        When nothing changed but some bodies, only these can change."""
        chosen = list(entries)
        plan = [pages.entry_page(self, e, bodies[e.source]) for e in chosen]
        parts = {search.part_of(e) for e in chosen}
        months = sorted(parts - {search.NOTES}, reverse=True)
        plan += [pages.search_file(self, part, bodies) for part in months]
        if search.NOTES in parts:
            plan.append(pages.search_file(self, search.NOTES, bodies))
        if years is None or years:
            found = self.steps(bodies)
            paths = {found.urls[y] for y in years or () if y in found.urls}
            plan += steps.steps_pages(self, found, None if years is None else paths.__contains__)
        if answered is None:
            plan += threads.threads_pages(self, bodies)
        elif answered:
            plan += threads.threads_pages(
                self, bodies, lambda kind, question, year, _path: (kind, question, year) in answered, False
            )
        return plan
