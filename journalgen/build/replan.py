"""Which pages a build plans, keys and renders, from what changed since the last build.

In place, after an edit that leaves the journal's shape as it was (changes.py), only the pages it
can change are planned (deps.py: a tag added plans the entry's page, the tag's and a few lists,
not the timeline), and of those only the ones whose key changed are rendered; after any other
change in place, every page is planned and keyed, and only those whose key changed are rendered;
a whole build renders every page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from journalgen.build import changes, deps
from journalgen.build.keys import Memo, Stored, page_key
from journalgen.build.state import Work
from journalgen.build.workers import forget_pages
from journalgen.errors import JournalError
from journalgen.site.page import Page
from journalgen.site.plan import Planner
from journalgen.site.steps import FOLDER as STEPS_FOLDER
from journalgen.site.steps import PATH as STEPS_PATH
from journalgen.site.steps import touched_years
from journalgen.site.threads import GROUPS
from journalgen.source.attachments import published

if TYPE_CHECKING:
    from journalgen.build.incremental import Incremental


def plan(engine: Incremental, planner: Planner, bodies: Mapping[str, Stored]) -> Work:
    """The pages this build must render. In place, after an edit that leaves the journal's
    shape as it was, only the pages it can change are planned (deps.py), and of those only
    the ones whose key changed are rendered; after any other change in place every page is
    planned and keyed; a whole build renders every page."""
    engine.terms = changes.terms_of(planner.views)
    engine.waiting = tuple(planner.waiting)
    if engine.in_place and engine.old.model == engine.model and engine.old.order == engine.order:
        found = changes.changes(
            engine.journal,
            planner.views,
            engine.known,
            (engine.old.meta, engine.meta),
            (engine.old.body_keys, engine.keys),
            engine.old.terms,
            (engine.old.waiting, engine.waiting),
        )
        if not found.shape:
            return _some(engine, planner, bodies, found)
    drawn = _drawn(engine)
    if not engine.in_place and not engine.config.encrypt:
        # Every page is rendered, and planned, keyed and rendered where it is rendered (workers).
        by_path = {page.path: page for page in drawn}

        def make(paths: Sequence[str]) -> list[Page]:
            return planner.pages(bodies, paths) + [by_path[p] for p in paths if p in by_path]

        return Work([], [*planner.paths(bodies), *by_path], {}, in_place=False, make=make)
    plan = planner.plan(bodies) + drawn
    if not engine.in_place:  # a locked site: every page is rendered, then locked
        return Work(plan, [p.path for p in plan], {}, in_place=False)
    memo = _memo(engine)
    keyed = {p.path: page_key(p, engine.page_theme, memo) for p in plan}
    shows = {p.path: deps.shown(p, keyed[p.path][1], engine.places) for p in plan}
    todo = [p for p in plan if engine.old.page_keys.get(p.path) != keyed[p.path][0]]
    keys = {path: key for path, (key, _) in keyed.items()}
    return Work(todo, [p.path for p in plan], keys, in_place=True, shows=shows)


def _some(
    engine: Incremental, planner: Planner, bodies: Mapping[str, Stored], found: changes.Changes
) -> Work:
    """Plan only the pages the changes can change, and the pages of terms new to the journal."""
    old = engine.old
    chosen = deps.select(found, old.shows, old.reads, engine.places)
    terms = {f"{folder}/{slug}.html" for folder, slugs in engine.terms.items() for slug in slugs.values()}
    before = {
        path
        for path in old.shows
        if path.split("/", 1)[0] in engine.terms and not path.endswith("/index.html")
    }
    plan = {p.path: p for p in planner.pages(bodies, chosen | (terms - before))}
    vanished: set[str] = set()
    if found.bodies:
        steps, asked = engine.state.steps, engine.state.questions
        was = {e.source: old.body_keys.get(e.source, "") for e in found.bodies}
        texts = {
            text
            for e in found.bodies
            if (then := steps.get(was[e.source])) != (now := steps.get(engine.keys[e.source]))
            for text, _ in (*(then or ()), *(now or ()))
        }
        edited = {e.date.year for e in found.bodies if e.date}
        years, vanished = _steps_years(planner, bodies, texts, edited, old.page_keys)
        answered: set[tuple[str, str, int]] | None = set()
        for e in found.bodies:
            then, now = asked.get(was[e.source], ()), asked[engine.keys[e.source]]
            if e.kind not in GROUPS:
                continue
            if [q for q, _ in then] != [q for q, _ in now]:
                answered = None  # other questions: the list of threads and their order change
                break
            year = e.date.year if e.date else 0
            answered |= {(e.kind, q, year) for (q, a), (_, b) in zip(then, now, strict=True) if a != b}
        plan.update((p.path, p) for p in planner.body_pages(bodies, found.bodies, years, answered))
    plan.update((p.path, p) for p in _drawn(engine))
    memo = _memo(engine)
    keyed = {path: page_key(page, engine.page_theme, memo) for path, page in plan.items()}
    gone = (before - terms) | vanished
    keys = {path: key for path, key in old.page_keys.items() if path not in gone}
    keys.update((path, key) for path, (key, _) in keyed.items())
    shows = {path: record for path, record in old.shows.items() if path not in gone}
    shows.update((path, deps.shown(plan[path], held, engine.places)) for path, (_, held) in keyed.items())
    todo = [page for path, page in plan.items() if old.page_keys.get(path) != keyed[path][0]]
    return Work(todo, list(keys), keys, in_place=True, shows=shows)


def _steps_years(
    planner: Planner, bodies: Mapping[str, Stored], texts: set[str], edited: set[int], old: Mapping[str, str]
) -> tuple[set[int] | None, set[str]]:
    """The years whose steps page an edit of these steps (their texts before and after it, in
    entries of the `edited` years) can change, and the steps pages no longer there; None: every
    steps page (a year's page came or went, and each page lists the years)."""
    if not texts:
        return set(), set()
    found = planner.steps(bodies)
    now = set(found.paths)
    then = {path for path in old if path == STEPS_PATH or path.startswith(STEPS_FOLDER + "/")}
    if now != then:
        return None, then - now
    return edited | touched_years(found, texts), set()


def _memo(engine: Incremental) -> Memo:
    """The digests of views (keys.page_key) made by earlier builds while the model is kept, and
    for this build; only the views' are kept for the next (views stay, other parts of pages
    are made anew by each build)."""
    state = engine.state
    if state.memo is None or state.memo[0] != engine.page_theme:
        state.memo = (engine.page_theme, {})
    memo = state.memo[1]
    forget_pages(memo)
    return memo


def _drawn(engine: Incremental) -> list[Page]:
    """The SVG and HTML files of entries/, each published as source.attachments makes it."""
    pages = []
    for site, path in engine.drawings:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise JournalError.at(site, None, f"cannot be read: {exc.strerror}") from None
        pages.append(Page(site, None, {}, data=published(site, data) or data))
    return pages
