"""What a page of the site is before rendering: `Page`; `Body`, what a page may show of an entry's
converted text; `Site`, what page builders know of the journal; the navigation every page carries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from journalgen import insight
from journalgen.config import Config
from journalgen.model import Entry, Journal, Step

if TYPE_CHECKING:
    import datetime as dt

    from journalgen.site.views import Views

NAV = (
    ("index.html", "Home"),
    ("timeline.html", "Timeline"),
    ("sessions.html", "Sessions"),
    ("threads.html", "Threads"),
    ("measures.html", "Measures"),
    ("body.html", "Body"),
    ("emotions/index.html", "Emotions"),
    ("steps.html", "Steps"),
    ("calendar.html", "Calendar"),
    ("notes.html", "Notes"),
    ("tags/index.html", "Tags"),
    ("routes/index.html", "Routes"),
    ("search.html", "Search"),
)
"""The main navigation, in the order a person reaches for it."""


class Body(Protocol):
    """What a page may show of an entry's converted body (source.markdown.Rendered, or the build
    cache's stand-in for it, which looks the HTML and text up only when a page shows them)."""

    @property
    def html(self) -> Any: ...
    @property
    def text(self) -> Any: ...
    @property
    def steps(self) -> tuple[Step, ...]: ...
    @property
    def questions(self) -> tuple[str, ...]:
        """The questions of the prompt templates it answers, in order (threads.py)."""

    def answer(self, question: str) -> Any:
        """Its answer to one of its questions: HTML (or a stand-in for it, made HTML by str())."""


@dataclass(frozen=True)
class Page:
    """One page of the site before rendering: its path and template with the context it shows.

    Everything a page shows comes from `context` (besides `site`, `url`, `nav` and `page_path`),
    so the build can tell from a digest of it whether the page must be rendered again. A page
    without a template is `data`, or made by `produce()` (whose inputs are in `context`).

    What it shows of the journal, for a rebuild to tell which pages an edit can change (build/
    deps.py): every entry whose view (views.EntryView) is in its context (found there by the
    build), `shows` (the entries whose body it shows, and the entries it lists without their
    views), `uses` (the fields of the entries it lists that it shows other than through their
    views: a label worked out from a title) and `facets` (what it shows of every entry of the
    journal: "mood" for a chart of every mood, "tags:grief" for the entries with a tag).
    """

    path: str
    template: str | None
    context: Mapping[str, Any]
    shows: frozenset[str] = frozenset()
    data: bytes | None = None
    produce: Callable[[], bytes] | None = None
    uses: frozenset[str] = frozenset()
    facets: frozenset[str] = frozenset()


def page(
    template: str, path: str, *, uses: Iterable[str] = (), facets: Iterable[str] = (), **context: Any
) -> Page:
    """A page rendered from `template` with this context (see Page for `uses` and `facets`)."""
    return Page(path, template, context, uses=frozenset(uses), facets=frozenset(facets))


class Site(Protocol):
    """What the page builders know of the journal being planned (site.plan.Planner)."""

    config: Config
    journal: Journal
    today: dt.date
    views: Views
    waiting: tuple[str, ...]

    @property
    def arcs(self) -> tuple[insight.SessionArc, ...]: ...
    def arc(self, session: Entry) -> insight.SessionArc: ...
    @property
    def recent_arcs(self) -> tuple[insight.SessionArc, ...]: ...
    @property
    def search_months(self) -> dict[str, list[Entry]]: ...
    @property
    def emotion_months(self) -> insight.EmotionMonths: ...
    @property
    def days(self) -> dict[int, dict[dt.date, insight.CalendarDay]]: ...
