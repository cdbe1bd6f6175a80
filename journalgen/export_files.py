"""Where an export may go and what it is made of: the target checks (never inside entries/,
templates/ or the site; never over a file journalgen did not write), the entries a selection
exports, and writing a file while noting it as journalgen's (Store.remember_written)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from journalgen import write
from journalgen.build.store import Store
from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.model import Entry, Journal
from journalgen.selection import Selection, select
from journalgen.site.theme import Theme
from journalgen.source.reader import read_journal
from journalgen.source.scan import SourceFiles

NOT_OURS = (
    "exists and was not written by journalgen export (or was changed since); journalgen never "
    "overwrites it: choose another -o name or move it"
)


@dataclass(frozen=True)
class Target:
    """What kind of file an export writes: its suffixes, and a name to suggest."""

    suffixes: tuple[str, ...]
    what: str
    """"an HTML file"."""
    example: str
    """A file name to suggest: "therapist.html"."""


HTML = Target((".html", ".htm"), "an HTML file", "therapist.html")


def check_target(config: Config, target: Path, store: Store, kind: Target = HTML) -> Path:
    """Refuse an export path that would overwrite the user's own file or land in the site or entries.

    A file may be replaced only while it is exactly what journalgen wrote there (the record in
    `store`, see Store.wrote)."""
    path = target.expanduser().resolve()
    shown = str(target)
    for folder, why in (
        (config.entries_dir.resolve(), "inside entries/, where it would become part of the journal"),
        (config.templates_dir.resolve(), "inside templates/"),
        (config.output_dir, "inside the built site, which the next build replaces"),
    ):
        if folder == path or folder in path.parents:
            raise JournalError.at(shown, None, f"refusing to write the export {why}; choose another -o")
    if path.suffix.lower() not in kind.suffixes:
        raise JournalError.at(
            shown, None, f"the export is {kind.what}; give -o a name ending in {kind.suffixes[0]}"
        )
    if path.is_dir():
        raise JournalError.at(shown, None, f"is a folder; give -o a file name like {kind.example}")
    if os.path.lexists(path) and not store.wrote(path):
        raise JournalError.at(shown, None, NOT_OURS)
    if not path.parent.is_dir():
        raise JournalError.at(shown, None, f"the folder {path.parent} does not exist")
    return path


def chosen_entries(
    config: Config, selection: Selection, target: Path
) -> tuple[Journal, list[Entry], SourceFiles]:
    """The journal (without drafts), the entries the selection exports (none is an error) and
    the journal's files (what its links may point at)."""
    source = read_journal(config, convert=False, questions=Theme.of(config).questions())
    source.raise_problems()
    journal = Journal(source.chosen(drafts=False), config.routes)
    entries = select(journal, selection)
    if not entries:
        raise JournalError.at(
            str(target), None, "no entry that may be shared matches these filters; nothing to export"
        )
    return journal, entries, source.files


def write_own(store: Store, path: Path, data: bytes) -> None:
    """Write a file whole, readable only by the user, and note it as journalgen's."""
    write.atomic_write(path, data, mode=0o600)
    store.remember_written(path, data)
