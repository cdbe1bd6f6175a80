"""The incremental engine: what changed since the last build, and so what this one must redo.

It compares what is on disk now (scan) with what the last build learned (the Index in the cache,
or BuildState in memory): unchanged files are not read, converted bodies are not converted again,
only pages whose key changed are rendered, and the site is changed in place only when it is
exactly as the last build left it. When only bodies changed, only the pages that show a body are
even planned (site.pages.Planner.body_pages).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

import jinja2

from journalgen import write
from journalgen.build.keys import Stored, digest, page_key, search_texts
from journalgen.build.records import BodyRecord, body_record
from journalgen.build.state import BuildState, Scanned, Work
from journalgen.build.store import ENTRY_SHARDS, RACY_NS, Index, Store, entry_shard, parse_key, shard_of
from journalgen.build.workers import Workers
from journalgen.config import CONFIG_NAME, Config, resolve_today
from journalgen.errors import JournalError
from journalgen.model import Journal
from journalgen.site.links import Targets
from journalgen.site.page import Page
from journalgen.site.plan import Planner, copied_files
from journalgen.site.theme import Theme
from journalgen.site.views import Views
from journalgen.source.attachments import is_document, published
from journalgen.source.entry import fields_digest
from journalgen.source.markdown import linked_key
from journalgen.source.reader import Previous, Read, Source, convert_bodies
from journalgen.source.safety import SAFETY_PLAN
from journalgen.source.scan import scan
from journalgen.write import Stamp


def _stat(path: str | Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def stamp_tree(out: Path) -> tuple[dict[str, Stamp], set[str]]:
    """Every file below `out` with its stamp, and every folder, as site paths; symlinks count as files."""
    files: dict[str, Stamp] = {}
    folders: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as it:
            for item in it:
                rel = prefix + item.name
                if item.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    walk(item.path, rel + "/")
                else:
                    st = item.stat(follow_symlinks=False)
                    files[rel] = (
                        (st.st_size, st.st_mtime_ns) if item.is_file(follow_symlinks=False) else (-1, -1)
                    )

    walk(str(out), "")
    return files, folders


class Incremental:
    """One build's view of what changed, from the cache or the BuildState of earlier builds.

    Its steps, in the pipeline's order: scan → unchanged? → previous (for read_journal) → bodies
    → plan → load → remember (or forget, after a failure).
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
            if self.state.index is not None:
                self.state.steps.update(self.state.index.steps)
        self.old = self.state.index or Index()
        self.first = self.state.index is None
        self.texts: dict[str, str] = {}
        """Plain texts by body key read back from the last build's search files."""
        self.questions = Theme.of(config).questions()
        """The prompt templates' questions: the only headings a page may leave out."""
        self.drawings: list[tuple[str, Path]] = []
        """The SVG and HTML files of entries/: published through source.attachments, not copied."""
        self.parse_key = parse_key(config, self.questions)
        """A digest of the settings reading an entry depends on (routes, scales, the prompt
        templates' questions...): not the output."""

    def scan(self) -> Scanned:
        """Stat entries/ and the files copied into the site; digest everything else pages depend on."""
        config = self.config
        scan_ns = time.time_ns()
        files = scan(config.entries_dir)
        base = str(config.entries_dir)
        stats = {rel: _stat(f"{base}/{rel}") for rel in files.markdown}
        theme = Theme.of(config)
        copies = copied_files(config, files.assets)
        sources = {site: (str(path), *_stat(path)) for site, path in copies}
        drawn = {site for site, _ in copies if site.startswith("entries/") and is_document(site)}
        self.drawings = [(site, path) for site, path in copies if site in drawn]
        copies = [(site, path) for site, path in copies if site not in drawn]
        settings = config.root / CONFIG_NAME
        shaping = repr(config).encode("utf-8") + (settings.read_bytes() if settings.is_file() else b"")
        fingerprint = digest(shaping + b"\0" + theme.fingerprint().encode())
        today = resolve_today(config)  # pages show what is due today: a new day is a change
        everything = digest(
            repr((sorted(stats.items()), sorted(sources.items()), fingerprint, str(self.out), today))
        )
        self.scanned = Scanned(files, stats, copies, sources, fingerprint, today, everything, scan_ns)
        return self.scanned

    def unchanged(self) -> bool:
        """Nothing changed since the last build: same inputs, none too recent to trust, the site as left."""
        scanned, last = self.scanned, self.old.scan_ns
        self.racy = {
            rel for rel, st in scanned.stats.items() if st[0] >= last - RACY_NS[st[0] % 1_000_000 == 0]
        }
        self.as_left = self._site_as_left()
        return self.as_left and not self.racy and self.old.fingerprint == scanned.fingerprint

    def _site_as_left(self) -> bool:
        """Is the output folder exactly as the last build left it (same files, same stamps, no others)?"""
        manifest = self.old.manifest
        if self.old.output != str(self.out) or not manifest or not self.out.is_dir():
            return False
        files, folders = stamp_tree(self.out)
        if len(files) != len(manifest):
            return False
        if any(files.get(rel) != (size, mtime) for rel, (_, size, mtime) in manifest.items()):
            return False
        return folders == {rel.rsplit("/", i)[0] for rel in manifest for i in range(1, rel.count("/") + 1)}

    def previous(self) -> Previous:
        """What read_journal may reuse: entries parsed under the same settings (trusted when their
        stat is unchanged), and the bodies converted before."""
        known: dict[str, Read] = {}
        if self.old.parse_key == self.parse_key:
            if self.state.entries is None:
                self.state.entries = self.store.read_entries(self.config.entries_dir)
            known = self.state.entries
        self.known = known
        stats = self.scanned.stats
        trusted = {
            rel
            for rel, (mtime, size, sha) in self.old.stats.items()
            if rel not in self.racy
            and stats.get(rel) == (mtime, size)
            and rel in known
            and known[rel].digest == sha
        }
        converted = set(self.state.steps) & (set(self.state.bodies) | set(self.old.bodies))
        return Previous(known, trusted, converted)

    def bodies(self, source: Source, journal: Journal, workers: Workers) -> dict[str, Stored]:
        """Each entry's body as pages will show it (converting bodies never converted: drafts built
        for the first time), and how much of the site this build must redo."""
        state, old = self.state, self.old
        for key, rendered in source.converted.items():
            state.bodies[key] = body_record(rendered)
            state.steps[key] = tuple((step.text, step.done) for step in rendered.steps)
        self.source = source
        state.entries = source.entries
        self.meta = {
            rel: source.fresh.get(rel) or old.meta.get(rel) or fields_digest(read.entry)
            for rel, read in source.entries.items()
        }
        scanned = self.scanned
        self.links_plan = any(note.source == SAFETY_PLAN for note in journal.notes)
        """Every page's header links to the safety plan (a published note at its path)."""
        self.page_theme = digest(scanned.theme + ("\0safety plan" if self.links_plan else ""))
        """What every page depends on: the templates, the config, and whether it links to the plan."""
        self.model = digest(repr((self.page_theme, scanned.today.isoformat(), str(self.out), self.parse_key)))
        self.in_place = self.as_left and (self.out / write.MARKER).is_file() and not self.config.encrypt
        # Only bodies changed (same files, each entry as before but for its body, same theme, config
        # and day): then only the pages that show a body can change (Planner.body_pages).
        self.bodies_only = (
            self.in_place
            and old.model == self.model
            and len(old.meta) == len(self.meta)
            and all(old.meta.get(rel) == d for rel, d in self.meta.items())
        )
        self.journal = journal
        self.targets = Targets(journal, scanned.files, Views(journal, self.config))
        self.links = {e.source: self.targets.of(e) for e in journal.pages if e.inline_tags or e.wikilinks}
        self.keys = {
            e.source: linked_key(source.entries[e.source].key, self.links.get(e.source, ()))
            for e in journal.pages
        }
        self.converted = set(source.converted)
        self._ensure({k for k in self.keys.values() if k not in state.steps}, workers)
        return {
            src: Stored(key, state.steps[key], state.bodies, self.texts) for src, key in self.keys.items()
        }

    def plan(self, planner: Planner, bodies: Mapping[str, Stored]) -> Work:
        """The pages this build must render: after a body edit only the body pages are planned; a
        build in place renders only pages whose key changed; a whole build renders every page."""
        theme, old_keys, memo = self.page_theme, self.old.page_keys, {}
        if self.bodies_only:
            was = {src: self.known[src].key if src in self.known else "" for src in self.keys}
            changed = [e for e in self.journal.pages if was[e.source] != self.keys[e.source]]
            steps = self.state.steps
            moved = any(steps.get(was[e.source]) != steps.get(self.keys[e.source]) for e in changed)
            plan = planner.body_pages(bodies, changed, steps=moved) + self._drawn()
            keys = {**old_keys, **{p.path: page_key(p, theme, memo) for p in plan}}
            paths = list(keys)
        elif self.in_place:
            plan = planner.plan(bodies) + self._drawn()
            keys = {p.path: page_key(p, theme, memo) for p in plan}
            paths = [p.path for p in plan]
        else:  # every page is rendered: its key is worked out where it is rendered
            plan = planner.plan(bodies) + self._drawn()
            return Work(plan, [p.path for p in plan], {}, in_place=False)
        todo = [p for p in plan if old_keys.get(p.path) != keys[p.path]]
        return Work(todo, paths, keys, in_place=True)

    def _drawn(self) -> list[Page]:
        """The SVG and HTML files of entries/, each published as source.attachments makes it."""
        pages = []
        for site, path in self.drawings:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise JournalError.at(site, None, f"cannot be read: {exc.strerror}") from None
            pages.append(Page(site, None, {}, data=published(site, data) or data))
        return pages

    def load(self, work: Work, workers: Workers) -> None:
        """Have the HTML and text of every body the pages to render show: from the shards, else converted."""
        if not work.in_place:
            self._ensure(set(self.keys.values()), workers)
            return
        self.texts.update(
            search_texts(self.out, work.pages, self.old.manifest, self.known, self.keys, self.journal)
        )
        needed = set()
        for page in work.pages:
            shown = {self.keys[src] for src in page.shows}
            needed |= {k for k in shown if k not in self.texts} if page.template is None else shown
        self._ensure(needed, workers)

    def _ensure(self, needed: set[str], workers: Workers) -> None:
        state = self.state
        missing = {k for k in needed if k not in state.bodies or k not in state.steps}
        stored = {k for k in missing if k in state.steps}
        if stored:
            state.bodies.update(self.store.read_bodies(stored))
            missing = {k for k in missing if k not in state.bodies or k not in state.steps}
        if not missing:
            return
        # Reading a cached entry's body checks its file is as parsed (else: build again).
        found = {self.keys[e.source]: e for e in self.journal.pages if self.keys[e.source] in missing}
        items = [self.targets.job(e, key) for key, e in found.items()]
        for key, rendered in convert_bodies(items, self.questions, workers.map).items():
            state.bodies[key] = body_record(rendered)
            state.steps[key] = tuple((step.text, step.done) for step in rendered.steps)
            self.converted.add(key)

    def environment(self) -> jinja2.Environment:
        """The Jinja environment, kept between builds of one process while the theme is unchanged."""
        state, theme = self.state, self.scanned.theme
        if state.environment is None or state.environment[0] != theme:
            state.environment = (theme, Theme.of(self.config).environment(self.store.subfolder("templates")))
        return state.environment[1]

    def clear(self) -> None:
        """Forget the site's manifest before changing the site, so a crash midway cannot leave it trusted."""
        self.store.clear_index()

    def forget(self) -> None:
        """After a failure while writing: the next build reads the cache again and checks the site."""
        self.state.forget()

    def remember(self, manifest: dict[str, tuple[str, int, int]], keys: dict[str, str]) -> None:
        """Keep what this build learned: in memory and, best effort, in the cache folder."""
        state, old, scanned, entries = self.state, self.old, self.scanned, self.source.entries
        live = set(self.keys.values()) | {read.key for read in entries.values()}
        gone = set(self.known) - set(entries)
        entry_shards = {entry_shard(rel) for rel in (*self.source.fresh, *gone)}
        if self.first:
            entry_shards = {f"{n:x}" for n in range(ENTRY_SHARDS)}
        shards: dict[str, dict[str, BodyRecord]] = {shard_of(k): {} for k in self.converted}
        for key, body in state.bodies.items():
            if key in live and shard_of(key) in shards:
                shards[shard_of(key)][key] = body
        for shard, content in shards.items():
            stored = self.store.read_shard(shard)
            content.update((k, v) for k, v in stored.items() if k in live and k not in content)
        index = Index(
            output=str(self.out),
            fingerprint=scanned.fingerprint,
            parse_key=self.parse_key,
            scan_ns=scanned.scan_ns,
            entries=len(self.journal.entries),
            stats={
                rel: (*scanned.stats[rel], entries[rel].digest)
                for rel in scanned.files.markdown
                if rel in entries
            },
            sources=scanned.sources,
            manifest=manifest,
            page_keys=keys,
            meta=self.meta,
            model=self.model,
            bodies=sorted((set(old.bodies) | set(state.bodies)) & live),
            steps={k: v for k, v in state.steps.items() if k in live},
        )
        self.store.save(index, entries, entry_shards, dict(sorted(shards.items())))
        state.bodies = {k: v for k, v in state.bodies.items() if k in live}
        state.steps = {k: v for k, v in state.steps.items() if k in live}
        state.index = index
