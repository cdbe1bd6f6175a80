"""`build()`: the whole pipeline, and the only place that knows the order of its steps.

Read every entry and check it; plan every page from the model; render the pages whose inputs
changed and write them, all checked before the first byte is written.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from journalgen import staging, write
from journalgen.build.incremental import Incremental
from journalgen.build.index import Shown
from journalgen.build.keys import digest
from journalgen.build.report import BuildReport
from journalgen.build.state import BuildState, Work
from journalgen.config import Config
from journalgen.errors import JournalError

if TYPE_CHECKING:
    from journalgen.build.workers import Progress, Workers
    from journalgen.lock.cipher import SiteKey
    from journalgen.site.render import PageRenderer


def build(
    config: Config,
    key: SiteKey | None = None,
    *,
    state: BuildState | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    changed: Collection[str] | None = None,
    written: Callable[[], None] | None = None,
    keep: list[object] | None = None,
) -> BuildReport:
    """Build the site; raise JournalError (and write nothing) if any input is invalid.

    With `config.encrypt` the site is locked with `key` (see lock/) before anything is
    written. `state`: what earlier builds in this process learned (see BuildState). `jobs`: worker
    processes (None: one per core when there is enough to do). `progress` is told how far it is.
    `changed`: the paths a watcher saw change since the last build with this state (None: look
    at everything). `written()` is called as soon as the site is written, before the cache is
    saved. `keep`: what the build held is added to it, for a caller that holds it until its
    process ends (cli.run: freeing it object by object takes longer than the rest of the exit).
    One build at a time changes a site; it first finishes or undoes what a stopped one left
    (staging.recover), and says so in the report's notes.
    """
    started = time.perf_counter()
    if config.encrypt and key is None:
        raise JournalError.at("journal.toml", None, "encrypt = true needs a password: run again in a "
                              "terminal, or set the password variable")  # fmt: skip
    out = write.check_output(config)
    with staging.site_lock(out, progress):
        notes = staging.recover(out)
        engine = Incremental(config, out, state)
        if keep is not None:
            keep.append(engine)
        report = _build(config, key, engine, state is None, (jobs, progress), started, changed, written)
    return dataclasses.replace(report, notes=tuple(notes))


def _build(
    config: Config,
    key: SiteKey | None,
    engine: Incremental,
    alone: bool,
    pool: tuple[int | None, Progress | None],
    started: float,
    changed: Collection[str] | None,
    written_now: Callable[[], None] | None,
) -> BuildReport:
    out = engine.out
    if engine.unchanged(changed, fork=alone):
        if not alone:
            _hold(config, engine)
        return BuildReport.nothing(
            engine.old.entries, engine.old.pages, len(engine.old.manifest), out, started
        )
    # Reading, rendering and the worker processes are imported only when there is work to do.
    from journalgen.build.spill import Spills
    from journalgen.build.workers import PARALLEL_MIN, Workers
    from journalgen.site.render import PageRenderer
    from journalgen.source.reader import read_journal
    from journalgen.source.safety import SAFETY_PAGE

    scanned = engine.scanned
    workers = Workers(*pool)
    previous = engine.previous()
    cold = not previous.entries and len(scanned.files.markdown) >= PARALLEL_MIN
    with Spills.beside(out, cold) as spills:  # a cold build's bodies stay where workers wrote them
        source = read_journal(
            config, scanned.files, previous, questions=engine.questions, mapper=workers.map, keep=spills.keep
        )
        source.raise_problems()
        journal, planner = engine.model(source)
        bodies = engine.bodies(source, journal, workers, spills)
    source.converted.clear()  # at hand in engine.bodies_at_hand: not held twice
    work = engine.plan(planner, bodies)
    write.check_unique([*work.paths, *(site for site, _ in scanned.copies), write.MARKER])
    engine.load(work, workers)
    plan_path = SAFETY_PAGE if engine.links_plan else None
    renderer = PageRenderer(config, engine.environment(), plan_path, engine.fragments())
    try:
        if key is not None and config.encrypt:
            written, removed, manifest, keys = _write_locked(engine, renderer, work, key), [], {}, {}
            shows: dict[str, Shown] = {}
        elif work.in_place:
            written, removed, manifest = _write_in_place(engine, renderer, work)
            keys, shows = work.keys, work.shows
        else:
            written, removed, manifest, keys, shows = _write_whole(engine, renderer, work, workers)
    except BaseException as exc:
        engine.forget()
        if isinstance(exc, OSError):
            raise write.cannot_write(out, exc) from None
        raise
    if written_now is not None:
        written_now()
    engine.remember(manifest, keys, shows, renderer.reads)
    return BuildReport(
        entries=len(journal.entries),
        note_pages=len(journal.notes),
        unanswered=tuple(f"entries/{rel}" for rel in source.unanswered()),
        pages=len(work.paths),
        files=len(written) if config.encrypt else len(manifest),
        output=out,
        written=tuple(written),
        removed=tuple(removed),
        unchanged=0 if config.encrypt else len(manifest) - len(written),
        parsed=len(source.fresh),
        converted=len(engine.bodies_at_hand.converted),
        rendered=len(work.pages),
        locked=config.encrypt,
        mode="incremental" if work.in_place else "full",
        seconds=time.perf_counter() - started,
    )


def _hold(config: Config, engine: Incremental) -> None:
    """After a build that found nothing to do, for a caller that builds again with the same state
    (serve): have at hand what the next one will need, the last build's record, the parsed
    entries and the model, so the first save after it is as quick as the ones after."""
    from journalgen.source.reader import read_journal

    if engine.state.model is not None:
        return
    engine.read_rest()
    source = read_journal(config, engine.scanned.files, engine.previous(), questions=engine.questions)
    if not source.problems:
        engine.model(source)


Manifest = dict[str, tuple[str, int, int]]


def _write_in_place(
    engine: Incremental, renderer: PageRenderer, work: Work
) -> tuple[list[str], list[str], Manifest]:
    """Replace only the files that changed, in the live site: render everything first, write the
    changed files aside, then move them in (staging.Staged)."""
    out, old, scanned = engine.out, engine.old, engine.scanned
    changed: list[tuple[str, bytes, str]] = []
    for page in work.pages:
        data = renderer.render(page)
        made = digest(data)
        if page.path not in old.manifest or old.manifest[page.path][0] != made:
            changed.append((page.path, data, made))
    copies = [
        (site, path)
        for site, path in scanned.copies
        if site not in old.manifest or tuple(old.sources.get(site, ())) != scanned.sources[site]
    ]
    wanted = {*work.paths, *(site for site, _ in scanned.copies)}
    removed = sorted(set(old.manifest) - wanted - {write.MARKER})
    manifest = dict(old.manifest)
    if not (changed or copies or removed):
        return [], [], manifest
    staged = staging.Staged(out)
    try:  # every changed file is written aside first: a failure here leaves the site as it was
        for rel, data, made in changed:
            manifest[rel] = (made, *staged.put(rel, data))
        for site, path in copies:
            manifest[site] = ("", *staged.copy(site, path))
        staged.commit(removed)
    except BaseException:
        staged.discard()
        raise
    engine.clear()
    try:
        staged.apply()
    except OSError as exc:
        raise staging.unfinished(out, exc) from None
    for rel in removed:
        del manifest[rel]
    written = [rel for rel, _, _ in changed] + [site for site, _ in copies]
    return written, removed, manifest


def _write_locked(engine: Incremental, renderer: PageRenderer, work: Work, key: SiteKey) -> list[str]:
    """Render every page, lock it all with the key, and write it as a new site swapped in whole.

    A locked site keeps no manifest of pages (no page keys): the next build writes it whole,
    keeping the blobs of unchanged files (lock.cipher.SiteKey.blob_file)."""
    from journalgen.lock.site import encrypt_site, is_locked_site

    out = engine.out
    pages = [(page.path, renderer.render(page)) for page in work.pages]
    previous = out if out.is_dir() and is_locked_site(out) else None
    sealed, plain = encrypt_site(engine.config, pages, engine.scanned.copies, key, previous)
    engine.clear()
    report = write.write_site(out, sealed, plain)
    return sorted(report.stamps)


def _write_whole(
    engine: Incremental, renderer: PageRenderer, work: Work, workers: Workers
) -> tuple[list[str], list[str], Manifest, dict[str, str], dict[str, Shown]]:
    """Render and write every page into a new folder beside the output, then swap it in."""
    from journalgen.build.workers import render_into

    out, scanned = engine.out, engine.scanned
    manifest: Manifest = {}
    keys: dict[str, str] = {}
    shows: dict[str, Shown] = {}
    tmp = write.new_folder(out)
    # Every page is rendered: the bodies wait on disk, read again by the pages that show them.
    engine.bodies_at_hand.spill(out.parent, f".{out.name}{write.TEMP}bodies-")
    try:
        assert work.make is not None
        for rel, made, size, mtime, page_key, shown in render_into(
            tmp, renderer, work.paths, work.make, (engine.page_theme, engine.places), workers
        ):
            manifest[rel] = (made, size, mtime)
            keys[rel] = page_key
            shows[rel] = shown
        for site, path in scanned.copies:
            manifest[site] = ("", *write.put_copy(tmp, site, path))
        engine.clear()
        manifest[write.MARKER] = ("", *write.finish(tmp, out))
    except BaseException:
        write.discard(tmp)
        raise
    old = engine.old
    removed = sorted(set(old.manifest) - set(manifest)) if old.output == str(out) else []
    return sorted(manifest), removed, manifest, keys, shows
