"""The incremental engine: what changed since the last build, and so what this one must redo.

It compares what is on disk now (inputs.py) with what the last build learned (the Index in the
cache, or BuildState in memory): unchanged files are not read, converted bodies are not converted
again (bodies.py), only pages whose key changed are rendered, and the site is changed in place
only when it is exactly as the last build left it. When only bodies changed, only the pages that
show a body are even planned (site.plan.Planner.body_pages).

A build that finds nothing changed (scan, unchanged) imports only what it takes to know that:
reading, Markdown, planning and rendering are imported by the steps that use them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from journalgen import write
from journalgen.build import inputs
from journalgen.build.fresh import parse_key
from journalgen.build.index import Index
from journalgen.build.keys import Stored, digest, search_texts
from journalgen.build.state import BuildState, Work
from journalgen.build.store import Store
from journalgen.config import Config
from journalgen.model import Journal
from journalgen.site.theme import Theme

if TYPE_CHECKING:
    import jinja2

    from journalgen.build.bodies import Bodies
    from journalgen.build.deps import Shown
    from journalgen.build.spill import Spills
    from journalgen.build.workers import Workers
    from journalgen.site.links import Targets
    from journalgen.site.plan import Planner
    from journalgen.site.render import Fragments
    from journalgen.source.questions import Questions
    from journalgen.source.read import Read
    from journalgen.source.reader import Job, Previous, Source


class Incremental:
    """One build's view of what changed, from the cache or the BuildState of earlier builds.

    Its steps, in the pipeline's order: unchanged? (scan) → previous (for read_journal) → model
    → bodies → plan → load → remember (or forget, after a failure).
    """

    def __init__(self, config: Config, out: Path, state: BuildState | None) -> None:
        self.config = config
        self.out = out
        self.state = state if state is not None else BuildState()
        self.store = Store(config.cache_dir)
        owner = (config.root.resolve(), out)
        if self.state.owner != owner:
            self.state.forget()
            self.state.owner = owner
        if self.state.index is None:
            self.state.index = self.store.read_index()
            self.state.complete = False
        self.old = self.state.index or Index()
        self.first = self.state.index is None
        self._reading: tuple[dict[str, Read], Iterator[dict[str, Read]]] | None = None
        """Entries read from the cache so far, and the shards still to read (read_entries)."""

    @functools.cached_property
    def questions(self) -> Questions:
        """The prompt templates' questions: the only headings a page may leave out."""
        return Theme.of(self.config).questions()

    @functools.cached_property
    def parse_key(self) -> str:
        """A digest of the settings reading an entry depends on (routes, scales, the prompt
        templates' questions...): not the output."""
        return parse_key(self.config, self.questions)

    @functools.cached_property
    def bodies_at_hand(self) -> Bodies:
        """The converted bodies of this build: in memory, in the cache, or converted again."""
        from journalgen.build.bodies import Bodies

        return Bodies(self.state, self.store, self.questions)

    def unchanged(self, changed: Collection[str] | None = None, fork: bool = False) -> bool:
        """Look at the inputs and the site: has nothing changed since the last build (same inputs,
        none too recent to trust, the site as left)?

        `changed`: the paths a watcher saw change since the last build with this state (serve):
        when they are all entries already known, only they are looked at again. `fork`: stat
        entries/ and the site in a child process (aside.py) while this one reads from the cache
        what a build with work to do needs."""
        last = self.state.scanned
        if changed is not None and last is not None:
            self.scanned, self.drawings = inputs.rescan(self.config, self.out, last, changed)
            self.as_left = inputs.site_as_left(self.out, self.old)
        else:
            found = inputs.scan_aside(self.config, self.out, self.old, fork)
            if found.forked:
                self.read_rest()
                self.read_entries(until=found.ready)
            self.scanned, self.drawings, self.as_left = found.result()
        self.state.scanned = (self.scanned, self.drawings)
        self.racy = inputs.racy(self.scanned, self.old.scan_ns)
        if self.as_left and not self.racy and self.old.fingerprint == self.scanned.fingerprint:
            return True
        self.read_rest()
        return False

    def read_rest(self) -> None:
        """Have at hand the rest of what the last build learned (store.read_rest), once."""
        state = self.state
        if state.index is not None and not state.complete:
            state.complete = True
            if self.store.read_rest(state.index):
                state.steps.update(state.index.steps)
                state.questions.update(state.index.questions)

    def read_entries(self, until: Callable[[], bool] | None = None) -> dict[str, Read]:
        """The entries the last build parsed, when parsed under the same settings (else none).
        `until`: stop early (to go on at the next call) once it says so."""
        if self.old.parse_key != self.parse_key:
            return {}
        if self.state.entries is None:
            if self._reading is None:
                self._reading = ({}, self.store.entry_shards(self.config.entries_dir))
            found, shards = self._reading
            for entries in shards:
                found.update(entries)
                if until is not None and until():
                    return found
            self.state.entries, self._reading = found, None
        return self.state.entries

    def previous(self) -> Previous:
        """What read_journal may reuse: entries parsed under the same settings (trusted when their
        stat is unchanged), and the bodies converted before."""
        from journalgen.source.reader import Previous

        self.known = known = self.read_entries()
        stats = self.scanned.stats
        trusted = {
            rel
            for rel, (mtime, size, sha) in self.old.stats.items()
            if rel not in self.racy
            and stats.get(rel) == (mtime, size)
            and rel in known
            and known[rel].digest == sha
        }
        state = self.state
        converted = (set(state.steps) & set(state.questions)) & (set(state.bodies) | set(self.old.bodies))
        return Previous(known, trusted, converted)

    def model(self, source: Source) -> tuple[Journal, Planner]:
        """The journal's model and the planner of its pages: the last build's when nothing but
        bodies changed since (a rebuild in serve), else made from the entries."""
        from journalgen.site.plan import Planner
        from journalgen.source.entry import fields_digest

        old, config = self.old, self.config
        self.meta = {
            rel: source.fresh.get(rel) or old.meta.get(rel) or fields_digest(read.entry)
            for rel, read in source.entries.items()
        }
        made = (self.meta, self.scanned.today, tuple(source.unanswered()), self.parse_key, config.drafts)
        kept = self.state.model
        if kept is not None and kept[0] == made:
            return kept[1], kept[2]
        journal = Journal(source.chosen(config.drafts), config.routes)
        planner = Planner(config, journal, made[1], made[2])
        self.state.model = (made, journal, planner)
        self.state.fragments = self.state.memo = None
        return journal, planner

    def bodies(
        self, source: Source, journal: Journal, workers: Workers, spills: Spills | None = None
    ) -> Mapping[str, Stored]:
        """Each entry's body as pages will show it (converting bodies never converted: drafts built
        for the first time), and how much of the site this build must redo. `spills`: where the
        workers that read the journal wrote the bodies they converted."""
        from journalgen.source.markdown import linked_key
        from journalgen.source.safety import SAFETY_PLAN

        state, at_hand = self.state, self.bodies_at_hand
        at_hand.add(source.converted, spills)
        self.source = source
        state.entries = source.entries
        scanned = self.scanned
        self.links_plan = any(note.source == SAFETY_PLAN for note in journal.notes)
        """Every page's header links to the safety plan (a published note at its path)."""
        self.page_theme = digest(scanned.theme + ("\0safety plan" if self.links_plan else ""))
        """What every page depends on: the templates, the config, and whether it links to the plan."""
        self.model = digest(repr((self.page_theme, scanned.today.isoformat(), str(self.out), self.parse_key)))
        self.in_place = self.as_left and (self.out / write.MARKER).is_file() and not self.config.encrypt
        self.journal = journal
        self.order = tuple(sorted(e.source for e in journal.pages))
        self.places = {source: place for place, source in enumerate(self.order)}
        """Each entry with a page, by its place in `order` (what pages show is kept by place)."""
        linking = [e for e in journal.pages if e.inline_tags or e.wikilinks]
        self.links = {e.source: self.targets.of(e) for e in linking}
        self.keys = {
            e.source: linked_key(source.entries[e.source].key, self.links.get(e.source, ()))
            for e in journal.pages
        }
        at_hand.ensure({k for k in self.keys.values() if not at_hand.known(k)}, self._jobs, workers)
        return at_hand.stored(self.keys)

    @functools.cached_property
    def years(self) -> dict[str, set[int]]:
        """Body key → the years of the intentions, sessions and follow-ups with that body: the
        answer shards its answers to the prompts' questions live in (answers.py)."""
        from journalgen.site.threads import GROUPS

        found: dict[str, set[int]] = {}
        for e in self.journal.entries:
            if e.kind in GROUPS:
                found.setdefault(self.keys[e.source], set()).add(e.date.year)
        return found

    @functools.cached_property
    def targets(self) -> Targets:
        """Where the bodies' #tags and [[wikilinks]] point (worked out when a body links, or is converted)."""
        from journalgen.site.links import Targets
        from journalgen.site.views import Views

        return Targets(self.journal, self.scanned.files, Views(self.journal, self.config))

    def _jobs(self, keys: set[str]) -> list[Job]:
        """What converting these bodies again takes (reading an entry's body checks its file is
        as parsed: else, build again)."""
        entries = self.source.entries  # (a kept journal holds the entries as they were: bodies may differ)
        return [
            self.targets.job(entries[e.source].entry, self.keys[e.source])
            for e in self.journal.pages
            if self.keys[e.source] in keys
        ]

    def plan(self, planner: Planner, bodies: Mapping[str, Stored]) -> Work:
        """The pages this build must render (replan.py)."""
        from journalgen.build import replan

        return replan.plan(self, planner, bodies)

    def load(self, work: Work, workers: Workers) -> None:
        """Have every body and answer the pages to render show at hand: from memory, the cache,
        else converted again."""
        from journalgen.build.bodies import needs

        at_hand = self.bodies_at_hand
        if not work.in_place:
            at_hand.ensure(set(self.keys.values()), self._jobs, workers)
            return
        html, text, answers = needs(work.pages)
        if any(k not in at_hand.texts and k not in self.state.bodies for k in text):
            found = search_texts(self.out, work.pages, self.old.manifest, self.known, self.keys)
            at_hand.texts.update(found)
        at_hand.ensure(html | {k for k in text if k not in at_hand.texts}, self._jobs, workers)
        at_hand.ensure_answers(answers, self.years, self._jobs, workers)

    def environment(self) -> jinja2.Environment:
        """The Jinja environment, kept between builds of one process while the theme is unchanged."""
        state, theme = self.state, self.scanned.theme
        if state.environment is None or state.environment[0] != theme:
            state.environment = (theme, Theme.of(self.config).environment(self.store.subfolder("templates")))
        return state.environment[1]

    def fragments(self) -> Fragments:
        """The fragments pages share (site.render), kept between builds of one process while the
        views they show and the theme are the same."""
        state = self.state
        if state.fragments is None or state.fragments[0] != self.page_theme:
            state.fragments = (self.page_theme, {})
        return state.fragments[1]

    def clear(self) -> None:
        """Forget the site's manifest before changing the site, so a crash midway cannot leave it trusted."""
        self.store.clear_index()

    def forget(self) -> None:
        """After a failure while writing: the next build reads the cache again and checks the site."""
        self.state.forget()

    def remember(
        self,
        manifest: dict[str, tuple[str, int, int]],
        keys: dict[str, str],
        shows: dict[str, Shown],
        reads: Mapping[str, set[str]],
    ) -> None:
        """Keep what this build learned: in memory and, best effort, in the cache folder (learned.py)."""
        from journalgen.build import learned

        learned.remember(self, manifest, keys, shows, reads)
