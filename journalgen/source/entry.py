"""Read one entry file strictly into a checked Entry, naming every problem with its line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from types import MappingProxyType
from typing import Any

from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.model import KINDS, Entry, long_date
from journalgen.source.dates import FILE_DATE, parse_date
from journalgen.source.fields import Fields, read_scores
from journalgen.source.frontmatter import Document, FrontMatterError, normalise_text, split

ROUTE_ALIASES = {
    "intravenous": "iv", "infusion": "iv",
    "spravato": "nasal", "intranasal": "nasal", "esketamine": "nasal",
    "intramuscular": "im", "injection": "im",
    "sublingual": "oral", "lozenge": "oral", "troche": "oral", "rdt": "oral",
}  # fmt: skip

KIND_ALIASES = {"followup": "follow-up", "follow up": "follow-up", "follow_up": "follow-up"}

_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
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
)


def first_heading(body: str) -> str | None:
    """The text of the first level-1 heading (`# Title` or `Title` over `===`), if any.

    Fenced code and HTML comments (prompt hints, private notes) are skipped: they never
    become the title, so the heading the page leaves out is the one that became the title.
    """
    fence: str | None = None
    in_comment = False
    previous = ""
    for line in body.split("\n"):
        if in_comment:
            in_comment = "-->" not in line
            previous = ""
            continue
        opener = _FENCE_OPEN.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            previous = ""
            continue
        stripped = line.strip()
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped[4:]
            previous = ""
            continue
        heading = _HEADING.match(line)
        if heading:
            return heading.group(1).strip()
        if _SETEXT_H1.match(line) and previous.strip() and not previous.startswith(("    ", "\t")):
            return previous.strip()
        previous = line
    return None


def load_entry(rel: str, raw: bytes, config: Config) -> Entry:
    """Turn one file's bytes into an Entry, or raise JournalError naming every problem in it."""
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

    day: dt.date | None = None
    when: dt.time | None = None
    tz: str | None = None
    date_text = f.text("date")
    if "date" in doc.fields and doc.fields["date"].node.id != "scalar":
        pass  # already reported by f.text
    elif date_text is not None:
        try:
            day, when, tz = parse_date(date_text)
        except ValueError as exc:
            f.problem("date", str(exc))
    else:
        name_date = FILE_DATE.match(rel.rsplit("/", 1)[-1])
        if name_date:
            try:
                day, when, tz = parse_date(name_date.group(1))
            except ValueError as exc:
                f.problem("date", f"the file name starts with a date that does not exist: {exc}")
        else:
            f.problem(
                "date",
                "no date: add `date: YYYY-MM-DD` to the front-matter, or start the file name with the date",
            )

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
        key = route_text.casefold()
        key = ROUTE_ALIASES.get(key, key)
        if key in config.routes:
            route = key
        else:
            valid = ", ".join(config.routes)
            f.problem(
                "route",
                f"unknown route {route_text!r}; use one of: {valid} "
                "(or add it under [routes] in journal.toml)",
            )

    mood: int | None = None
    if "mood" in doc.fields and not doc.fields["mood"].is_null:
        value: Any = doc.fields["mood"].value
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):  # not '²' nor 5,000 digits
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            f.problem("mood", f"mood must be a whole number from 1 to 10, not {value!r}")
        else:
            mood = value

    scores = read_scores(f, doc.fields.get("scores"), config)

    draft = False
    if "draft" in doc.fields and not doc.fields["draft"].is_null:
        value = doc.fields["draft"].value
        if isinstance(value, str) and value.casefold() in ("yes", "no"):
            value = value.casefold() == "yes"
        if not isinstance(value, bool):
            f.problem("draft", f"draft must be true or false, not {value!r}")
        else:
            draft = value

    emotions = f.names("emotions")
    tags = f.names("tags")
    dose = f.text("dose")
    if f.problems:
        raise JournalError(sorted(f.problems, key=lambda p: p.line or 0))  # top to bottom
    assert day is not None

    title_is_heading = False
    if title is None:
        heading = first_heading(doc.body)
        title_is_heading = heading is not None
        title = heading or long_date(day)
    extra = {k: v.value for k, v in doc.fields.items() if k not in KNOWN_KEYS}
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
        draft=draft,
        title_is_heading=title_is_heading,
        extra=MappingProxyType(extra),
        body=doc.body,
        body_line=doc.body_line,
    )


def body_of(raw: bytes) -> str:
    """The body of a valid entry file, as load_entry() reads it (without checking anything else)."""
    return split(normalise_text(raw.decode("utf-8"))).body


_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.name != "body")


def fields_digest(entry: Entry) -> str:
    """A digest of everything of an entry but its body: entries with equal digests look the same
    on every page but their own (their values are plain, so their repr is stable)."""
    text = repr(tuple(getattr(entry, name) for name in _FIELDS))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
