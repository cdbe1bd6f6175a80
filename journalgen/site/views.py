"""Typed views of the model made for templates: what a page may show of an entry, a term, a session.

Templates never get the model itself (an Entry, the Journal), only these frozen views, and build
every internal link with `url()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journalgen.config import Config
from journalgen.insight.care import needs_care
from journalgen.insight.dose import read_dose
from journalgen.model import KIND_LABELS, Entry, Journal, Term, long_date, offset_label
from journalgen.scales import ITEMS, find_scale


def dose_label(dose: str | None) -> str:
    """A dose to compare in a table: its amount when it reads as one ("0.5 mg/kg"), else as written."""
    read = read_dose(dose)
    return str(read) if read is not None else (dose or "—")


def days(n: int) -> str:
    """ "1 day", "3 days"."""
    return f"{n} day{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class TermLink:
    """A tag, emotion or route as a link: its name, its label and its page."""

    name: str
    label: str
    url: str


@dataclass(frozen=True)
class BodyFacts:
    """What an entry's front matter says of the body: `body:`, `dissociation:`, the vitals."""

    effects: tuple[str, ...]
    dissociation: int | None
    blood_pressure: str | None
    """"135/85"."""
    heart_rate: int | None

    @classmethod
    def of(cls, entry: Entry) -> BodyFacts | None:
        pressure = entry.blood_pressure
        facts = cls(
            entry.effects,
            entry.dissociation,
            f"{pressure[0]}/{pressure[1]}" if pressure else None,
            entry.heart_rate,
        )
        return facts if facts != _NO_BODY else None


_NO_BODY = BodyFacts((), None, None, None)


@dataclass(frozen=True)
class ScoreView:
    """One questionnaire score of an entry, with its band: PHQ-9, "22 of 27 · severe"."""

    key: str
    label: str
    value: int
    said: str
    """"22 of 27 · severe"."""


@dataclass(frozen=True)
class EntryView:
    """What a template may show of one entry."""

    title: str
    url: str
    source: str
    date: dt.date | None
    """None for a note (kind "note")."""
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
    scores: tuple[ScoreView, ...]
    """Every score the entry records, in the order of the journal's scales."""
    care: bool
    """The page meets the entry with the crisis text (insight.care.needs_care)."""
    dose: str | None
    body: BodyFacts | None
    draft: bool
    session_number: int | None
    session_url: str | None
    session_title: str | None
    offset: str | None
    """For an entry about a session: "+3 days" after it, or "1 day before"."""
    session_phrase: str | None
    """The same in words with the session's number: "+3 days after session #2"."""
    extra: Mapping[str, Any]


class Views:
    """Makes the views of one journal's entries and terms, each entry's view once."""

    def __init__(self, journal: Journal, config: Config) -> None:
        self.journal = journal
        self.config = config
        self._links: dict[tuple[str, str], TermLink] = {}
        for folder, terms in self.taxonomies():
            for term in terms:
                self._links[(folder, term.name)] = TermLink(
                    term.name, term.label, f"{folder}/{term.slug}.html"
                )
        self._entries: dict[str, EntryView] = {}
        self._scale_order = [*config.scales, *(key for key in ITEMS if key not in config.scales)]

    def taxonomies(self) -> tuple[tuple[str, tuple[Term, ...]], ...]:
        """Each taxonomy's folder in the site and its terms."""
        return (
            ("tags", self.journal.tags),
            ("emotions", self.journal.emotions),
            ("routes", self.journal.route_terms),
        )

    def link(self, folder: str, name: str) -> TermLink:
        return self._links[(folder, name)]

    def entry(self, entry: Entry) -> EntryView:
        known = self._entries.get(entry.source)
        if known is not None:
            return known
        if entry.date is None:
            return self._note(entry)
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
            scores=self.scores(entry),
            care=needs_care(entry, self.config.scales),
            dose=entry.dose,
            body=BodyFacts.of(entry),
            draft=entry.draft,
            session_number=number,
            session_url=session.url if session else None,
            session_title=session.title if session else None,
            offset=offset,
            session_phrase=phrase,
            extra=entry.extra,
        )
        self._entries[entry.source] = view
        return view

    def scores(self, entry: Entry) -> tuple[ScoreView, ...]:
        """The entry's scores, each with its scale's label and band, in the scales' order."""
        shown = []
        for key in sorted(entry.scores, key=self._scale_order.index):
            value = entry.scores[key]
            scale = find_scale(self.config.scales, key)
            assert scale is not None  # the reader accepts only known scales
            band = scale.band_of(value)
            said = f"{value} of {scale.maximum}" + (f" · {band.label}" if band else "")
            shown.append(ScoreView(key, scale.label, value, said))
        return tuple(shown)

    def _note(self, note: Entry) -> EntryView:
        view = EntryView(
            title=note.title,
            url=note.url,
            source=note.source,
            date=None,
            iso="",
            date_label="",
            time_label=None,
            kind="note",
            kind_label="Note",
            route=None,
            emotions=(),
            tags=tuple(self.link("tags", t) for t in note.tags),
            mood=None,
            scores=(),
            care=False,
            dose=None,
            body=None,
            draft=note.draft,
            session_number=None,
            session_url=None,
            session_title=None,
            offset=None,
            session_phrase=None,
            extra=note.extra,
        )
        self._entries[note.source] = view
        return view
