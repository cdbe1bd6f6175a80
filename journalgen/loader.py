"""Walk entries/, read each Markdown file strictly, and turn it into a checked Entry.

Every problem in every file is collected, so one run names them all as `path:line: message`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from journalgen.config import Config
from journalgen.errors import JournalError, Problem
from journalgen.frontmatter import Document, Field, FrontMatterError, normalise_text, split
from journalgen.model import KINDS, Entry, long_date
from journalgen.scales import scale_key
from journalgen.slugs import fold

MARKDOWN_SUFFIXES = (".md", ".markdown")

ROUTE_ALIASES = {
    "intravenous": "iv", "infusion": "iv",
    "spravato": "nasal", "intranasal": "nasal", "esketamine": "nasal",
    "intramuscular": "im", "injection": "im",
    "sublingual": "oral", "lozenge": "oral", "troche": "oral", "rdt": "oral",
}  # fmt: skip

KIND_ALIASES = {"followup": "follow-up", "follow up": "follow-up", "follow_up": "follow-up"}

_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
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


def is_ignored(name: str) -> bool:
    """Hidden files and editor leftovers: never entries, never copied, never a reason to rebuild."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", "#"))
        or name == "4913"
    )


@dataclass(frozen=True)
class SourceFiles:
    """What entries/ holds: Markdown entries and other files to copy, as paths below entries/."""

    markdown: tuple[str, ...]
    assets: tuple[str, ...]


def scan(entries_dir: Path) -> SourceFiles:
    """List entries/ recursively in a stable order, skipping hidden files and editor leftovers."""
    markdown: list[str] = []
    assets: list[str] = []

    def walk(folder: str, prefix: str) -> Iterator[str]:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda c: c.name)
        for child in children:
            if is_ignored(child.name):
                continue
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                yield from walk(child.path, rel + "/")
            elif child.is_file():
                yield rel

    if entries_dir.is_dir():
        for rel in walk(str(entries_dir), ""):
            (markdown if rel.lower().endswith(MARKDOWN_SUFFIXES) else assets).append(rel)
    return SourceFiles(tuple(markdown), tuple(assets))


def parse_date(text: str) -> tuple[dt.date, dt.time | None, str | None]:
    """Read `2026-11-20`, `2026-11-20 21:14`, `2026-11-20T21:14:00+01:00` and the like."""
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, optionally with HH:MM")
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None
    when = None
    if parts["H"] is not None:
        try:
            when = dt.time(int(parts["H"]), int(parts["M"]), int(parts["S"] or 0))
        except ValueError:
            raise ValueError(f"{text!r} has a time that does not exist") from None
    tz = parts["tz"]
    if tz and tz != "Z" and ":" not in tz:
        tz = f"{tz[:3]}:{tz[3:]}"
    return day, when, tz


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


class _Fields:
    """Reads typed values out of front-matter fields, collecting problems with their lines."""

    def __init__(self, path: str, fields: Mapping[str, Field]) -> None:
        self.path = path
        self.fields = fields
        self.problems: list[Problem] = []

    def problem(self, key: str | None, message: str) -> None:
        line = self.fields[key].line if key in self.fields else (1 if key else None)
        self.problems.append(Problem(self.path, line, message))

    def text(self, key: str) -> str | None:
        field = self.fields.get(key)
        if field is None or field.is_null:
            return None
        if field.node.id != "scalar":
            self.problem(key, f"{key} must be text, not a list or mapping")
            return None
        value = str(field.node.value).strip()
        return value or None

    def names(self, key: str) -> tuple[str, ...]:
        field = self.fields.get(key)
        if field is None or field.is_null:
            return ()
        if field.node.id == "scalar":
            raw = [part for part in str(field.node.value).split(",")]
        elif field.node.id == "sequence" and all(n.id == "scalar" for n in field.node.value):
            raw = [str(n.value) for n in field.node.value]
        else:
            self.problem(key, f"{key} must be a list like [calm, grief] or text like 'calm, grief'")
            return ()
        folded = (fold(name) for name in raw)
        return tuple(dict.fromkeys(name for name in folded if name))


def _scores(f: _Fields, field: Field | None, config: Config) -> dict[str, int]:
    """Read `scores: {phq9: 12, gad7: 8}`: known scales, whole numbers inside each scale's range."""
    if field is None or field.is_null:
        return {}
    if not isinstance(field.node, MappingNode):
        f.problem("scores", "scores must be a mapping of scale to number, like {phq9: 12, gad7: 8}")
        return {}
    known = ", ".join(f"{s.key} ({s.label})" for s in config.scales.values())
    scores: dict[str, int] = {}
    seen: set[str] = set()
    for key_node, value_node in field.node.value:
        line = key_node.start_mark.line + 2
        name = str(key_node.value)
        key = scale_key(name)
        scale = config.scales.get(key)
        if scale is None:
            f.problems.append(
                Problem(
                    f.path,
                    line,
                    f"scores: unknown scale {name!r}; the scales are {known} "
                    "(define more under [scales] in journal.toml)",
                )
            )
            continue
        if key in seen:
            f.problems.append(Problem(f.path, line, f"scores: {scale.label} is given twice; keep one"))
            continue
        seen.add(key)
        raw = str(value_node.value).strip() if isinstance(value_node, ScalarNode) else None
        if raw is None or not re.fullmatch(r"[+-]?\d+", raw):
            shown = raw if raw is not None else "a list or mapping"
            f.problems.append(Problem(f.path, line, f"scores: {name} must be a whole number, not {shown}"))
            continue
        value = int(raw)
        if not scale.minimum <= value <= scale.maximum:
            f.problems.append(
                Problem(
                    f.path,
                    line,
                    f"scores: {name} is {value}, but {scale.label} scores run from "
                    f"{scale.minimum} to {scale.maximum}",
                )
            )
            continue
        scores[key] = value
    return scores


def _parse_entry(rel: str, raw: bytes, config: Config) -> Entry:
    shown = f"entries/{rel}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise JournalError.at(
            shown, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    try:
        doc: Document = split(normalise_text(text))
    except FrontMatterError as exc:
        raise JournalError.at(shown, exc.line, exc.message) from None

    f = _Fields(shown, doc.fields)
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
        name_date = _FILE_DATE.match(rel.rsplit("/", 1)[-1])
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
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            f.problem("mood", f"mood must be a whole number from 1 to 10, not {value!r}")
        else:
            mood = value

    scores = _scores(f, doc.fields.get("scores"), config)

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


def load_entry(rel: str, raw: bytes, config: Config) -> Entry:
    """Turn one file's bytes into an Entry, or raise JournalError naming every problem in it."""
    return _parse_entry(rel, raw, config)


def load_entries(config: Config, files: SourceFiles) -> list[Entry]:
    """Read every Markdown file; raise one JournalError naming every problem in every file."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for rel in files.markdown:
        try:
            entry = load_entry(rel, (config.entries_dir / rel).read_bytes(), config)
        except JournalError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(f"entries/{rel}", None, f"cannot be read: {exc.strerror}"))
        else:
            if config.drafts or not entry.draft:
                entries.append(entry)
    if problems:
        raise JournalError(problems)
    return entries


def read_entries(config: Config, files: SourceFiles) -> tuple[list[Entry], list[Problem]]:
    """Read every Markdown file, drafts included, past any bad one: the entries and the problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for rel in files.markdown:
        try:
            entries.append(load_entry(rel, (config.entries_dir / rel).read_bytes(), config))
        except JournalError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(f"entries/{rel}", None, f"cannot be read: {exc.strerror}"))
    return entries, problems
