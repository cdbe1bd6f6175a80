"""`journalgen check`: validate every entry without building, and warn about likely mistakes.

Errors are what would stop a build (the loader's problems, two files making one page). Warnings
are things a writer would want to know: an emotion, tag or body effect spelled two ways, a
follow-up before any session, a date in the future, a link or image in the journal that does not
exist, and anything embedded from the internet (the private site would call out when opened).

The checks live beside this module: entries.py (dates, sessions, notes, scores), spelling.py
(names spelled two ways), links.py (links and images), lines.py (where a warning points).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from journalgen import write
from journalgen.check.entries import future_dates, notes_and_blanks, score_reminders, session_problems
from journalgen.check.lines import field_lines
from journalgen.check.links import references
from journalgen.check.spelling import EFFECTS_APART, near_duplicates
from journalgen.config import Config
from journalgen.errors import JournalError, Problem
from journalgen.model import Journal
from journalgen.site.links import Targets
from journalgen.site.plan import Planner, copied_files
from journalgen.site.theme import Theme
from journalgen.site.views import Views
from journalgen.source.attachments import risky_documents
from journalgen.source.markdown import Rendered
from journalgen.source.reader import Source, convert_bodies, read_journal
from journalgen.source.sanitise import neutralised
from journalgen.source.scan import site_path_clashes


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: problems that stop a build, and warnings that do not."""

    entries: int
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def check(config: Config, today: dt.date) -> CheckReport:
    """Read every entry (drafts too) and report all errors and warnings, sorted by file and line."""
    questions = Theme.of(config).questions()
    source = read_journal(config, convert=False, questions=questions)
    files = source.files
    entries = [read.entry for read in source.entries.values()]
    lines = {e.source: field_lines(config, e) for e in entries}
    journal = Journal(entries, config.routes)
    targets = Targets(journal, files, Views(journal, config))
    bodies = convert_bodies((targets.job(e) for e in entries), questions)
    errors = [*source.problems, *site_problems(config, source, bodies, today)]
    dated = list(journal.entries)
    warnings = [
        *files.skipped,
        *future_dates(dated, today, lines),
        *session_problems(journal, lines),
        *near_duplicates(entries, "emotions", "emotion", lines),
        *near_duplicates(entries, "tags", "tag", lines),
        *near_duplicates(entries, "effects", "body effect", lines, field="body", apart=EFFECTS_APART),
        *references(config, files, entries, bodies),
        *(score_reminders(config, journal, today, lines) if config.score_reminder else ()),
        *notes_and_blanks(entries, targets, lines),
        *(p for e in entries for p in neutralised(e, bodies[e.source].neutralised)),
        *risky_documents(config.entries_dir, files.assets),
    ]
    return CheckReport(len(files.markdown), _sorted(errors), _sorted(warnings))


def site_problems(
    config: Config, source: Source, bodies: Mapping[str, Rendered], today: dt.date
) -> list[Problem]:
    """What build refuses after reading every entry, by the build's own rules: the output folder,
    and two files of the site on one path (unless two files of entries/ already make one)."""
    problems: list[Problem] = []
    try:
        write.check_output(config)
    except JournalError as exc:
        problems += exc.problems
    if not site_path_clashes(source.files):
        journal = Journal(source.chosen(config.drafts), config.routes)
        paths = [page.path for page in Planner(config, journal, today).plan(bodies)]
        paths += [site for site, _ in copied_files(config, source.files.assets)]
        try:
            write.check_unique([*paths, write.MARKER])
        except JournalError as exc:
            problems += exc.problems
    return problems


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message)))
