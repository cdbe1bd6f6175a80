"""Read one entry file strictly into a checked Entry, naming every problem with its line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import posixpath
import re
from types import MappingProxyType
from typing import Any

from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.model import KINDS, Entry, long_date
from journalgen.slugs import fold
from journalgen.source.dates import file_date, from_epoch, leading_date, parse_date
from journalgen.source.fields import Fields, read_scores
from journalgen.source.frontmatter import Document, FrontMatterError, normalise_text, split
from journalgen.source.inline import mentions
from journalgen.source.questions import Questions
from journalgen.source.titles import first_heading, name_title
from journalgen.source.vitals import BODY_KEYS, NO_BODY, read_body

KIND_ALIASES = {"followup": "follow-up", "follow up": "follow-up", "follow_up": "follow-up"}

KNOWN_KEYS = (
    "title",
    "date",
    "kind",
    "session",
    "route",
    "emotions",
    "tags",
    "mood",
    "scores",
    "dose",
    "draft",
    "published",
    *BODY_KEYS,
)
_GENERIC_NAMES = (*KINDS, *KIND_ALIASES, "entry", "journal", "note", "index", "_index")
"""File-name words that name no entry (what `new` calls a file without --title): no title."""


def unknown_route(written: str, config: Config) -> str:
    """What to say of a route no route is known by: every route with the names it accepts."""
    return (
        f"unknown route {written!r}; use one of: {config.routes.accepted()} "
        "(or add it, or another name for one, under [routes] in journal.toml)"
    )


def load_entry(rel: str, raw: bytes, config: Config, questions: Questions | None = None) -> Entry:
    """Turn one file's bytes into an Entry (a note when it has no date), or raise JournalError
    naming every problem in it. `questions`: the prompt templates' (to tell an entry left as its
    template wrote it)."""
    shown = f"entries/{rel}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = normalise_text(raw[: exc.start].decode("utf-8")).count("\n") + 1
        raise JournalError.at(
            shown, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    try:
        doc: Document = split(normalise_text(text))
    except FrontMatterError as exc:
        raise JournalError.at(shown, exc.line, exc.message) from None

    f = Fields(shown, doc.fields)
    title = f.text("title")
    day, when, tz, name_words = _read_date(f, rel, config)

    kind = "reflection"
    kind_text = f.text("kind")
    if kind_text is not None:
        folded = KIND_ALIASES.get(kind_text.casefold(), kind_text.casefold())
        if folded in KINDS:
            kind = folded
        else:
            f.problem("kind", f"unknown kind {kind_text!r}; use one of: {', '.join(KINDS)}")

    session_date: dt.date | None = None
    session_text = f.text("session")
    if session_text is not None:
        try:
            session_date = parse_date(session_text)[0]
        except ValueError as exc:
            f.problem("session", f"session: {exc}")

    route: str | None = None
    route_text = f.text("route")
    if route_text is not None:
        route = config.routes.find(route_text)
        if route is None:
            f.problem("route", unknown_route(route_text, config))

    mood: int | None = None
    mood_field = f.get("mood")
    if mood_field is not None and not mood_field.is_null:
        value: Any = mood_field.value
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):  # not '²' nor 5,000 digits
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            f.problem("mood", f"mood must be a whole number from 1 to 10, not {value!r}")
        else:
            mood = value

    scores = read_scores(f, f.get("scores"), config)

    draft = _yes_no(f, "draft", False)
    if not _yes_no(f, "published", True) or "_drafts" in rel.split("/")[:-1]:
        draft = True  # Jekyll's `published: false`, and its _drafts/ folder

    emotions = f.names("emotions")
    found = mentions(doc.body)
    inline_tags = tuple(dict.fromkeys(t for t in (fold(name) for name in found.tags) if t))
    tags = tuple(dict.fromkeys((*f.names("tags", spaced=True), *inline_tags)))
    dose = f.text("dose")
    body = read_body(f)
    if f.problems:
        raise JournalError(sorted(f.problems, key=lambda p: p.line or 0))  # top to bottom

    title_is_heading = False
    if title is None:
        heading = first_heading(doc.body)
        title_is_heading = heading is not None
        if day is not None:  # the words after the date in the file name, else the date
            title = heading or name_title(name_words, _GENERIC_NAMES) or long_date(day)
        else:  # a note: the file's name
            stem = posixpath.splitext(posixpath.basename(rel))[0]
            title = heading or name_title(stem) or stem
    unanswered = (
        questions is not None
        and not (emotions or tags or mood or scores or dose or body != NO_BODY)
        and questions.unanswered(doc.body)
    )
    extra = {k: v.value for k, v in doc.fields.items() if k.casefold() not in KNOWN_KEYS}
    return Entry(
        source=rel,
        title=title,
        date=day,
        time=when,
        utc_offset=tz,
        kind=kind,
        session_date=session_date or (day if kind == "session" else None),
        route=route,
        emotions=emotions,
        tags=tags,
        mood=mood,
        scores=MappingProxyType(scores),
        dose=dose,
        effects=body.effects,
        dissociation=body.dissociation,
        blood_pressure=body.blood_pressure,
        heart_rate=body.heart_rate,
        draft=draft,
        unanswered=unanswered,
        title_is_heading=title_is_heading,
        extra=MappingProxyType(extra),
        inline_tags=inline_tags,
        wikilinks=found.links,
        cautions=tuple(f.cautions),
        body=doc.body,
        body_line=doc.body_line,
    )


def _yes_no(f: Fields, key: str, default: bool) -> bool:
    field = f.get(key)
    if field is None or field.is_null:
        return default
    value = field.value
    if isinstance(value, str) and value.casefold() in ("yes", "no"):
        value = value.casefold() == "yes"
    if not isinstance(value, bool):
        f.problem(key, f"{key} must be true or false, not {value!r}")
        return default
    return value


Day = tuple[dt.date | None, dt.time | None, str | None, str]


def _read_date(f: Fields, rel: str, config: Config) -> Day:
    """The date (and time and offset) of a file and the words of its name after its date:
    `date:` in any letter case, else the file name's date, else `created:` (ISO or epoch
    milliseconds); no date at all makes the file a note."""
    named = file_date(posixpath.basename(rel))
    words = named.words if named else ""
    field = f.get("date")
    if field is not None and field.node.id != "scalar":
        f.text("date")  # reports it
        return None, None, None, words
    date_text = f.text("date")
    if date_text is not None:
        try:
            return (*parse_date(date_text), words)
        except ValueError as exc:
            lead = leading_date(date_text)
            if lead is None:
                f.problem("date", str(exc))
                return None, None, None, words
            day, when, rest = lead
            f.caution(
                "date",
                f"warning: date {date_text!r} is read as {day}{f' {when:%H:%M}' if when else ''}; the rest "
                f"({rest!r}) is not understood: write it as YYYY-MM-DD HH:MM, with an offset like +01:00",
            )
            return day, when, None, words
    if named is not None:
        try:
            return (*parse_date(named.text), words)
        except ValueError as exc:
            f.problem("date", f"the file name starts with a date that does not exist: {exc}")
            return None, None, None, words
    created = f.get("created")
    if created is not None and created.node.id == "scalar" and not created.is_null:
        value = created.value
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return (*from_epoch(value, config.tzinfo), words)
            except (OverflowError, OSError, ValueError):
                pass
        else:
            try:
                return (*parse_date(str(value)), words)
            except ValueError:
                pass  # another tool's field: an unreadable one leaves the file a note
    return None, None, None, words


def body_of(raw: bytes) -> str:
    """The body of a valid entry file, as load_entry() reads it (without checking anything else)."""
    return split(normalise_text(raw.decode("utf-8"))).body


_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.name != "body")


def fields_digest(entry: Entry) -> str:
    """A digest of everything of an entry but its body: entries with equal digests look the same
    on every page but their own (their values are plain, so their repr is stable)."""
    text = repr(tuple(getattr(entry, name) for name in _FIELDS))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
