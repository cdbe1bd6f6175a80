"""The plan of the site: every page of one journal as a Page, unrendered.

Only four kinds of page show anything of an entry's body: the entry's own page, its year's
search file, the steps page and the threads pages. `body_pages` is the only place given the
bodies, so a page that shows body text can only be made there, and a rebuild after a body edit
(build/incremental.py) needs to plan only those. Notes (the safety plan among them) are
planned there too, with their own pages and search file.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from journalgen import insight
from journalgen.config import Config
from journalgen.model import Entry, Journal
from journalgen.site import body, calendar, pages, progress, search, threads
from journalgen.site.page import Body, Page
from journalgen.site.theme import Theme
from journalgen.site.views import Views


def copied_files(config: Config, assets: Iterable[str]) -> list[tuple[str, Path]]:
    """The files that go into the site as files: entries/' other files (images...), then the
    theme's static files (as `assets/`); by site path."""
    copies = [(f"entries/{rel}", config.entries_dir / rel) for rel in assets]
    return copies + sorted(Theme.of(config).static_files().items())


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

    @functools.cached_property
    def arc_of(self) -> dict[str, insight.SessionArc]:
        return {arc.session.source: arc for arc in self.arcs}

    @functools.cached_property
    def search_years(self) -> dict[int, list[Entry]]:
        return search.by_year(self.journal)

    @functools.cached_property
    def emotion_months(self) -> insight.EmotionMonths:
        return insight.emotions_by_month(self.journal)

    def plan(self, bodies: Mapping[str, Body]) -> list[Page]:
        """Every page of the site: what the build keys, renders and writes."""
        plan = self.body_pages(bodies, self.journal.pages)
        plan += [pages.index_page(self), pages.timeline_page(self), *pages.term_pages(self)]
        plan += [pages.notes_page(self)]
        plan += [progress.sessions_page(self), progress.measures_page(self), body.body_page(self)]
        plan += calendar.calendar_pages(self)
        plan += [pages.search_page(self), pages.ROBOTS]
        return plan

    def body_pages(
        self, bodies: Mapping[str, Body], entries: Iterable[Entry], steps: bool = True
    ) -> list[Page]:
        """Every page that shows something of these entries' bodies (HTML, text or steps): their
        own pages, the search files of their years, (unless `steps` is false: their steps are as
        they were) the steps page, and the threads pages (their keys tell whether their answers
        changed). When nothing changed but some bodies, only these can change."""
        chosen = list(entries)
        plan = [pages.entry_page(self, e, bodies[e.source]) for e in chosen]
        plan += [
            pages.search_file(self, year, bodies)
            for year in sorted({e.date.year for e in chosen if e.date}, reverse=True)
        ]
        if any(e.date is None for e in chosen):
            plan.append(pages.search_file(self, search.NOTES, bodies))
        if steps:
            plan.append(progress.steps_page(self, bodies))
        plan += threads.threads_pages(self, bodies)
        return plan
