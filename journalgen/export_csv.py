"""`journalgen export --csv`: the chosen entries' numbers as one CSV table, for a spreadsheet or the
therapist: one row per entry with its date, kind, session, route, dose, mood, every score,
dissociation and vitals. The same filters as the HTML export; `share: false` is never exported.

The file is UTF-8 with a byte-order mark (so spreadsheets read its accents), comma-separated with
a header row. A text cell that starts with `=`, `+`, `-` or `@` gets a `'` in front, so a
spreadsheet shows it as written instead of running it as a formula. An existing file is replaced
only while it is exactly what journalgen wrote there (the record the HTML export keeps too).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from journalgen.build.store import Store
from journalgen.config import Config
from journalgen.export_files import Target, check_target, chosen_entries, write_own
from journalgen.insight.dose import read_dose
from journalgen.model import Entry, Journal
from journalgen.selection import Selection

COLUMNS = (
    "date", "time", "title", "kind", "session", "days_after", "route", "dose", "dose_amount",
    "dose_unit", "mood",
)  # fmt: skip
"""The first columns, always the same: the header starts with them, which marks a file as ours."""
LAST_COLUMNS = ("dissociation", "blood_pressure_upper", "blood_pressure_lower", "heart_rate", "body")
"""After one column per scale of the journal (phq9, gad7, and those of journal.toml)."""
BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


CSV = Target((".csv",), "a CSV file", "measures.csv")


def _text(value: str | None) -> str:
    """A text cell a spreadsheet shows as written (never run as a formula)."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA) else value


def _number(value: int | float | None) -> str:
    return "" if value is None else f"{value:g}"


def rows(config: Config, journal: Journal, entries: list[Entry]) -> Iterator[list[str]]:
    """The header, then one row per entry, in date order."""
    scales = list(config.scales)
    yield [*COLUMNS, *scales, *LAST_COLUMNS]
    for entry in entries:
        session = journal.session_of(entry)
        number = journal.number(session) if session is not None else None
        dose = read_dose(entry.dose)
        pressure = entry.blood_pressure or (None, None)
        yield [
            entry.date.isoformat(),
            entry.time.strftime("%H:%M") if entry.time is not None else "",
            _text(entry.title),
            entry.kind,
            _number(number),
            _number((entry.date - session.date).days if session is not None else None),
            journal.route_of(entry) or "",
            _text(entry.dose),
            _number(dose.value if dose else None),
            dose.unit if dose else "",
            _number(entry.mood),
            *(_number(entry.scores.get(key)) for key in scales),
            _number(entry.dissociation),
            _number(pressure[0]),
            _number(pressure[1]),
            _number(entry.heart_rate),
            _text(", ".join(entry.effects)),
        ]


def table(config: Config, journal: Journal, entries: list[Entry]) -> str:
    """The CSV text (with its byte-order mark)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows(config, journal, entries))
    return BOM + out.getvalue()


@dataclass(frozen=True)
class CsvReport:
    entries: int
    path: Path


def export_csv(config: Config, selection: Selection, target: Path) -> CsvReport:
    """Write the chosen entries' numbers to `target` (readable by the user alone)."""
    store = Store(config.cache_dir)
    path = check_target(config, target, store, CSV)
    chosen = chosen_entries(config, selection, target)
    write_own(store, path, table(config, chosen.journal, chosen.entries).encode("utf-8"))
    return CsvReport(len(chosen.entries), path)
