"""The builders of the pages that list entries: each entry's own page, the home page, the
timeline, the tag, emotion and route pages, the search page and the search index. site/plan.py
puts every page together.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from journalgen import insight
from journalgen.model import KIND_LABELS, KINDS, Entry, Term, long_date
from journalgen.site import search
from journalgen.site.arcs import arc_view, due_view
from journalgen.site.page import Body, Page, Site, page
from journalgen.site.views import EntryView, TermLink
from journalgen.source.safety import SAFETY_PLAN, TEMPLATE

ROBOTS = Page("robots.txt", None, {}, data=b"User-agent: *\nDisallow: /\n")


def entry_page(site: Site, entry: Entry, body: Body) -> Page:
    if entry.date is None:
        return note_page(site, entry, body)
    before, after = site.journal.neighbours(entry)
    view = site.views.entry
    linked: list[EntryView] = []
    arc = site.arc(entry) if entry.kind == "session" else None
    lift = None
    if arc is not None:
        from journalgen.site.lift import session_lift_view  # (only sessions': not imported for the rest)

        linked = [view(e) for e in site.journal.linked(entry)]
        lift = session_lift_view(site, arc)
    html = body.html
    context = {
        "title": entry.title,
        "entry": view(entry),
        "body": Markup(html) if isinstance(html, str) else html,
        "previous": view(before) if before else None,
        "next": view(after) if after else None,
        "linked": linked,
        "arc": arc_view(site.views, arc, site.today) if arc is not None else None,
        "lift": lift,
    }
    # A session's page shows its arc's emotions and lift, worked out from its entries' fields.
    uses = frozenset(("emotions", "mood", "scores")) if arc is not None else frozenset()
    return Page(entry.url, "entry.html", context, frozenset((entry.source,)), uses=uses)


def note_page(site: Site, note: Entry, body: Body) -> Page:
    """A note's own page: its title, tags and text, with no place in time (the safety plan's with
    the crisis text at its top)."""
    html = body.html
    context = {
        "title": note.title,
        "entry": site.views.entry(note),
        "body": Markup(html) if isinstance(html, str) else html,
    }
    template = f"{TEMPLATE}.html" if note.source == SAFETY_PLAN else "note.html"
    return Page(note.url, template, context, frozenset((note.source,)))


def notes_page(site: Site) -> Page:
    """Every note (a file without a date), by title."""
    return page(
        "notes.html", "notes.html", title="Notes", notes=[site.views.entry(n) for n in site.journal.notes]
    )


@dataclass(frozen=True)
class RecalledView:
    label: str
    date: str
    entries: list[EntryView]


@dataclass(frozen=True)
class IndexCounts:
    entries: int
    sessions: int
    tags: int
    emotions: int


@dataclass(frozen=True)
class StartView:
    """For an empty journal's home page: where `journalgen new` puts a file, where the site is."""

    example: str
    site: str


def index_page(site: Site) -> Page:
    journal = site.journal
    config = site.config
    start = None
    if not journal.entries:
        output = config.output if config.output.is_absolute() else config.root / config.output
        shown = output.relative_to(config.root) if output.is_relative_to(config.root) else output
        day = site.today.isoformat()
        start = StartView(f"entries/{day[:4]}/{day}-intention.md", (shown / "index.html").as_posix())
    return page(
        "index.html",
        "index.html",
        facets=("tags", "emotions", "waiting"),  # how many of each; the files not published yet
        title=site.config.title,
        latest=[site.views.entry(e) for e in reversed(journal.entries[-10:])],
        due=[due_view(site.views, d) for d in insight.due_follow_ups(site.recent_arcs, site.today)],
        recalled=[
            RecalledView(r.label, long_date(r.date), [site.views.entry(e) for e in r.entries])
            for r in insight.on_this_day(journal, site.today)
        ],
        today=long_date(site.today),
        counts=IndexCounts(
            len(journal.entries), len(journal.sessions), len(journal.tags), len(journal.emotions)
        ),
        start=start,
        waiting=[f"entries/{rel}" for rel in site.waiting],
    )


@dataclass(frozen=True)
class TimelineItem:
    entry: EntryView
    followups: list[EntryView]


def timeline_page(site: Site) -> Page:
    years: dict[int, dict[int, list[TimelineItem]]] = {}
    for entry in reversed(site.journal.entries):
        session = site.journal.session_of(entry)
        if entry.kind == "follow-up" and session is not None:
            continue  # shown under its session
        followups = []
        if entry.kind == "session":
            followups = [site.views.entry(e) for e in site.journal.linked(entry) if e.kind == "follow-up"]
        item = TimelineItem(site.views.entry(entry), followups)
        years.setdefault(entry.date.year, {}).setdefault(entry.date.month, []).append(item)
    return page("timeline.html", "timeline.html", title="Timeline", years=years)


_HEADINGS = {"tags": ("Tags", "Tag"), "emotions": ("Emotions", "Emotion"), "routes": ("Routes", "Route")}
_FACETS = {"tags": "tags", "emotions": "emotions", "routes": "route"}
"""The field of entry views each taxonomy lists its terms by."""


def term_pages(site: Site) -> Iterator[Page]:
    """Each taxonomy's index page and one page per tag, emotion and route."""
    for folder, terms in site.views.taxonomies():
        yield term_index(site, folder, terms)
        for term in terms:
            yield term_page(site, folder, term)


def term_index(site: Site, folder: str, terms: tuple[Term, ...]) -> Page:
    """A taxonomy's index page: every term with how many entries name it."""
    plural, _ = _HEADINGS[folder]
    items: list[tuple[TermLink, int]] = [(site.views.link(folder, t.name), len(t.entries)) for t in terms]
    if folder == "emotions":
        from journalgen.site import progress

        return progress.emotions_page(site, items)
    return page(
        "terms.html",
        f"{folder}/index.html",
        facets=(_FACETS[folder],),
        title=plural,
        folder=folder,
        items=items,
    )


def term_page(site: Site, folder: str, term: Term) -> Page:
    """One tag's, emotion's or route's page: every entry naming it, newest first."""
    from journalgen.site import progress

    plural, singular = _HEADINGS[folder]
    return page(
        "term.html",
        f"{folder}/{term.slug}.html",
        facets=(f"{folder}:{term.name}" if folder != "routes" else "route",),  # which entries name it
        title=f"{singular}: {term.label}",
        folder=folder,
        plural=plural,
        term=site.views.link(folder, term.name),
        entries=[site.views.entry(e) for e in term.entries],
        strip=progress.emotion_strip(site, term) if folder == "emotions" else None,
    )


def search_page(site: Site) -> Page:
    journal = site.journal
    return page(
        "search.html",
        "search.html",
        facets=("tags", "emotions", "route"),  # every tag, emotion and route to search by
        title="Search",
        tags=[site.views.link("tags", t.name) for t in journal.tags],
        emotions=[site.views.link("emotions", t.name) for t in journal.emotions],
        routes=[site.views.link("routes", t.name) for t in journal.route_terms],
        kinds=[(k, KIND_LABELS[k]) for k in KINDS] + ([("note", "Note")] if journal.notes else []),
        files=[search.part_path(month) for month in site.search_months]
        + ([search.part_path(search.NOTES)] if journal.notes else []),
        first=journal.entries[0].date.isoformat() if journal.entries else "",
        last=journal.entries[-1].date.isoformat() if journal.entries else "",
    )


def search_file(site: Site, part: str, bodies: Mapping[str, Body]) -> Page:
    """One month's search file (or the notes', for search.NOTES); its records hold each entry's
    text as its body has it."""
    entries = list(site.journal.notes) if part == search.NOTES else site.search_months[part]
    records = search.records(site.journal, entries, {e.source: bodies[e.source].text for e in entries})

    def produce() -> bytes:
        return search.part_script(part, [{**r, "text": str(r["text"])} for r in records])

    return Page(
        search.part_path(part),
        None,
        {"records": records},
        frozenset(e.source for e in entries),
        produce=produce,
        uses=SEARCHED,
    )


SEARCHED = frozenset(("title", "route", "tags", "emotions"))
"""What a search file shows of its entries (besides their dates and kinds, which place them)."""
