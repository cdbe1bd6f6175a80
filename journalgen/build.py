"""The whole pipeline in one place: check the output, load everything, model, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journalgen.config import Config
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


def build(config: Config) -> BuildReport:
    """Build the site; raise JournalError (and write nothing) if any input is invalid."""
    out = check_output(config)
    files = scan(config.entries_dir)
    journal = Journal(load_entries(config, files), config.routes)
    markdown = Renderer()
    bodies = {e.source: markdown(e.body, e.title_is_heading) for e in journal.entries}
    pages = list(SiteRenderer(config, journal, bodies).pages())
    copies = [(f"entries/{rel}", config.entries_dir / rel) for rel in files.assets]
    copies += sorted(theme_files(config).items())
    report = write_site(out, pages, copies)
    return BuildReport(entries=len(journal.entries), pages=len(pages), files=report.files, output=out)
