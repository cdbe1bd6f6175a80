"""What a build learned, kept: the Index of this build (index.py), in memory for the next build
of the process (BuildState) and in the cache folder (store.py), with the parsed entries, the
bodies and the answers the next build may reuse."""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, TypeVar

from journalgen.build import deltas, deps
from journalgen.build.index import Index, Shown
from journalgen.build.store import ENTRY_SHARDS, entry_shard
from journalgen.site.threads import GROUPS

if TYPE_CHECKING:
    from journalgen.build.incremental import Incremental

T = TypeVar("T")


def remember(
    engine: Incremental,
    manifest: dict[str, tuple[str, int, int]],
    keys: dict[str, str],
    shows: dict[str, Shown],
    reads: Mapping[str, set[str]],
) -> None:
    """Keep what this build learned (its Index): in memory and, best effort, in the cache folder."""
    state, old, scanned, entries = engine.state, engine.old, engine.scanned, engine.source.entries
    live = set(engine.keys.values()) | {read.key for read in entries.values()}
    gone = set(engine.known) - set(entries)
    entry_shards = {entry_shard(rel) for rel in (*engine.source.fresh, *gone)}
    if engine.first:
        entry_shards = {f"{n:x}" for n in range(ENTRY_SHARDS)}

    def asked() -> dict[str, tuple[str, ...]]:
        return {
            key: tuple(q for q, _ in state.questions[key])
            for e in engine.journal.entries
            if e.kind in GROUPS and state.questions.get(key := engine.keys[e.source])
        }

    at_hand = engine.bodies_at_hand
    answers = state.answers.shards_to_save(
        engine.store, asked, lambda: engine.years, state.bodies, live, every=engine.first
    )
    shards = engine.store.begin(at_hand.shards(live, engine.first), answers)  # while the Index is made
    steps, questions = _kept(state.steps, live), _kept(state.questions, live)
    known = set(old.bodies)
    added = sorted({k for k in state.bodies if k in live and k not in known})
    index = Index(
        output=str(engine.out),
        fingerprint=scanned.fingerprint,
        pages=len(keys),
        generation=os.urandom(8).hex(),
        order=engine.order,
        parse_key=engine.parse_key,
        scan_ns=scanned.scan_ns,
        entries=len(engine.journal.entries),
        stats={
            rel: (*scanned.stats[rel], entries[rel].digest)
            for rel in scanned.files.markdown
            if rel in entries
        },
        sources=scanned.sources,
        manifest=manifest,
        page_keys=keys,
        meta=engine.meta,
        model=engine.model,
        bodies=deltas.edited(old.bodies, added, known - live),
        steps=steps,
        questions=questions,
        body_keys=engine.keys,
        shows=shows,
        reads=deps.reads(old.reads, reads, fresh=old.model != engine.model or not old.shows),
        terms=engine.terms,
        waiting=engine.waiting,
    )
    previous = old if state.complete and not engine.first else None
    engine.store.save(index, entries, entry_shards, shards, previous)
    state.bodies = _kept(state.bodies, live)
    state.texts = at_hand.texts = _kept(at_hand.texts, live)
    state.steps, state.questions = dict(steps), dict(questions)  # the Index's own stay as recorded
    state.answers.forget(live)
    state.index = index
    state.complete = True


def _kept(found: dict[str, T], live: Collection[str]) -> dict[str, T]:
    """`found` without the keys no longer live: copied whole, then the few gone dropped (a
    rebuild keeps all but one or two of ten thousand)."""
    kept = dict(found)
    for key in found.keys() - live:
        del kept[key]
    return kept
