"""The whole pipeline in one place: check the output, load everything, model, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journalgen.config import Config
from journalgen.crypto import SiteKey, encrypt_site
from journalgen.errors import JournalError
from journalgen.loader import load_entries, scan
from journalgen.markup import Renderer
from journalgen.model import Journal
from journalgen.render import SiteRenderer, theme_files
from journalgen.write import check_output, write_site


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one-line summary."""

    entries: int
    pages: int
    files: int
    output: Path
    locked: bool = False


def build(config: Config, key: SiteKey | None = None) -> BuildReport:
    """Build the site; raise JournalError (and write nothing) if any input is invalid.

    With `config.encrypt` the site is locked with `key` (see crypto.py) before anything is written.
    """
    if config.encrypt and key is None:
        raise JournalError.at(
            "journal.toml",
            None,
            "encrypt = true needs a password: run again in a terminal, or set the password variable",
        )
    out = check_output(config)
    files = scan(config.entries_dir)
    journal = Journal(load_entries(config, files), config.routes)
    markdown = Renderer()
    bodies = {e.source: markdown(e.body, e.title_is_heading) for e in journal.entries}
    pages = list(SiteRenderer(config, journal, bodies).pages())
    copies = [(f"entries/{rel}", config.entries_dir / rel) for rel in files.assets]
    copies += sorted(theme_files(config).items())
    page_count = len(pages)
    if config.encrypt and key is not None:
        pages, copies = encrypt_site(config, pages, copies, key)
    report = write_site(out, pages, copies)
    return BuildReport(
        entries=len(journal.entries), pages=page_count, files=report.files, output=out, locked=config.encrypt
    )
