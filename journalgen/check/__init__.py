"""`journalgen check`: validate every entry without building, and warn about likely mistakes.

Errors are what would stop a build (the loader's problems, two files making one page). Warnings
are things a writer would want to know: an emotion, tag or body effect spelled two ways, a
follow-up before any session, a date in the future, a link or image in the journal that does not
exist, and anything embedded from the internet (the private site would call out when opened).

Only what changed since the last check is read and converted again (cache.py: what check keeps in
the journal's cache); the warnings that need the whole journal are worked out from what is kept.
`check(staged=True)` checks what git is about to commit (tree.py), for the pre-commit hook.

The checks live beside this module: entries.py (dates, sessions, notes, scores), spelling.py
(names spelled two ways), links.py (links and images), lines.py (where a warning points).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from journalgen import write
from journalgen.build.fresh import parse_key
from journalgen.build.keys import digest
from journalgen.build.store import Store
from journalgen.build.workers import Progress, Workers
from journalgen.check.cache import Facts, Memory, rendered_facts
from journalgen.check.entries import future_dates, notes_and_blanks, score_reminders, session_problems
from journalgen.check.lines import Lines
from journalgen.check.links import references
from journalgen.check.spelling import EFFECTS_APART, near_duplicates
from journalgen.check.tree import Disk, staged
from journalgen.config import Config
from journalgen.errors import JournalError, Problem
from journalgen.model import Journal
from journalgen.site.links import Targets
from journalgen.site.plan import Planner
from journalgen.site.theme import Theme, copied_files
from journalgen.site.views import Views
from journalgen.source.attachments import document_warning, is_document
from journalgen.source.markdown import linked_key
from journalgen.source.reader import Mapper, Source, convert_bodies, read_journal, title_heading
from journalgen.source.sanitise import neutralised
from journalgen.source.scan import site_path_clashes


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: problems that stop a build, and warnings that do not."""

    entries: int
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def check(
    config: Config, today: dt.date, *, staged_only: bool = False, progress: Progress | None = None
) -> CheckReport:
    """Read every entry (drafts too) and report all errors and warnings, sorted by file and line.

    `staged_only`: check the journal as git is about to commit it, not as it is on disk.
    `progress` is told how far a long check is."""
    store = Store(config.cache_dir)
    if not staged_only:
        return _check(config, today, Disk(config.entries_dir), store, True, progress)
    with staged(config) as (journal, tree, remember):
        return _check(journal, today, tree, store, remember, progress)


def _check(
    config: Config, today: dt.date, tree: Disk, store: Store, remember: bool, progress: Progress | None
) -> CheckReport:
    theme = Theme.of(config)
    questions = theme.questions()
    workers = Workers(None, progress)
    memory = Memory(store, config.entries_dir, parse_key(config, questions))
    scan_ns = time.time_ns()
    files = tree.scan()
    stats = {rel: st for rel in files.markdown if (st := tree.stat(rel)) is not None}
    previous = memory.previous(files.markdown, stats)
    source = read_journal(
        config,
        files,
        previous,
        questions=questions,
        convert=False,
        mapper=workers.map,
        contents=tree.contents,
    )
    entries = [read.entry for read in source.entries.values()]
    journal = Journal(entries, config.routes)

    @functools.cache
    def targets() -> Targets:
        """Where #tags and [[wikilinks]] point (worked out only when an entry has one)."""
        return Targets(journal, files, Views(journal, config))

    keys = {rel: read.key for rel, read in source.entries.items()}
    for e in entries:
        if e.inline_tags or e.wikilinks:
            keys[e.source] = linked_key(keys[e.source], targets().of(e))

    # The site's pages are planned (when they must be) while worker processes convert bodies.
    site = _Beside(lambda: _site_problems(config, source, memory, today, theme))

    def convert(missing: set[str]) -> dict[str, Facts]:
        by_key = {key: e for e, key in zip(entries, keys.values(), strict=True) if key in missing}
        jobs = [
            targets().job(e, key) if e.inline_tags or e.wikilinks else (key, e.body, title_heading(e), ())
            for key, e in by_key.items()
        ]  # the journal's link targets worked out only when some body links across it
        return convert_bodies(jobs, questions, site.beside(workers.map), rendered_facts)

    facts = memory.body_facts(set(keys.values()), source.converted, convert)
    lines = Lines(keys, tree.read)
    errors = [*source.problems, *site.result()]
    dated = list(journal.entries)
    warnings = [
        *files.skipped,
        *future_dates(dated, today, lines),
        *session_problems(journal, lines),
        *near_duplicates(journal.pages, "emotions", "emotion", lines),
        *near_duplicates(journal.pages, "tags", "tag", lines),
        *near_duplicates(journal.pages, "effects", "body effect", lines, field="body", apart=EFFECTS_APART),
        *references(files, entries, {src: facts[key][0] for src, key in keys.items()}, tree.kind),
        *(score_reminders(config, journal, today, lines) if config.score_reminder else ()),
        *notes_and_blanks(entries, lambda e: targets().missing(e) if e.wikilinks else [], lines),
        *(p for e in entries if facts[keys[e.source]][1] for p in neutralised(e, facts[keys[e.source]][1])),
        *_documents(tree, files.assets, memory),
    ]
    if remember:
        memory.save(source, stats, scan_ns, tree.contents)
    return CheckReport(len(files.markdown), _sorted(errors), _sorted(warnings))


class _Beside:
    """Work run in a thread of this process while worker processes convert bodies (started once
    they run, so that they are forked before the thread is), or else when its result is asked for."""

    def __init__(self, work: Callable[[], list[Problem]]) -> None:
        self._work = work
        self._thread: threading.Thread | None = None
        self._outcome: list[Problem] | BaseException | None = None

    def _run(self) -> None:
        try:
            self._outcome = self._work()
        except BaseException as exc:  # raised again where the result is asked for
            self._outcome = exc

    def beside(self, mapper: Mapper) -> Mapper:
        """The mapper, running the work beside it."""

        def mapped(
            work: Callable[[Any], list[Any]],
            items: Sequence[Any],
            init: tuple[Callable[..., None], tuple[Any, ...]],
            what: str,
        ) -> Iterator[list[Any]]:
            chunks = mapper(work, items, init, what)
            first = next(chunks, None)
            if self._thread is None and self._outcome is None:
                self._thread = threading.Thread(target=self._run, daemon=True)
                self._thread.start()
            if first is not None:
                yield first
            yield from chunks

        return mapped

    def result(self) -> list[Problem]:
        if self._thread is not None:
            self._thread.join()
        elif self._outcome is None:
            self._run()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome


class _Unread:
    """A body as planning sees it: the path of a page does not depend on what a body says (but
    for the pages of the threads, one for each question answered, all in a folder of their own)."""

    html = ""
    text = ""
    steps = ()
    questions = ()

    def answer(self, question: str) -> str:
        return ""


_UNREAD = _Unread()


def _site_problems(
    config: Config, source: Source, memory: Memory, today: dt.date, theme: Theme
) -> list[Problem]:
    """What build refuses after reading every entry, by the build's own rules: the output folder,
    and two files of the site on one path (unless two files of entries/ already make one)."""
    problems: list[Problem] = []
    try:
        write.check_output(config)
    except JournalError as exc:
        problems += exc.problems
    if not site_path_clashes(source.files):
        chosen = source.chosen(config.drafts)
        waiting = source.unanswered()
        # The paths of the pages depend on the entries' fields, not on their bodies.
        key = digest(
            repr((repr(config), theme.fingerprint(), waiting))
            + "".join(
                f"\0{e.source}\0{memory.meta(e.source, source.entries[e.source], source.fresh)}"
                for e in chosen
            )
        )

        def plan() -> list[str]:
            journal = Journal(chosen, config.routes)
            unread = {e.source: _UNREAD for e in chosen}
            return Planner(config, journal, today, waiting).paths(unread)  # the paths, no pages

        paths = [*memory.paths(key, plan), *(site for site, _ in copied_files(config, source.files.assets))]
        try:
            write.check_unique([*paths, write.MARKER])
        except JournalError as exc:
            problems += exc.problems
    return problems


def _documents(tree: Disk, assets: tuple[str, ...], memory: Memory) -> list[Problem]:
    """A warning for each document of entries/ published otherwise than as it is."""
    found = []
    for rel in assets:
        if is_document(rel):
            try:
                data = tree.read(rel)
            except OSError:
                continue
            problem = memory.document(rel, data, document_warning)
            if problem is not None:
                found.append(problem)
    return found


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message)))
