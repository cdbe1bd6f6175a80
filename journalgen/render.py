"""Turn the model into pages: one Jinja environment, a view per page, (path, bytes) out.

Templates get views made for them (EntryView, TermView), never the model itself, and build
every internal link with `url()`, which makes it relative to the page and names a file, so the
site works from disk (file://) as well as served.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.model import KIND_LABELS, Entry, Journal, Term, long_date, month_name, offset_label

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


def make_environment(config: Config) -> jinja2.Environment:
    """The one Jinja environment: the journal's templates/ over the default theme, autoescaped."""
    search = [str(config.templates_dir), str(default_theme_dir())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["month_name"] = month_name
    return env


def relative_url(page: str, target: str) -> str:
    """A link from one site path to another, relative and percent-encoded: works on file://.

    `page.html#id` links to an id; a `#` followed by a dot belongs to a file name
    (`entries/Session #3.html`), since every site file has a suffix and ids here have no dots.
    """
    path, sep, fragment = target.rpartition("#")
    if not sep or "." in fragment or "/" in fragment:
        path, fragment = target, ""
    rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return quote(rel, safe="/") + (f"#{quote(fragment)}" if fragment else "")


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


class SiteRenderer:
    """Renders every page of a journal; each method yields (site path, bytes)."""

    def __init__(self, config: Config, journal: Journal, bodies: Mapping[str, str]) -> None:
        self.config = config
        self.journal = journal
        self.bodies = bodies
        self.views = Views(journal, config)
        self.env = make_environment(config)

    def _render(self, template: str, path: str, **context: Any) -> tuple[str, bytes]:
        def url(target: str) -> str:
            return relative_url(path, target)

        nav = [
            ("index.html", "Home"),
            ("timeline.html", "Timeline"),
            ("tags/index.html", "Tags"),
            ("emotions/index.html", "Emotions"),
            ("routes/index.html", "Routes"),
        ]
        try:
            html = self.env.get_template(template).render(
                site=self.config,
                page_path=path,
                url=url,
                nav=nav,
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise JournalError.at(
                _template_name(exc.filename, exc.name), exc.lineno, exc.message or ""
            ) from None
        except jinja2.TemplateError as exc:
            line, name = _template_frame(exc)
            raise JournalError.at(name or f"templates/{template}", line, f"template error: {exc}") from None
        return path, html.encode("utf-8")

    def pages(self) -> Iterator[tuple[str, bytes]]:
        yield from self.entry_pages()
        yield self.index_page()
        yield self.timeline_page()
        yield from self.term_pages()
        yield "robots.txt", b"User-agent: *\nDisallow: /\n"

    def entry_page(self, entry: Entry) -> tuple[str, bytes]:
        before, after = self.journal.neighbours(entry)
        view = self.views.entry
        linked: list[EntryView] = []
        if entry.kind == "session":
            linked = [view(e) for e in self.journal.linked(entry)]
        return self._render(
            "entry.html",
            entry.url,
            title=entry.title,
            entry=view(entry),
            body=self.bodies[entry.source],
            previous=view(before) if before else None,
            next=view(after) if after else None,
            linked=linked,
        )

    def entry_pages(self) -> Iterator[tuple[str, bytes]]:
        for entry in self.journal.entries:
            yield self.entry_page(entry)

    def index_page(self) -> tuple[str, bytes]:
        latest = [self.views.entry(e) for e in reversed(self.journal.entries[-10:])]
        return self._render(
            "index.html",
            "index.html",
            title=self.config.title,
            latest=latest,
            counts={
                "entries": len(self.journal.entries),
                "sessions": len(self.journal.sessions),
                "tags": len(self.journal.tags),
                "emotions": len(self.journal.emotions),
            },
        )

    def timeline_page(self) -> tuple[str, bytes]:
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
        return self._render("timeline.html", "timeline.html", title="Timeline", years=years)

    def term_pages(self) -> Iterator[tuple[str, bytes]]:
        headings = {
            "tags": ("Tags", "Tag"),
            "emotions": ("Emotions", "Emotion"),
            "routes": ("Routes", "Route"),
        }
        for folder, terms in self.views.taxonomies():
            plural, singular = headings[folder]
            items = [(self.views.link(folder, t.name), len(t.entries)) for t in terms]
            yield self._render("terms.html", f"{folder}/index.html", title=plural, folder=folder, items=items)
            for term in terms:
                yield self._render(
                    "term.html",
                    f"{folder}/{term.slug}.html",
                    title=f"{singular}: {term.label}",
                    folder=folder,
                    plural=plural,
                    term=self.views.link(folder, term.name),
                    entries=[self.views.entry(e) for e in term.entries],
                )


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
