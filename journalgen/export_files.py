"""Where an export may go and what it is made of: the target checks (never inside entries/,
templates/ or the site; never over a file journalgen did not write), the entries a selection
exports and their bodies' HTML (both from the build's cache where it has them: an export reads
and converts only what changed since the last build), and writing a file while noting it as
journalgen's (Store.remember_written)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from journalgen import write
from journalgen.build.fresh import built_previous, file_stat, parse_key
from journalgen.build.index import Index
from journalgen.build.store import Store
from journalgen.build.workers import Workers
from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.model import Entry, Journal
from journalgen.selection import Selection, select
from journalgen.site.links import Targets
from journalgen.site.theme import Theme
from journalgen.site.views import Views
from journalgen.source.markdown import linked_key
from journalgen.source.questions import Questions
from journalgen.source.reader import Source, convert_bodies, read_journal, serial
from journalgen.source.scan import scan

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
    try:
        folder, taken, parent = path.is_dir(), os.path.lexists(path), path.parent.is_dir()
    except OSError as exc:  # a name no file can have (too long), or a folder not ours to look in
        raise JournalError.at(
            shown, None, f"cannot be written: {exc.strerror or exc}; choose another -o"
        ) from None
    if folder:
        raise JournalError.at(shown, None, f"is a folder; give -o a file name like {kind.example}")
    if taken and not store.wrote(path):
        raise JournalError.at(shown, None, NOT_OURS)
    if not parent:
        raise JournalError.at(shown, None, f"the folder {path.parent} does not exist")
    return path


@dataclass(frozen=True)
class Chosen:
    """The journal (without drafts), the entries a selection exports, and how they were read."""

    journal: Journal
    entries: list[Entry]
    source: Source
    index: Index | None
    """The last build's index, when what it read could be used (its bodies are in the cache)."""
    questions: Questions


def chosen_entries(
    config: Config, selection: Selection, target: Path, workers: Workers | None = None
) -> Chosen:
    """The entries the selection exports (none is an error), read with what the last build read."""
    questions = Theme.of(config).questions()
    files = scan(config.entries_dir)
    stats = {rel: st for rel in files.markdown if (st := file_stat(f"{config.entries_dir}/{rel}"))}
    store = Store(config.cache_dir)
    previous, index = built_previous(store, config.entries_dir, parse_key(config, questions), stats)
    mapper = workers.map if workers is not None else serial
    source = read_journal(config, files, previous, questions=questions, convert=False, mapper=mapper)
    source.raise_problems()
    journal = Journal(source.chosen(drafts=False), config.routes)
    entries = select(journal, selection)
    if not entries:
        raise JournalError.at(
            str(target), None, "no entry that may be shared matches these filters; nothing to export"
        )
    return Chosen(journal, entries, source, index, questions)


def body_html(config: Config, chosen: Chosen, workers: Workers) -> dict[str, str]:
    """The HTML of each chosen entry's body, by source: as the build's cache holds it (keyed by
    everything converting it takes), else converted now."""
    journal = chosen.journal

    @functools.cache
    def targets() -> Targets:
        return Targets(journal, chosen.source.files, Views(journal, config))

    keys: dict[str, str] = {}
    for entry in chosen.entries:
        key = chosen.source.entries[entry.source].key
        keys[entry.source] = (
            linked_key(key, targets().of(entry)) if entry.inline_tags or entry.wikilinks else key
        )
    held = set(chosen.index.bodies) if chosen.index is not None else set()
    stored = Store(config.cache_dir).read_bodies(set(keys.values()) & held)
    missing = {key: entry for entry in chosen.entries if (key := keys[entry.source]) not in stored}
    jobs = [targets().job(entry, key) for key, entry in missing.items()]
    converted = convert_bodies(jobs, chosen.questions, workers.map)
    return {src: stored[key][0] if key in stored else converted[key].html for src, key in keys.items()}


def write_own(store: Store, path: Path, data: bytes) -> None:
    """Write a file whole, readable only by the user, and note it as journalgen's."""
    write.atomic_write(path, data, mode=0o600)
    store.remember_written(path, data)
