"""Turn the model into pages: one Jinja environment, a view per page, (path, bytes) out.

Templates get views made for them (EntryView, TermView), never the model itself, and build
every internal link with `url()`, which makes it relative to the page and names a file, so the
site works from disk (file://) as well as served.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from journalgen import charts, insight, search
from journalgen.config import Config, resolve_today
from journalgen.errors import JournalError
from journalgen.markup import Lazy, Rendered, Stored
from journalgen.model import KIND_LABELS, KINDS, Entry, Journal, Term, long_date, month_name, offset_label

THEME_STATIC = "static"
"""Folder of the theme copied to the site's `assets/`."""


def default_theme_dir() -> Path:
    """The default theme: package data in an installed wheel, the top-level templates/ in a checkout."""
    packaged = Path(str(resources.files("journalgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class TermLink:
    name: str
    label: str
    url: str


@dataclass(frozen=True)
class EntryView:
    """What a template may show of one entry."""

    title: str
    url: str
    source: str
    date: dt.date
    iso: str
    """The value for `<time datetime>`: the date, with time and offset when written."""
    date_label: str
    time_label: str | None
    kind: str
    kind_label: str
    route: TermLink | None
    emotions: tuple[TermLink, ...]
    tags: tuple[TermLink, ...]
    mood: int | None
    dose: str | None
    draft: bool
    session_number: int | None
    session_url: str | None
    session_title: str | None
    offset: str | None
    """For an entry about a session: "+3 days" after it, or "1 day before"."""
    session_phrase: str | None
    """The same in words with the session's number: "+3 days after session #2"."""
    extra: Mapping[str, Any]


@dataclass(frozen=True)
class Views:
    """Builds views of entries and terms for one journal."""

    journal: Journal
    config: Config

    def __post_init__(self) -> None:
        links: dict[tuple[str, str], TermLink] = {}
        for folder, terms in self.taxonomies():
            for term in terms:
                links[(folder, term.name)] = TermLink(term.name, term.label, f"{folder}/{term.slug}.html")
        object.__setattr__(self, "_links", links)
        object.__setattr__(self, "_cache", {})

    def taxonomies(self) -> tuple[tuple[str, tuple[Term, ...]], ...]:
        return (
            ("tags", self.journal.tags),
            ("emotions", self.journal.emotions),
            ("routes", self.journal.route_terms),
        )

    def link(self, folder: str, name: str) -> TermLink:
        return self._links[(folder, name)]  # type: ignore[attr-defined]

    def entry(self, entry: Entry) -> EntryView:
        cache: dict[str, EntryView] = self._cache  # type: ignore[attr-defined]
        if entry.source in cache:
            return cache[entry.source]
        session = self.journal.session_of(entry)
        route = self.journal.route_of(entry)
        iso = entry.date.isoformat()
        time_label = None
        if entry.time is not None:
            iso += "T" + entry.time.isoformat(timespec="minutes") + (entry.utc_offset or "")
            time_label = entry.time.strftime("%H:%M")
        offset = offset_label(entry, session) if session and session is not entry else None
        number = self.journal.number(session) if session else None
        phrase = None
        if offset is not None:
            if offset == "same day":
                phrase = f"Same day as session #{number}"
            elif offset.endswith("before"):
                phrase = f"{offset[0].upper()}{offset[1:]} session #{number}"
            else:
                phrase = f"{offset} after session #{number}"
        view = EntryView(
            title=entry.title,
            url=entry.url,
            source=entry.source,
            date=entry.date,
            iso=iso.replace("Z", "+00:00") if iso.endswith("Z") else iso,
            date_label=long_date(entry.date),
            time_label=time_label,
            kind=entry.kind,
            kind_label=KIND_LABELS[entry.kind],
            route=self.link("routes", route) if route else None,
            emotions=tuple(self.link("emotions", e) for e in entry.emotions),
            tags=tuple(self.link("tags", t) for t in entry.tags),
            mood=entry.mood,
            dose=entry.dose,
            draft=entry.draft,
            session_number=number,
            session_url=session.url if session else None,
            session_title=session.title if session else None,
            offset=offset,
            session_phrase=phrase,
            extra=entry.extra,
        )
        cache[entry.source] = view
        return view


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (checked against each template's source), best effort:
    a folder that cannot be written just means templates are compiled again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def make_environment(config: Config, compiled: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: the journal's templates/ over the default theme, autoescaped.

    `compiled`: an existing folder to keep compiled templates in between runs (in the build cache),
    which saves compiling them on every build from the command line.
    """
    search = [str(config.templates_dir), str(default_theme_dir())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        bytecode_cache=_CompiledTemplates(str(compiled)) if compiled is not None else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates never change under an environment: build.py keeps one only while a digest of
        # every template file (build.theme_fingerprint) is unchanged, and makes a new one otherwise.
        # So no stat of the template files on each get_template (several per page).
        auto_reload=False,
    )
    env.globals["month_name"] = month_name
    return env


def relative_url(page: str, target: str) -> str:
    """A link from one site path to another, relative and percent-encoded: works on file://.

    `page.html#id` links to an id; a `#` followed by a dot belongs to a file name
    (`entries/Session #3.html`), since every site file has a suffix and ids here have no dots.
    """
    return _relative_url(posixpath.dirname(page), target)


def _relative_url(folder: str, target: str) -> str:
    if "#" not in target:
        return _relative_path(folder, target)
    path, _, fragment = target.rpartition("#")
    if "." in fragment or "/" in fragment:
        return _relative_path(folder, target)
    return _relative_path(folder, path) + (f"#{quote(fragment)}" if fragment else "")


def _relative_path(folder: str, path: str) -> str:
    """posixpath.relpath(path, folder), percent-encoded; pure string work (no getcwd).

    Site paths are plain (no empty, `.` or `..` parts): for them the relative path is worked
    out from the parts the two share; anything else goes through posixpath.relpath.
    """
    start = folder.split("/") if folder else []
    parts = path.split("/")
    if not _plain(parts) or not _plain(start):
        rel = posixpath.relpath(posixpath.join("/", path), posixpath.join("/", folder))
        return quote(rel, safe="/")
    shared = 0
    for a, b in zip(start, parts, strict=False):
        if a != b:
            break
        shared += 1
    rel = "/".join([".."] * (len(start) - shared) + parts[shared:]) or "."
    return quote(rel, safe="/")


def _plain(parts: list[str]) -> bool:
    return all(part and part != "." and part != ".." for part in parts)


def theme_files(config: Config) -> dict[str, Path]:
    """Static theme files (stylesheet, images) by site path, the journal's own winning."""
    found: dict[str, Path] = {}
    for base in (default_theme_dir(), config.templates_dir):
        static = base / THEME_STATIC
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found["assets/" + path.relative_to(static).as_posix()] = path
    return found


@dataclass(frozen=True)
class Page:
    """One page of the site before rendering: its path and template with the context it shows.

    Everything a page shows comes from `context` (besides `site`, `url`, `nav` and `page_path`),
    so build.py can tell from a digest of it whether the page must be rendered again. A page
    without a template is `data`, or made by `produce()` (whose inputs are in `context`).
    """

    path: str
    template: str | None
    context: Mapping[str, Any]
    data: bytes | None = None
    produce: Callable[[], bytes] | None = None


NAV = (
    ("index.html", "Home"),
    ("timeline.html", "Timeline"),
    ("sessions.html", "Sessions"),
    ("measures.html", "Measures"),
    ("emotions/index.html", "Emotions"),
    ("steps.html", "Steps"),
    ("calendar.html", "Calendar"),
    ("tags/index.html", "Tags"),
    ("routes/index.html", "Routes"),
    ("search.html", "Search"),
)
"""The main navigation, in the order a person reaches for it."""


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class SlotView:
    """One expected follow-up of a session, for templates."""

    label: str
    """"+3 days"."""
    state: str
    """written | due | upcoming | missed."""
    due: str
    due_iso: str
    due_today: bool
    closes: str
    written: tuple[EntryView, ...]


@dataclass(frozen=True)
class ArcView:
    """A session's arc for templates: before → session → after, and its follow-up rhythm."""

    number: int
    entry: EntryView
    gap: str | None
    """"14 days after session #2", or None for the first session."""
    before: tuple[EntryView, ...]
    after: tuple[EntryView, ...]
    others: tuple[EntryView, ...]
    """Entries after the session that fall in no follow-up window."""
    slots: tuple[SlotView, ...]
    written: int
    emotions: tuple[tuple[TermLink, int], ...]
    command: str


class SiteRenderer:
    """Renders every page of a journal; each method yields (site path, bytes)."""

    def __init__(
        self,
        config: Config,
        journal: Journal,
        bodies: Mapping[str, Rendered | Stored],
        today: dt.date | None = None,
        env: jinja2.Environment | None = None,
    ) -> None:
        self.config = config
        self.journal = journal
        self.bodies = bodies
        self.today = today if today is not None else resolve_today(config)
        """The day due follow-ups and "on this day" are counted from (see config.resolve_today)."""
        self.views = Views(journal, config)
        self.texts: dict[str, str] = {}
        """Plain texts by body key known without loading the body (build.py reads them back from
        the last build's search files): the search files use these first."""
        self.env = env if env is not None else make_environment(config)
        """Pass one kept from an earlier build of the same theme to skip compiling templates."""
        self._urls: dict[str, dict[str, str]] = {}
        """Links already made, by the folder of the page they are on: target → relative URL."""

    @functools.cached_property
    def arcs(self) -> tuple[insight.SessionArc, ...]:
        """Every session's arc (worked out when a page first needs one)."""
        return insight.session_arcs(self.journal, self.config.follow_up_days, self.today)

    @functools.cached_property
    def _arc_of(self) -> dict[str, insight.SessionArc]:
        return {arc.session.source: arc for arc in self.arcs}

    def _page(self, template: str, path: str, **context: Any) -> Page:
        return Page(path, template, context)

    def render(self, page: Page) -> bytes:
        """The page's bytes; a template problem raises JournalError naming the template and line."""
        if page.template is None:
            return page.produce() if page.produce is not None else page.data or b""
        path = page.path
        folder = posixpath.dirname(path)
        links = self._urls.get(folder)
        if links is None:
            links = self._urls[folder] = {}

        def url(target: str) -> str:
            # Pages link to the same few targets again and again (nav, neighbours, terms).
            try:
                return links[target]
            except KeyError:
                made = links[target] = _relative_url(folder, target)
                return made

        nav = NAV
        try:
            html = self.env.get_template(page.template).render(
                site=self.config,
                page_path=path,
                url=url,
                nav=nav,
                **page.context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise JournalError.at(
                _template_name(exc.filename, exc.name), exc.lineno, exc.message or ""
            ) from None
        except jinja2.TemplateError as exc:
            line, name = _template_frame(exc)
            raise JournalError.at(
                name or f"templates/{page.template}", line, f"template error: {exc}"
            ) from None
        return html.encode("utf-8")

    def pages(self) -> Iterator[tuple[str, bytes]]:
        """Every page rendered, in plan order."""
        for page in self.plan():
            yield page.path, self.render(page)

    def plan(self) -> list[Page]:
        """Every page of the site, unrendered: what build.py keys, renders and writes."""
        pages = list(self.entry_pages())
        pages += [self.index_page(), self.timeline_page(), *self.term_pages(), *self.insight_pages()]
        pages.append(Page("robots.txt", None, {}, b"User-agent: *\nDisallow: /\n"))
        return pages

    def entry_page(self, entry: Entry) -> Page:
        before, after = self.journal.neighbours(entry)
        view = self.views.entry
        linked: list[EntryView] = []
        if entry.kind == "session":
            linked = [view(e) for e in self.journal.linked(entry)]
        return self._page(
            "entry.html",
            entry.url,
            title=entry.title,
            entry=view(entry),
            body=self.bodies[entry.source].html,
            previous=view(before) if before else None,
            next=view(after) if after else None,
            linked=linked,
            arc=self.arc_view(self._arc_of[entry.source]) if entry.kind == "session" else None,
        )

    def body_pages(self, entries: Iterable[Entry], steps: bool = True) -> list[Page]:
        """Every page that shows something of these entries' bodies (HTML, text or steps): their
        own pages, the search files of their years and (unless `steps` is false: their steps are
        as they were) the steps page. When nothing changed but some bodies, only these pages can
        change (build.py relies on it; a test checks it)."""
        chosen = list(entries)
        pages = [self.entry_page(e) for e in chosen]
        for year in sorted({e.date.year for e in chosen}, reverse=True):
            pages.append(self.search_file(year, self.search_years[year]))
        if steps:
            pages.append(self.steps_page())
        return pages

    def entry_pages(self) -> Iterator[Page]:
        for entry in self.journal.entries:
            yield self.entry_page(entry)

    def index_page(self) -> Page:
        latest = [self.views.entry(e) for e in reversed(self.journal.entries[-10:])]
        return self._page(
            "index.html",
            "index.html",
            title=self.config.title,
            latest=latest,
            due=[self.due_view(d) for d in insight.due_follow_ups(self.arcs, self.today)],
            recalled=[
                {
                    "label": r.label,
                    "date": long_date(r.date),
                    "entries": [self.views.entry(e) for e in r.entries],
                }
                for r in insight.on_this_day(self.journal, self.today)
            ],
            today=long_date(self.today),
            counts={
                "entries": len(self.journal.entries),
                "sessions": len(self.journal.sessions),
                "tags": len(self.journal.tags),
                "emotions": len(self.journal.emotions),
            },
        )

    def timeline_page(self) -> Page:
        years: dict[int, dict[int, list[dict[str, Any]]]] = {}
        for entry in reversed(self.journal.entries):
            session = self.journal.session_of(entry)
            if entry.kind == "follow-up" and session is not None:
                continue  # shown under its session
            item = {
                "entry": self.views.entry(entry),
                "followups": [
                    self.views.entry(e) for e in self.journal.linked(entry) if e.kind == "follow-up"
                ]
                if entry.kind == "session"
                else [],
            }
            years.setdefault(entry.date.year, {}).setdefault(entry.date.month, []).append(item)
        return self._page("timeline.html", "timeline.html", title="Timeline", years=years)

    def term_pages(self) -> Iterator[Page]:
        headings = {
            "tags": ("Tags", "Tag"),
            "emotions": ("Emotions", "Emotion"),
            "routes": ("Routes", "Route"),
        }
        for folder, terms in self.views.taxonomies():
            plural, singular = headings[folder]
            items = [(self.views.link(folder, t.name), len(t.entries)) for t in terms]
            if folder == "emotions":
                yield self.emotions_page(items)
            else:
                yield self._page(
                    "terms.html", f"{folder}/index.html", title=plural, folder=folder, items=items
                )
            for term in terms:
                yield self._page(
                    "term.html",
                    f"{folder}/{term.slug}.html",
                    title=f"{singular}: {term.label}",
                    folder=folder,
                    plural=plural,
                    term=self.views.link(folder, term.name),
                    entries=[self.views.entry(e) for e in term.entries],
                    strip=self.emotion_strip(term) if folder == "emotions" else None,
                )

    # Insight pages: sessions, steps, measures, emotions over time, calendar, search ------------

    def insight_pages(self) -> Iterator[Page]:
        yield self.sessions_page()
        yield self.steps_page()
        yield self.measures_page()
        yield from self.calendar_pages()
        yield self.search_page()
        yield from self.search_files()

    def arc_view(self, arc: insight.SessionArc) -> ArcView:
        view = self.views.entry
        previous = arc.days_since_previous
        return ArcView(
            number=arc.number,
            entry=view(arc.session),
            gap=None if previous is None else f"{_days(previous)} after session #{arc.number - 1}",
            before=tuple(view(e) for e in arc.before),
            after=tuple(view(e) for e in arc.after),
            others=tuple(view(e) for e in arc.after if not any(e in slot.written for slot in arc.slots)),
            slots=tuple(
                SlotView(
                    label=f"+{_days(slot.day)}",
                    state=slot.state,
                    due=long_date(slot.due),
                    due_iso=slot.due.isoformat(),
                    due_today=slot.due == self.today,
                    closes=long_date(slot.last),
                    written=tuple(view(e) for e in slot.written),
                )
                for slot in arc.slots
            ),
            written=arc.written_slots,
            emotions=tuple((self.views.link("emotions", name), count) for name, count in arc.emotions),
            command=f"journalgen new follow-up --session {arc.session.date.isoformat()}",
        )

    def due_view(self, due: insight.DueFollowUp) -> dict[str, Any]:
        late = due.days_late
        return {
            "session": self.views.entry(due.arc.session),
            "number": due.arc.number,
            "label": f"+{_days(due.slot.day)}",
            "when": "due today" if late == 0 else f"due since {long_date(due.slot.due)} ({_days(late)} ago)",
            "command": due.command,
        }

    def sessions_page(self) -> Page:
        arcs = [self.arc_view(a) for a in self.arcs]
        gaps = [a.days_since_previous for a in self.arcs if a.days_since_previous is not None]
        slots = [slot for a in self.arcs for slot in a.slots]
        summary = {
            "sessions": len(arcs),
            "first": long_date(self.arcs[0].date) if arcs else None,
            "last": long_date(self.arcs[-1].date) if arcs else None,
            "average_gap": round(sum(gaps) / len(gaps)) if gaps else None,
            "days": ", ".join(f"+{d}" for d in self.config.follow_up_days),
            "written": sum(1 for s in slots if s.state == "written"),
            "due": sum(1 for s in slots if s.state == "due"),
            "expected": sum(1 for s in slots if s.state != "upcoming"),
        }
        return self._page("sessions.html", "sessions.html", title="Sessions", arcs=arcs, summary=summary)

    def steps_page(self) -> Page:
        steps = {source: rendered.steps for source, rendered in self.bodies.items()}
        open_steps, done_steps = insight.gather_steps(self.journal, steps)

        def item(step: insight.StepItem) -> dict[str, Any]:
            return {
                "text": step.text,
                "first": self.views.entry(step.first),
                "latest": self.views.entry(step.latest),
                "done_in": self.views.entry(step.done_in) if step.done_in else None,
                "mentions": step.mentions,
            }

        return self._page(
            "steps.html",
            "steps.html",
            title="Steps",
            open_steps=[item(s) for s in open_steps],
            done_steps=[item(s) for s in done_steps],
        )

    def _markers(self) -> list[charts.Marker]:
        return [charts.Marker(a.date, f"#{a.number}") for a in self.arcs]

    def measures_page(self) -> Page:
        entries = self.journal.entries
        start, end = (entries[0].date, entries[-1].date) if entries else (self.today, self.today)
        sections = []
        for series in insight.measures(self.journal, self.config.scales):
            scale = series.scale
            name = scale.label + (f" ({scale.about})" if scale.about else "")
            latest = series.latest
            first = series.points[0]

            def said(point: insight.ScorePoint) -> str:
                band = f" ({point.band.label})" if point.band else ""
                return f"{point.value}{band} on {long_date(point.entry.date)}"

            bands = "; ".join(f"{b.low}–{b.high} {b.label}" for b in scale.bands)
            desc = (
                f"{len(series.points)} {scale.label} scores, range {scale.minimum} to {scale.maximum}. "
                f"First {said(first)}; latest {said(latest)}. "
                + (f"Bands: {bands}. " if bands else "")
                + "Vertical lines mark the sessions."
            )
            svg = charts.line_chart(
                f"chart-{scale.key}",
                f"{scale.label} over time",
                desc,
                [(p.entry.date, p.value) for p in series.points],
                scale.minimum,
                scale.maximum,
                start,
                end,
                bands=[(b.low, b.high, b.label) for b in scale.bands],
                markers=self._markers(),
                severe_high=scale.higher_is_worse,
            )
            sections.append(
                {
                    "key": scale.key,
                    "name": name,
                    "label": scale.label,
                    "range": f"{scale.minimum}–{scale.maximum}",
                    "count": len(series.points),
                    "first": said(first),
                    "latest": said(latest),
                    "severe": series.latest_is_most_severe,
                    "higher_is_worse": scale.higher_is_worse,
                    "chart": Markup(svg),
                    "rows": [
                        {
                            "entry": self.views.entry(p.entry),
                            "value": p.value,
                            "band": p.band.label if p.band else "",
                        }
                        for p in series.points
                    ],
                }
            )
        moods = insight.mood_points(self.journal)
        mood = None
        if moods:
            mood_desc = (
                f"Mood from 1 to 10 in {len(moods)} entries; first {moods[0][1]} on "
                f"{long_date(moods[0][0].date)}, latest {moods[-1][1]} on {long_date(moods[-1][0].date)}. "
                "Vertical lines mark the sessions."
            )
            mood = {
                "count": len(moods),
                "latest": f"{moods[-1][1]} on {long_date(moods[-1][0].date)}",
                "chart": Markup(
                    charts.line_chart(
                        "chart-mood",
                        "Mood over time",
                        mood_desc,
                        [(e.date, m) for e, m in moods],
                        1,
                        10,
                        start,
                        end,
                        markers=self._markers(),
                    )
                ),
                "rows": [{"entry": self.views.entry(e), "value": m} for e, m in moods],
            }
        return self._page(
            "measures.html",
            "measures.html",
            title="Measures",
            sections=sections,
            mood=mood,
            scales=list(self.config.scales.values()),
        )

    def emotions_page(self, items: list[tuple[TermLink, int]]) -> Page:
        data = self.emotion_months
        shown_months = data.months[-12:]
        offset = len(data.months) - len(shown_months)
        top = [name for name, _ in data.totals[:10]]
        chart = None
        if top:
            columns = [month_name(m)[:3] for _, m in shown_months]
            rows = [(name, data.counts[name][offset:]) for name in top]
            first, last = shown_months[0], shown_months[-1]
            desc = (
                f"The {len(top)} emotions named most, by month from {month_name(first[1])} {first[0]} "
                f"to {month_name(last[1])} {last[0]}; a bigger dot means more entries named it. "
                "The table below gives the numbers."
            )
            chart = Markup(
                charts.dot_matrix("chart-emotions", "Emotions named per month", desc, columns, rows)
            )
        months = [
            {
                "label": f"{month_name(m)} {y}",
                "entries": data.entries[i],
                "named": [(self.views.link("emotions", n), c) for n, c in data.named_in(i)],
            }
            for i, (y, m) in reversed(list(enumerate(data.months)))
        ]
        split = insight.emotions_around_sessions(self.journal)

        def share(counts: insight.Counts, total: int) -> list[tuple[TermLink, int, int]]:
            return [(self.views.link("emotions", n), c, round(100 * c / total)) for n, c in counts[:8]]

        return self._page(
            "emotions.html",
            "emotions/index.html",
            title="Emotions",
            folder="emotions",
            items=items,
            chart=chart,
            months=months,
            around=share(split.around, split.around_entries),
            around_entries=split.around_entries,
            between=share(split.between, split.between_entries),
            between_entries=split.between_entries,
        )

    @functools.cached_property
    def emotion_months(self) -> insight.EmotionMonths:
        return insight.emotions_by_month(self.journal)

    def emotion_strip(self, term: Term) -> dict[str, Any]:
        data = self.emotion_months
        counts = data.counts.get(term.name, ())
        months = data.months[-24:]
        shown = counts[len(counts) - len(months) :]
        labels = [month_name(m)[:1] if len(months) > 12 else month_name(m)[:3] for _, m in months]
        named = [(f"{month_name(m)} {y}", c) for (y, m), c in zip(data.months, counts, strict=True) if c]
        desc = "Entries naming it per month: " + "; ".join(f"{label}: {c}" for label, c in named) + "."
        first, last = months[0], months[-1]
        title = (
            f"When {term.label} appears, {month_name(first[1])} {first[0]} to {month_name(last[1])} {last[0]}"
        )
        return {
            "chart": Markup(charts.strip("chart-months", title, desc, labels, shown)),
            "named": named,
        }

    def calendar_pages(self) -> Iterator[Page]:
        years = []
        for year, days in insight.calendar(self.journal).items():
            # Week columns, Monday to Sunday, each headed by the month that begins in it.
            cells: list[dict[str, Any]] = []
            monday = dt.date(year, 1, 1) - dt.timedelta(days=dt.date(year, 1, 1).weekday())
            while monday.year <= year:
                week = [monday + dt.timedelta(days=n) for n in range(7)]
                starts = next((d for d in week if d.day == 1 and d.year == year), None)
                cells.append(
                    {"kind": "month", "label": month_name(starts.month)[:3]} if starts else {"kind": "blank"}
                )
                for day in week:
                    if day.year != year:
                        cells.append({"kind": "pad"})
                    elif day in days:
                        cells.append(self._calendar_cell(days[day]))
                    else:
                        cells.append({"kind": "empty"})
                monday += dt.timedelta(days=7)
            years.append({"year": year, "cells": cells, "days": len(days)})
            for found in days.values():
                if len(found.entries) > 1:
                    yield self._page(
                        "day.html",
                        f"days/{found.date.isoformat()}.html",
                        title=long_date(found.date),
                        entries=[self.views.entry(e) for e in found.entries],
                    )
        yield self._page("calendar.html", "calendar.html", title="Calendar", years=years)

    def _calendar_cell(self, day: insight.CalendarDay) -> dict[str, Any]:
        count = len(day.entries)
        words = [f"{count} entr{'y' if count == 1 else 'ies'}"]
        if day.moods:
            words.append("mood " + ", then ".join(str(m) for m in day.moods))
        words += [f"session #{n}" for n in day.sessions]
        classes = ["day"]
        classes.append(f"mood-{(day.mood + 1) // 2}" if day.mood is not None else "no-mood")
        if day.sessions:
            classes.append("session")
        return {
            "kind": "day",
            "label": f"{long_date(day.date)}: {', '.join(words)}",
            "url": day.entries[0].url if count == 1 else f"days/{day.date.isoformat()}.html",
            "classes": " ".join(classes),
            "iso": day.date.isoformat(),
        }

    def search_page(self) -> Page:
        return self._page(
            "search.html",
            "search.html",
            title="Search",
            tags=[self.views.link("tags", t.name) for t in self.journal.tags],
            emotions=[self.views.link("emotions", t.name) for t in self.journal.emotions],
            routes=[self.views.link("routes", t.name) for t in self.journal.route_terms],
            kinds=[(k, KIND_LABELS[k]) for k in KINDS],
            files=[search.year_path(year) for year in self.search_years],
            first=self.journal.entries[0].date.isoformat() if self.journal.entries else "",
            last=self.journal.entries[-1].date.isoformat() if self.journal.entries else "",
        )

    def search_files(self) -> Iterator[Page]:
        """The search index: one script per year (search.by_year)."""
        for year, entries in self.search_years.items():
            yield self.search_file(year, entries)

    @functools.cached_property
    def search_years(self) -> dict[int, list[Entry]]:
        return search.by_year(self.journal)

    def search_file(self, year: int, entries: list[Entry]) -> Page:
        """One year's search file; its context holds each entry's text as its cached body's
        `text` (markup.Lazy, keyed by body key) when the body came from the cache."""
        texts = {
            e.source: getattr(body, "text", None) or search.plain_text(body.html)
            for e in entries
            if (body := self.bodies.get(e.source)) is not None
        }
        records = search.records(self.journal, entries, texts)
        known = self.texts

        def text(value: Any) -> str:
            found = known.get(value.key) if isinstance(value, Lazy) else None
            return found if found is not None else str(value)

        def produce() -> bytes:
            return search.year_script(year, [{**r, "text": text(r["text"])} for r in records])

        return Page(search.year_path(year), None, {"records": records}, produce=produce)


def _template_name(filename: str | None, name: str | None) -> str:
    if filename:
        path = Path(filename)
        for part in ("templates",):
            if part in path.parts:
                index = len(path.parts) - 1 - path.parts[::-1].index(part)
                return "/".join(path.parts[index:])
        return str(path)
    return f"templates/{name}"


def _template_frame(exc: BaseException) -> tuple[int | None, str | None]:
    tb = exc.__traceback__
    found: tuple[int | None, str | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (tb.tb_lineno, _template_name(filename, None))
        tb = tb.tb_next
    return found


RenderFn = Callable[[str, bool], str]
