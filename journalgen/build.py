"""The whole pipeline in one place, doing only what changed since the last build.

check the output → scan entries/ and stat every file → stop early when nothing changed and the site
is as the last build left it → read and parse only new or changed files (in a process pool on a
cold build, with their Markdown) → model → plan every page with a key of what it shows → render the
pages whose key changed → write: only the changed files, in place and each atomically, when the
site is exactly as the last build left it; else a whole new site beside the old one, swapped in →
remember what was learned (BuildState in memory, the cache folder on disk).

Every entry is read and checked and every page to write is rendered before the first write, so a
bad entry or template leaves the previous site as it was.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import jinja2

from journalgen import search, write
from journalgen.cache import ENTRY_SHARDS, Store, entry_from_record, entry_record, entry_shard, shard_of
from journalgen.config import CONFIG_NAME, Config, resolve_today
from journalgen.errors import JournalError, Problem
from journalgen.loader import load_entry, scan
from journalgen.markup import Lazy, Renderer, Step, Stored, body_key
from journalgen.model import Entry, Journal
from journalgen.render import Page, SiteRenderer, default_theme_dir, make_environment, theme_files

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from multiprocessing.context import BaseContext

    from journalgen.crypto import SiteKey

PARALLEL_MIN = 200
"""Below this many entries to read, a process pool costs more than it saves."""

RACY_NS = (50_000_000, 2_000_000_000)
"""A file changed this close before the last scan may have changed again within the same mtime, so it
is read again: 50 ms where the file system keeps fine times, 2 s where it rounds them (FAT, HFS+)."""

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): called while a long build runs ("rendering entries", 4200, 10000)."""


@dataclass(frozen=True)
class BuildReport:
    """What a build did: for the one-line summary, and for serve to know what changed."""

    entries: int
    pages: int
    files: int
    """Files in the site: pages, copied files and the marker."""
    output: Path
    written: tuple[str, ...] = ()
    """Site paths written by this build (all of them when the site was built whole)."""
    removed: tuple[str, ...] = ()
    """Site paths deleted (pages of deleted or renamed entries, files gone from entries/)."""
    unchanged: int = 0
    """Files of the site left exactly as they were (same bytes, same modification time)."""
    parsed: int = 0
    """Entry files read and parsed (the rest came from the cache)."""
    converted: int = 0
    """Entry bodies turned from Markdown into HTML (the rest came from the cache)."""
    rendered: int = 0
    """Pages rendered through their template (the rest had the same inputs as last time)."""
    locked: bool = False
    """The site was locked with a password (`build --encrypt`)."""
    mode: str = "full"
    """"full": a new site swapped in; "incremental": changed files replaced in place; "none": no change."""
    seconds: float = 0.0

    def summary(self) -> str:
        """The one line printed after a build."""
        return (
            f"Built {self.entries} entr{'y' if self.entries == 1 else 'ies'} into {self.output} "
            f"({len(self.written)} files written, {self.unchanged} unchanged, {len(self.removed)} removed"
            f"{', locked with a password' if self.locked else ''}) in {self.seconds:.2f} s."
        )


class BuildState:
    """What builds learned, kept between calls in one process (serve) and on disk between runs.

    Pass the same BuildState to every build() of one journal to skip reloading the cache; a
    fresh one (or None) loads it from the journal's cache folder.
    """

    def __init__(self) -> None:
        self.owner: tuple[Path, Path] | None = None
        self.index: dict[str, Any] | None = None
        self.entries: dict[str, tuple[str, str, Entry]] | None = None
        """Source → (file digest, body key, Entry), for every Markdown file last read."""
        self.bodies: dict[str, tuple[str, str]] = {}
        """Body key → (HTML, plain text), as loaded or converted so far."""
        self.steps: dict[str, tuple[tuple[str, bool], ...]] = {}
        """Body key → the steps (task-list items) in it, for every body converted so far."""
        self.environment: tuple[str, jinja2.Environment] | None = None
        """The Jinja environment with its compiled templates, and the theme fingerprint it is for."""

    def attach(self, config: Config, out: Path, store: Store) -> None:
        """Belong to this journal and output; load the cache index when not already known."""
        owner = (config.root.resolve(), out)
        if self.owner != owner:
            self.forget()
            self.owner = owner
        if self.index is None:
            self.index = store.read_index()
            if self.index is not None:
                self.steps.update(self.index.get("steps", {}))

    def known_entries(self, store: Store, entries_dir: Path) -> dict[str, tuple[str, str, Entry]]:
        if self.entries is None:
            self.entries = store.read_entries(entries_dir)
        return self.entries

    def forget(self) -> None:
        """Drop everything (after a failure midway through writing)."""
        self.owner = None
        self.index = self.entries = None
        self.bodies = {}
        self.steps = {}


def build(
    config: Config,
    key: SiteKey | None = None,
    *,
    state: BuildState | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the site; raise JournalError (and write nothing) if any input is invalid.

    With `config.encrypt` the site is locked with `key` (see crypto.py) before anything is written;
    a locked site is always written whole, keeping the blobs of files whose content is unchanged
    (see crypto.SiteKey.blob_file), so only changed files get new bytes. `state`: what
    earlier builds in this process learned (see BuildState). `jobs`: worker processes for a cold
    build (None: one per core when there is enough to do, 1: never a pool, 2+: a pool even for a
    small journal). `progress` is told how far a long build is.
    """
    started = time.perf_counter()
    if config.encrypt and key is None:
        raise JournalError.at(
            "journal.toml",
            None,
            "encrypt = true needs a password: run again in a terminal, or set the password variable",
        )
    out = write.check_output(config)
    state = state if state is not None else BuildState()
    store = Store(config.cache_dir)
    state.attach(config, out, store)
    index = state.index or {}
    tell = progress or (lambda what, done, total: None)

    scan_ns = time.time_ns()
    files = scan(config.entries_dir)
    base = str(config.entries_dir)
    stats = {rel: _stat(f"{base}/{rel}") for rel in files.markdown}
    copies = [(f"entries/{rel}", config.entries_dir / rel) for rel in files.assets]
    copies += sorted(theme_files(config).items())
    sources = {site: (str(path), *_stat(path)) for site, path in copies}
    theme = theme_fingerprint(config)
    today = resolve_today(config)  # pages show what is due today: a new day is a change
    fingerprint = _digest(repr((sorted(stats.items()), sorted(sources.items()), theme, str(out), today)))
    last_scan = index.get("scan_ns", 0)
    racy = {rel for rel, st in stats.items() if st[0] >= last_scan - RACY_NS[st[0] % 1_000_000 == 0]}

    on_disk: tuple[dict[str, write.Stamp], set[str]] | None = None
    if index.get("output") == str(out) and out.is_dir():
        on_disk = write.stamp_tree(out)
    site_as_left = on_disk is not None and _matches(on_disk, index.get("manifest", {}))
    if site_as_left and not racy and index.get("fingerprint") == fingerprint:
        return BuildReport(
            entries=index["entries"],
            pages=len(index["page_keys"]),
            files=len(index["manifest"]),
            output=out,
            unchanged=len(index["manifest"]),
            mode="none",
            seconds=time.perf_counter() - started,
        )

    # Read: only files whose stat changed (or that are too recent to trust their stat).
    parse_key = _parse_key(config)
    known = state.known_entries(store, config.entries_dir) if index.get("parse_key") == parse_key else {}
    old_stats: dict[str, tuple[int, int, str]] = index.get("stats", {})
    todo: list[tuple[str, bytes | None]] = []
    problems: list[Problem] = []
    digests: dict[str, str] = {}
    for rel in files.markdown:
        before = old_stats.get(rel)
        if (
            before
            and rel not in racy
            and tuple(before[:2]) == stats[rel]
            and known.get(rel, ("",))[0] == before[2]
        ):
            digests[rel] = before[2]
            continue
        if rel not in known:
            todo.append((rel, None))  # new to the cache: read where it is parsed (a worker)
            continue
        try:
            raw = (config.entries_dir / rel).read_bytes()
        except OSError as exc:
            problems.append(Problem(f"entries/{rel}", None, f"cannot be read: {exc.strerror}"))
            continue
        digests[rel] = hashlib.sha256(raw).hexdigest()
        if known.get(rel, ("",))[0] != digests[rel]:
            todo.append((rel, raw))

    converted_keys = set(state.steps) & (set(state.bodies) | set(index.get("bodies", ())))
    fresh, fresh_meta, converted, more = _load(config, todo, converted_keys, jobs, tell)
    problems += more
    digests.update((rel, digest) for rel, (digest, _, _) in fresh.items())
    if problems:
        order = {f"entries/{rel}": i for i, rel in enumerate(files.markdown)}
        problems.sort(key=lambda p: order.get(p.path, len(order)))
        raise JournalError(problems)
    gone = set(known) - set(files.markdown)
    entry_shards = {entry_shard(rel) for rel in (*fresh, *gone)}
    if not index:
        entry_shards = {f"{n:x}" for n in range(ENTRY_SHARDS)}
    previous = known
    known = {rel: fresh.get(rel) or known[rel] for rel in files.markdown}
    state.entries = known
    old_meta: dict[str, str] = index.get("meta", {})
    meta = {
        rel: fresh_meta.get(rel) or old_meta.get(rel) or meta_digest(entry_record(known[rel][2]))
        for rel in files.markdown
    }
    model = _digest(repr((theme, today.isoformat(), str(out), parse_key)))
    incremental = site_as_left and (out / write.MARKER).is_file()
    changes_only = incremental and not config.encrypt  # else the whole site is written anew
    # Only bodies changed (same files, each entry as before but for its body, same theme, config
    # and day): then only the pages that show a body can change (SiteRenderer.body_pages).
    bodies_only = (
        changes_only
        and index.get("model") == model
        and len(old_meta) == len(meta)
        and all(old_meta.get(rel) == digest for rel, digest in meta.items())
    )
    for body, (html, text, steps) in converted.items():
        state.bodies[body] = (html, text)
        state.steps[body] = steps

    chosen = [e for _, _, e in known.values() if config.drafts or not e.draft]
    journal = Journal(chosen, config.routes)
    keys = {e.source: known[e.source][1] for e in chosen}
    unknown = {b for b in keys.values() if b not in state.steps}  # never converted (drafts)
    converted_now = _ensure_bodies(state, store, journal, keys, unknown, jobs, tell)
    bodies = {
        src: Stored(body, tuple(Step(text, done) for text, done in state.steps[body]), state.bodies)
        for src, body in keys.items()
    }
    if state.environment is None or state.environment[0] != theme:
        state.environment = (theme, make_environment(config, store.subfolder("templates")))
    renderer = SiteRenderer(config, journal, bodies, today, env=state.environment[1])
    old_keys: dict[str, str] = index.get("page_keys", {})
    memo: dict[int, tuple[str, Any]] = {}
    shows: dict[str, list[str]] = {}
    if bodies_only:
        was = {e.source: previous.get(e.source, ("", ""))[1] for e in journal.entries}
        changed = [e for e in journal.entries if was[e.source] != keys[e.source]]
        steps = any(state.steps.get(was[e.source]) != state.steps.get(keys[e.source]) for e in changed)
        plan = renderer.body_pages(changed, steps=steps)
        page_keys = dict(old_keys)
        page_keys.update((p.path, page_key(p, theme, memo, shows.setdefault(p.path, []))) for p in plan)
        paths: Sequence[str] = list(page_keys)
    elif changes_only:
        plan = renderer.plan()
        page_keys = {p.path: page_key(p, theme, memo, shows.setdefault(p.path, [])) for p in plan}
        paths = [p.path for p in plan]
    else:  # every page is rendered: _write_whole works out each key where it renders the page
        plan = renderer.plan()
        page_keys = {}
        paths = [p.path for p in plan]
    write.check_unique([*paths, *(site for site, _ in copies), write.MARKER])

    if changes_only:
        todo_pages = [p for p in plan if old_keys.get(p.path) != page_keys[p.path]]
        texts = _texts_of_last_build(out, todo_pages, index["manifest"], previous, keys, journal)
        renderer.texts.update(texts)
        needed: set[str] = set()
        for page in todo_pages:
            search_file = page.path.startswith(search.FOLDER + "/")
            needed.update(b for b in shows[page.path] if not (search_file and b in renderer.texts))
    else:
        todo_pages = plan
        needed = set(keys.values())
    converted_now |= _ensure_bodies(state, store, journal, keys, needed, jobs, tell)

    manifest: dict[str, tuple[str, int, int]] = {}
    wanted = {*paths, *(site for site, _ in copies)}
    try:
        if config.encrypt and key is not None:
            # A locked site is no manifest of pages (no page keys): the next build writes it whole.
            written, removed = _write_locked(out, renderer, plan, copies, config, key, store)
        elif changes_only:
            written, removed = _write_changes(
                out, renderer, todo_pages, wanted, copies, sources, index, manifest, store
            )
        else:
            written, removed = _write_whole(
                out, renderer, plan, copies, index, manifest, store, (theme, page_keys), jobs, tell
            )
    except BaseException as exc:
        state.forget()  # the next build reads the cache again and checks the site against it
        if isinstance(exc, OSError):
            raise write.cannot_write(out, exc) from None
        raise

    live = set(keys.values()) | {b for _, b, _ in known.values()}
    dirty = {shard_of(k) for k in (*converted, *converted_now)}
    shards = _shards(state, store, dirty, live)
    new_index = {
        "output": str(out),
        "fingerprint": fingerprint,
        "parse_key": parse_key,
        "scan_ns": scan_ns,
        "entries": len(journal.entries),
        "stats": {rel: (*stats[rel], digests[rel]) for rel in files.markdown},
        "sources": sources,
        "manifest": manifest,
        "page_keys": page_keys,
        "meta": meta,
        "model": model,
        "bodies": sorted((set(index.get("bodies", ())) | set(state.bodies)) & live),
        "steps": {k: v for k, v in state.steps.items() if k in live},
    }
    store.save(new_index, known, entry_shards, shards)
    state.bodies = {k: v for k, v in state.bodies.items() if k in live}
    state.steps = {k: v for k, v in state.steps.items() if k in live}
    state.index = new_index
    return BuildReport(
        entries=len(journal.entries),
        pages=len(paths),
        files=len(written) if config.encrypt else len(manifest),
        output=out,
        written=tuple(written),
        removed=tuple(removed),
        unchanged=0 if config.encrypt else len(manifest) - len(written),
        parsed=len(todo),
        converted=len(converted) + len(converted_now),
        rendered=len(todo_pages),
        locked=config.encrypt,
        mode="incremental" if changes_only else "full",
        seconds=time.perf_counter() - started,
    )


# -- inputs -------------------------------------------------------------------------------------


def _stat(path: str | Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def theme_fingerprint(config: Config) -> str:
    """A digest of everything every page depends on: the templates (both folders) and the config."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(config).encode("utf-8"))
    config_file = config.root / CONFIG_NAME
    if config_file.is_file():
        h.update(config_file.read_bytes())
    for folder in (config.templates_dir, default_theme_dir()):
        h.update(b"\0folder\0" + str(folder).encode())
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _matches(on_disk: tuple[dict[str, write.Stamp], set[str]], manifest: Mapping[str, Sequence[Any]]) -> bool:
    """Is the output folder exactly as the manifest says: same files, same stamps, no others?"""
    files, folders = on_disk
    if len(files) != len(manifest) or not manifest:
        return False
    for rel, (_, size, mtime) in manifest.items():
        if files.get(rel) != (size, mtime):
            return False
    expected = {rel.rsplit("/", i)[0] for rel in manifest for i in range(1, rel.count("/") + 1)}
    return folders == expected


# -- reading entries and Markdown, serially or in a pool --------------------------------------------

_worker: dict[str, Any] = {}


def _parse_key(config: Config) -> str:
    """A digest of the settings that reading an entry depends on (routes, scales...): not the output."""
    neutral = dataclasses.replace(config, output=Path("."), cache=Path("."), drafts=False)
    return _digest(repr(neutral))


def _proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


def _pickled(config: Config) -> bytes:
    """The config as bytes a worker can read (the standard pickler refuses mappingproxy)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: lambda m: (_proxy, (dict(m),))}
    pickler.dump(config)
    return buffer.getvalue()


def _worker_init(config: bytes | None, skip: frozenset[str]) -> None:
    """Set up a worker (or this process): the config to read entries with, one Markdown converter."""
    _worker["config"] = pickle.loads(config) if config is not None else None
    _worker["skip"] = skip
    _worker["markdown"] = Renderer()


Loaded = tuple[str, str, Any, str, str | None, Any, list[Problem]]
"""What a worker makes of one file: (rel, file digest, entry record, meta digest, body key, converted
body or None, problems)."""


def _load_one(rel: str, raw: bytes | None) -> Loaded:
    """Read (unless given), parse and convert one file."""
    config: Config = _worker["config"]
    if raw is None:
        try:
            with open(f"{config.entries_dir}/{rel}", "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            return (
                rel,
                "",
                None,
                "",
                None,
                None,
                [Problem(f"entries/{rel}", None, f"cannot be read: {exc.strerror}")],
            )
    digest = hashlib.sha256(raw).hexdigest()
    try:
        entry = load_entry(rel, raw, config)
    except JournalError as exc:
        return rel, digest, None, "", None, None, exc.problems
    key = body_key(entry.body, entry.title_is_heading)
    converted = None
    if key not in _worker["skip"] and (config.drafts or not entry.draft):
        converted = _convert(entry.body, entry.title_is_heading)
    record = entry_record(entry)
    return rel, digest, record, meta_digest(record), key, converted, []


def meta_digest(record: tuple[Any, ...]) -> str:
    """A digest of everything of an entry but its body (cache.entry_record: plain values, so their
    repr is stable): equal digests, equal entries as far as every page but its own is concerned."""
    return _digest(repr(record))


def _load_chunk(chunk: list[tuple[str, bytes | None]]) -> list[Loaded]:
    return [_load_one(rel, raw) for rel, raw in chunk]


def _pool_context() -> tuple[BaseContext, bool]:
    """fork when this process has one thread (fast, and workers share its memory); else forkserver."""
    import multiprocessing  # imported here: a rebuild that needs no pool starts faster

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), True
    method = "forkserver" if "forkserver" in methods else "spawn"
    return multiprocessing.get_context(method), False


def _pool(workers: int, context: BaseContext, init: tuple[Any, ...] | None = None) -> Executor:
    """A process pool; `init` are the arguments of _worker_init for each worker."""
    from concurrent.futures import ProcessPoolExecutor  # imported here, as multiprocessing

    if init is None:
        return ProcessPoolExecutor(workers, mp_context=context)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=init)


def _workers(jobs: int | None, count: int) -> int:
    if jobs is not None:
        return max(1, jobs)
    if count < PARALLEL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, cores)


def _chunks(items: Sequence[Any], workers: int) -> list[Sequence[Any]]:
    size = max(1, min(64, len(items) // (workers * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _load(
    config: Config, todo: list[tuple[str, bytes | None]], skip: set[str], jobs: int | None, tell: Progress
) -> tuple[dict[str, tuple[str, str, Entry]], dict[str, str], dict[str, Converted], list[Problem]]:
    """Parse files and convert their bodies (in a pool when worth it): entries, their meta digests,
    HTML, problems."""
    init = (_pickled(config), frozenset(skip))
    workers = _workers(jobs, len(todo))
    results: list[Loaded] = []
    if workers == 1 or not todo:
        _worker_init(*init)
        for n, (rel, raw) in enumerate(todo, start=1):
            results.append(_load_one(rel, raw))
            if n % 50 == 0:
                tell("rendering entries", n, len(todo))
    else:
        context, _ = _pool_context()
        with _pool(workers, context, init) as pool:
            for chunk in pool.map(_load_chunk, _chunks(todo, workers)):
                results.extend(chunk)
                tell("rendering entries", len(results), len(todo))
    entries: dict[str, tuple[str, str, Entry]] = {}
    metas: dict[str, str] = {}
    bodies: dict[str, Converted] = {}
    problems: list[Problem] = []
    for rel, digest, record, meta, key, done, trouble in results:
        problems.extend(trouble)
        if record is not None and key is not None:
            entries[rel] = (digest, key, entry_from_record(record, f"{config.entries_dir}/{rel}", digest))
            metas[rel] = meta
            if done is not None:
                bodies[key] = done
    return entries, metas, bodies, problems


def _ensure_bodies(
    state: BuildState,
    store: Store,
    journal: Journal,
    keys: Mapping[str, str],
    needed: set[str],
    jobs: int | None,
    tell: Progress,
) -> set[str]:
    """Have HTML, text and steps of the `needed` body keys: from the shards, else converted now."""
    missing = {k for k in needed if k not in state.bodies or k not in state.steps}
    stored = {k for k in missing if k in state.steps}
    if stored:
        state.bodies.update(store.read_bodies(stored))
        missing = {k for k in missing if k not in state.bodies or k not in state.steps}
    items = {
        keys[e.source]: (e.body, e.title_is_heading) for e in journal.entries if keys[e.source] in missing
    }
    if not items:
        return set()
    todo = [(key, body, heading) for key, (body, heading) in items.items()]
    workers = _workers(jobs, len(todo))
    done: list[tuple[str, Converted]] = []
    if workers == 1:
        _worker_init(None, frozenset())
        done = _convert_chunk(todo)
    else:
        context, _ = _pool_context()
        with _pool(workers, context, (None, frozenset())) as pool:
            for chunk in pool.map(_convert_chunk, _chunks(todo, workers)):
                done += chunk
                tell("rendering entries", len(done), len(todo))
    for key, (html, text, steps) in done:
        state.bodies[key] = (html, text)
        state.steps[key] = steps
    return set(items)


Converted = tuple[str, str, tuple[tuple[str, bool], ...]]
"""An entry body converted: its HTML, its plain text (for search) and its steps as (text, done)."""


def _convert(body: str, drop_title_heading: bool) -> Converted:
    rendered = _worker["markdown"](body, drop_title_heading)
    steps = tuple((step.text, step.done) for step in rendered.steps)
    return rendered.html, search.plain_text(rendered.html), steps


def _convert_chunk(chunk: Sequence[tuple[str, str, bool]]) -> list[tuple[str, Converted]]:
    return [(key, _convert(body, heading)) for key, body, heading in chunk]


def _shards(state: BuildState, store: Store, dirty: set[str], live: set[str]) -> dict[str, dict[str, str]]:
    """The new content of every changed body shard: what it held and what is new, minus the dead."""
    shards: dict[str, dict[str, str]] = {shard: {} for shard in dirty}
    for key, body in state.bodies.items():
        shard = shards.get(shard_of(key))
        if shard is not None and key in live:
            shard[key] = body
    for shard, content in shards.items():
        old = store.read_shard(shard)
        content.update((k, v) for k, v in old.items() if k in live and k not in content)
    return dict(sorted(shards.items()))


def _texts_of_last_build(
    out: Path,
    pages: Sequence[Page],
    manifest: Mapping[str, Sequence[Any]],
    previous: Mapping[str, tuple[str, str, Entry]],
    keys: Mapping[str, str],
    journal: Journal,
) -> dict[str, str]:
    """Plain texts by body key, read back from the search files about to be rewritten.

    A year's search file holds the text of each of its entries; rewriting it (one entry's words or
    tags changed) would otherwise load every body of that year from the cache. A file is used only
    when its bytes are what the last build wrote (its digest in the manifest), and a text only for
    an entry whose body is the one it had then (the same body key).
    """
    by_url: dict[str, str] = {}
    for page in pages:
        old = manifest.get(page.path)
        if not page.path.startswith(search.FOLDER + "/") or old is None:
            continue
        try:
            data = (out / page.path).read_bytes()
        except OSError:
            continue
        if _digest(data) != old[0]:
            continue
        for record in search.read_script(data) or ():
            if isinstance(record, dict) and isinstance(record.get("url"), str):
                text = record.get("text")
                if isinstance(text, str):
                    by_url[record["url"]] = text
    found: dict[str, str] = {}
    if not by_url:
        return found
    for entry in journal.entries:
        key = keys[entry.source]
        before = previous.get(entry.source)
        text = by_url.get(entry.url)
        if text is not None and before is not None and before[1] == key:
            found[key] = text
    return found


# -- page keys --------------------------------------------------------------------------------------


def page_key(page: Page, theme: str, memo: dict[int, tuple[str, Any]], shows: list[str] | None = None) -> str:
    """A digest of everything a page shows: same key, same bytes (given the same theme and config).

    Views (dataclasses: their class and fields) and other objects (by their repr) are digested once
    per build through `memo`, by id (each kept alive there, so an id is never reused): an object
    without a stable repr just makes the page render again. An entry's HTML and text stand in by
    their body key (markup.Lazy.cache_key), and the body keys a page shows are added to `shows`.
    """
    parts: list[str] = [theme, page.path, page.template or ""]
    if page.data is not None:
        parts.append(_digest(page.data))
    else:
        _flatten(page.context, parts, memo, [] if shows is None else shows)
    return _digest("\x1f".join(parts))


_SCALARS = frozenset((str, int, float, bool, type(None)))


def _flatten(value: Any, out: list[str], memo: dict[int, tuple[str, Any]], shows: list[str]) -> None:
    kind = type(value)
    if kind in _SCALARS:
        out.append(repr(value))
    elif kind is list or kind is tuple:
        out.append("[")
        for item in value:
            known = memo.get(id(item))
            if known is None:
                _flatten(item, out, memo, shows)
            else:
                out.append(known[0])
        out.append("]")
    elif kind is dict or isinstance(value, Mapping):
        out.append("{")
        for key, item in value.items():
            out.append(repr(key) if type(key) in _SCALARS else _digest(repr(key)))
            known = memo.get(id(item))
            if known is None:
                _flatten(item, out, memo, shows)
            else:
                out.append(known[0])
        out.append("}")
    elif kind is Lazy:
        out.append("lazy:" + value.cache_key())
        shows.append(value.key)
    else:
        known = memo.get(id(value))
        if known is None:
            fields = getattr(value, "__dict__", None) if hasattr(kind, "__dataclass_fields__") else None
            if fields is None:
                known = (_digest(repr(value)), value)
            else:  # a view: its class and its fields, the views inside it digested once
                inner = [kind.__qualname__]
                for item in fields.values():
                    if type(item) in _SCALARS:
                        inner.append(repr(item))
                        continue
                    seen = memo.get(id(item))
                    if seen is None:
                        _flatten(item, inner, memo, shows)
                    else:
                        inner.append(seen[0])
                known = (_digest("\x1f".join(inner)), value)
            memo[id(value)] = known
        out.append(known[0])


# -- writing --------------------------------------------------------------------------------------


def _write_changes(
    out: Path,
    renderer: SiteRenderer,
    pages: list[Page],
    wanted: set[str],
    copies: list[tuple[str, Path]],
    sources: Mapping[str, tuple[str, int, int]],
    index: Mapping[str, Any],
    manifest: dict[str, tuple[str, int, int]],
    store: Store,
) -> tuple[list[str], list[str]]:
    """Replace only the files that changed, in the live site: render everything first, then write."""
    old: dict[str, tuple[str, int, int]] = {k: tuple(v) for k, v in index["manifest"].items()}
    old_sources: Mapping[str, Sequence[Any]] = index.get("sources", {})
    changed: list[tuple[str, bytes, str]] = []
    for page in pages:
        data = renderer.render(page)
        digest = _digest(data)
        if page.path not in old or old[page.path][0] != digest:
            changed.append((page.path, data, digest))
    copy_changed = [
        (site, path)
        for site, path in copies
        if site not in old or tuple(old_sources.get(site, ())) != sources[site]
    ]
    removed = sorted(set(old) - wanted - {write.MARKER})
    manifest.update(old)
    if not (changed or copy_changed or removed):
        return [], []
    store.clear_index()
    written: list[str] = []
    for rel in removed:
        write.remove(out, rel)
        del manifest[rel]
    for rel, data, digest in changed:
        manifest[rel] = (digest, *write.update(out, rel, data))
        written.append(rel)
    for site, path in copy_changed:
        manifest[site] = ("", *write.update(out, site, source=path))
        written.append(site)
    return written, removed


def _write_locked(
    out: Path,
    renderer: SiteRenderer,
    plan: list[Page],
    copies: list[tuple[str, Path]],
    config: Config,
    key: SiteKey,
    store: Store,
) -> tuple[list[str], list[str]]:
    """Render every page, lock it all with the key, and write it as a new site swapped in whole."""
    from journalgen.crypto import encrypt_site, is_locked_site

    pages = [(page.path, renderer.render(page)) for page in plan]
    previous = out if out.is_dir() and is_locked_site(out) else None
    sealed, plain = encrypt_site(config, pages, copies, key, previous)
    store.clear_index()
    report = write.write_site(out, sealed, plain)
    return sorted(report.stamps), []


_phase: dict[str, Any] = {}
"""What forked page workers inherit: the renderer, the plan and the folder to write into."""


def _render_some(indexes: list[int]) -> tuple[list[tuple[str, str, int, int, str]], list[Problem]]:
    """In a forked worker: render and write these pages of the plan, and work out their keys;
    (path, digest, size, mtime, page key)."""
    renderer: SiteRenderer = _phase["renderer"]
    plan: list[Page] = _phase["plan"]
    tmp: Path = _phase["tmp"]
    theme: str = _phase["theme"]
    memo: dict[int, tuple[str, Any]] = _phase.setdefault("memo", {})  # this worker's own
    done: list[tuple[str, str, int, int, str]] = []
    try:
        for index in indexes:
            page = plan[index]
            data = renderer.render(page)
            key = page_key(page, theme, memo)
            done.append((page.path, _digest(data), *write.put(tmp, page.path, data), key))
    except JournalError as exc:
        return done, exc.problems
    return done, []


def _batches(plan: list[Page], workers: int) -> list[list[int]]:
    """Pages in batches for the workers: lists (long to render) one by one first, then entries."""
    lists = [i for i, page in enumerate(plan) if page.template != "entry.html"]
    entries = [i for i, page in enumerate(plan) if page.template == "entry.html"]
    size = max(1, min(200, len(entries) // (workers * 8) or 1))
    return [[i] for i in lists] + [entries[i : i + size] for i in range(0, len(entries), size)]


def _write_whole(
    out: Path,
    renderer: SiteRenderer,
    plan: list[Page],
    copies: list[tuple[str, Path]],
    index: Mapping[str, Any],
    manifest: dict[str, tuple[str, int, int]],
    store: Store,
    keys: tuple[str, dict[str, str]],
    jobs: int | None,
    tell: Progress,
) -> tuple[list[str], list[str]]:
    """Render and write every page into a new folder beside the output, then swap it in; `keys`:
    the theme fingerprint, and the dict to put each page's key in."""
    theme, page_keys = keys
    tmp = write.new_folder(out)
    try:
        workers = _workers(jobs, len(plan))
        context, forked = _pool_context()
        if workers > 1 and forked:
            _phase.update(renderer=renderer, plan=plan, tmp=tmp, theme=theme)
            gc.freeze()  # the model and the plan stay shared with the workers, untouched by their collector
            try:
                with _pool(workers, context) as pool:
                    for done, problems in pool.map(_render_some, _batches(plan, workers)):
                        if problems:
                            raise JournalError(problems)
                        for rel, digest, size_, mtime, key in done:
                            manifest[rel] = (digest, size_, mtime)
                            page_keys[rel] = key
                        tell("writing pages", len(manifest), len(plan))
            finally:
                gc.unfreeze()
                _phase.clear()
        else:
            memo: dict[int, tuple[str, Any]] = {}
            for n, page in enumerate(plan, start=1):
                data = renderer.render(page)
                manifest[page.path] = (_digest(data), *write.put(tmp, page.path, data))
                page_keys[page.path] = page_key(page, theme, memo)
                if n % 200 == 0:
                    tell("writing pages", n, len(plan))
        for site, path in copies:
            manifest[site] = ("", *write.put_copy(tmp, site, path))
        store.clear_index()
        manifest[write.MARKER] = ("", *write.finish(tmp, out))
    except BaseException:
        write.discard(tmp)
        manifest.clear()
        raise
    old = index.get("manifest", {})
    removed = sorted(set(old) - set(manifest)) if index.get("output") == str(out) else []
    return sorted(manifest), removed
