"""Work spread over processes in a cold build: reading and converting entries, rendering and
writing pages (the pools themselves: pools.py).

Below PARALLEL_MIN items a pool costs more than it saves, so the work runs in this process. The
output is the same either way.
"""

from __future__ import annotations

import collections
import gc
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalgen import write
from journalgen.build.deps import Places, shown
from journalgen.build.index import Shown
from journalgen.build.keys import SHARED, Memo, digest, page_key
from journalgen.build.pools import pool, pool_context, trim
from journalgen.errors import JournalError, Problem
from journalgen.site.page import Page
from journalgen.site.render import PageRenderer

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PARALLEL_MIN = 200
"""Below this many items, a process pool costs more than it saves."""

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): called while a long build runs ("rendering entries", 4200, 10000)."""


def _quiet(what: str, done: int, total: int) -> None:
    pass


class Workers:
    """How many processes a build may use, and how it tells its progress."""

    def __init__(self, jobs: int | None = None, progress: Progress | None = None) -> None:
        self.jobs = jobs
        """None: one per core when there is enough to do; 1: never a pool; 2+: a pool even for a few."""
        self.tell = progress or _quiet

    def count(self, items: int) -> int:
        if self.jobs is not None:
            return max(1, self.jobs)
        if items < PARALLEL_MIN:
            return 1
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:
            cores = os.cpu_count() or 1
        return max(1, cores)

    def map(
        self,
        work: Callable[[Any], list[Any]],
        items: Sequence[Any],
        init: tuple[Callable[..., None], tuple[Any, ...]],
        what: str,
    ) -> Iterator[list[Any]]:
        """Run `work` over chunks of items (source.reader.Mapper), after `init(*args)` in each process."""
        workers = self.count(len(items))
        done = 0
        if workers == 1:
            init[0](*init[1])
            for chunk in chunks(items, 1, 50):
                result = work(chunk)
                done += len(chunk)
                self.tell(what, done, len(items))
                yield result
            return
        context, _ = pool_context()
        parts = chunks(items, workers)
        with pool(workers, context, init) as running:
            for chunk, result in zip(parts, running.map(work, parts), strict=True):
                done += len(chunk)
                self.tell(what, done, len(items))
                yield result


def chunks(items: Sequence[Any], workers: int, most: int = 64) -> list[Sequence[Any]]:
    size = max(1, min(most, len(items) // (workers * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- rendering a whole site in forked workers ---------------------------------------------------

_phase: dict[str, Any] = {}
"""What forked page workers inherit: the renderer, the plan and the folder to write into."""

Rendered = tuple[str, str, int, int, str, Shown]
"""A page rendered and written by render_into(): (path, digest of its bytes, size, mtime_ns, key,
what it shows of the journal)."""


def _render_one(renderer: PageRenderer, page: Page, folder: Path, keyed: Keyed, memo: Memo) -> Rendered:
    data = renderer.render(page)
    key, found = page_key(page, keyed[0], memo)
    return (page.path, digest(data), *write.put(folder, page.path, data), key, shown(page, found, keyed[1]))


Keyed = tuple[str, Places]
"""What keying a page takes: the digest of the theme every page depends on, and the places of
the entries (deps.shown)."""


def forget_pages(memo: Memo, kept: int = 0) -> int:
    """Keep in `memo` only the digests of views many pages show (SHARED): the rest are of parts of
    pages already keyed, which the memo alone keeps alive (the answers of the threads pages...).
    `kept`: how many digests, the first ones, are known to be of such views. Returns how many are."""
    added = itertools.islice(reversed(memo.items()), len(memo) - kept)
    for held in [k for k, v in added if type(v[1]) not in SHARED]:
        del memo[held]
    return len(memo)


Make = Callable[[Sequence[str]], list[Page]]
"""make(paths): the pages at these paths, planned (site.plan.Planner.pages)."""


def _render_some(paths: list[str]) -> tuple[list[Rendered], list[Problem], dict[str, set[str]]]:
    """In a forked worker: plan, render and write the pages at these paths, and work out their
    keys; also what the templates read of entry views since the last call."""
    renderer: PageRenderer = _phase["renderer"]
    make: Make = _phase["make"]
    folder: Path = _phase["folder"]
    keyed: Keyed = _phase["keyed"]
    memo: Memo = _phase.setdefault("memo", {})  # this worker's own
    done: list[Rendered] = []
    if len(paths) > 1:
        # Batches of entries' and days' pages come after the lists, and list an entry once or
        # twice at most: the fragments kept for the lists (site.render) would not serve them.
        renderer.forget_fragments()
    try:
        for page in make(paths):
            done.append(_render_one(renderer, page, folder, keyed, memo))
    except JournalError as exc:
        return done, exc.problems, {}
    _phase["kept"] = forget_pages(memo, _phase.get("kept", 0))
    reads, renderer.reads = renderer.reads, {}
    return done, [], reads


def _batches(paths: Sequence[str], workers: int) -> list[list[str]]:
    """Pages in batches: lists (long to render) one by one first, then the pages of the threads a
    few to a batch, then entries and days, many to a batch."""
    entries = [p for p in paths if p.startswith(("entries/", "days/"))]
    threads = [p for p in paths if p.startswith("threads/")]
    lists = [p for p in paths if not p.startswith(("entries/", "days/", "threads/"))]
    size = max(1, min(200, len(entries) // (workers * 8) or 1))
    return (
        [[p] for p in lists]
        + [threads[i : i + 8] for i in range(0, len(threads), 8)]
        + [entries[i : i + size] for i in range(0, len(entries), size)]
    )


def render_into(
    folder: Path, renderer: PageRenderer, paths: Sequence[str], make: Make, keyed: Keyed, workers: Workers
) -> Iterator[Rendered]:
    """Plan (`make`) and render every page at these paths into a fresh folder (write.put), in
    forked workers when it is worth it (each plans its own pages: the plan of the whole site is
    never held at once); yields each page as it is written. What the templates read of entry
    views ends in `renderer.reads`. A template problem raises JournalError."""
    count = workers.count(len(paths))
    context, forked = pool_context()
    batches = _batches(paths, count)
    done = 0
    if count > 1 and forked:
        _phase.update(renderer=renderer, make=make, folder=folder, keyed=keyed)
        gc.freeze()  # the model stays shared with the workers, untouched by their collector
        trim()
        try:
            for pages in _shared(batches, count - 1, context):
                yield from pages
                done += len(pages)
                workers.tell("writing pages", done, len(paths))
        finally:
            gc.unfreeze()
            _phase.clear()
        return
    memo: Memo = {}
    kept = 0
    for batch in batches:
        for page in make(batch):
            yield _render_one(renderer, page, folder, keyed, memo)
        kept = forget_pages(memo, kept)
        done += len(batch)
        workers.tell("writing pages", done, len(paths))


def _shared(batches: list[list[str]], forks: int, context: BaseContext) -> Iterator[list[Rendered]]:
    """Render the batches in `forks` forked workers and in this process: the workers take them
    from the front (the lists, long to render, first), this process from the back (entries and
    days, many small batches), each batch it takes one no worker has started; where they meet,
    it waits for the workers. A process waiting while another renders a long list is a core
    left idle. Rendering here too means one process fewer holds its own copy of the model (the
    pages of it that reference counts touch) and its own views."""
    renderer: PageRenderer = _phase["renderer"]
    with pool(forks, context) as executor:
        queued = collections.deque((executor.submit(_render_some, batch), batch) for batch in batches)
        try:
            while queued:
                if not queued[0][0].done() and len(queued) > 1 and queued[-1][0].cancel():
                    pages, problems, reads = _render_some(queued.pop()[1])
                else:
                    pages, problems, reads = queued.popleft()[0].result()
                if problems:
                    raise JournalError(problems)
                for template, fields in reads.items():
                    renderer.reads.setdefault(template, set()).update(fields)
                yield pages
        finally:
            for future, _ in queued:  # after a problem: what no worker has started is not started
                future.cancel()
