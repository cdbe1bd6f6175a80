"""What `check` remembers between runs, so that it reads and converts only what changed.

It lives in `check/` of the journal's cache folder, in the build cache's checked format
(build/records.py): `index.bin` (each entry file's stat and SHA-256 when check last read it, each
entry's fields digest, the pages of the site, the verdict on each document of entries/),
`entries/X.bin` (the parsed entries, sharded as the build's are) and `facts/X.bin` (what check
needs of each converted body: its links and what was neutralised in it, by body key).

A check that finds little of its own there (the first one) takes what the last build parsed and
converted, when the build read under the same settings. Nothing is used unless what it was made
from is unchanged: an entry while its file's bytes are (its stat, else its SHA-256), a body's
facts by body key (a digest of everything the converter is given), the page paths by a digest of
every entry's fields, the theme and the settings. Damaged or stale files are ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journalgen.build.fresh import built_entries, unchanged
from journalgen.build.store import ENTRY_SHARDS, Store, entry_shard
from journalgen.check.links import says_nothing
from journalgen.errors import Problem
from journalgen.source.entry import fields_digest
from journalgen.source.html import Reference
from journalgen.source.markdown import Rendered
from journalgen.source.read import Read
from journalgen.source.reader import Previous, Source
from journalgen.source.sanitise import Found

FOLDER = "check"
FACT_SHARDS = 16
FROM_BUILD = 64
"""When check's own cache does not know more than this many entry files, the build's cache is read."""

Facts = tuple[tuple[Reference, ...], Found]
"""What check needs of a converted body: its links (Rendered.links) and what was neutralised."""
Stat = tuple[int, int]


def facts_of(links: Iterable[Sequence[Any]], found: Found) -> Facts:
    """A body's facts from its links (References or plain values) and what was neutralised in
    it; links to web pages, of which check has nothing to say, are left out."""
    return tuple(ref for link in links if not says_nothing(ref := Reference(*link))), found


def rendered_facts(rendered: Rendered) -> Facts:
    """The facts of a converted body (what workers send back to check, instead of its HTML)."""
    return facts_of(rendered.links, rendered.neutralised)


@dataclass
class Kept:
    """check's index: what it learned of the journal the last time it ran."""

    parse_key: str = ""
    """The settings the entries were parsed under (build.store.parse_key)."""
    scan_ns: int = 0
    """When entries/ was looked at (files changed just before are read again: build.store.RACY_NS)."""
    stats: dict[str, tuple[int, int, str, str]] = field(default_factory=dict)
    """Each entry file read from disk: (mtime_ns, size, SHA-256, the entry's fields digest)."""
    paths: tuple[str, tuple[str, ...]] = ("", ())
    """The page paths of the site, and the digest of what they were planned from."""
    documents: dict[str, str] = field(default_factory=dict)
    """`path NUL SHA-256` of each document of entries/ → its warning ("" for none)."""


_TYPES = {f.name: type(getattr(Kept(), f.name)) for f in dataclasses.fields(Kept)}


def _kept(data: Any, key: str) -> Kept | None:
    if not isinstance(data, dict) or data.keys() != _TYPES.keys():
        return None
    if not all(isinstance(data[name], kind) for name, kind in _TYPES.items()):
        return None
    kept = Kept(**data)
    return kept if kept.parse_key == key else None


class Memory:
    """check's cache for one run: what it may reuse, then what it keeps for the next run."""

    def __init__(self, store: Store, entries_dir: Path, key: str) -> None:
        self.store = store
        self.entries_dir = entries_dir
        self.key = key
        found = _kept(store.read_file(f"{FOLDER}/index.bin"), key)
        self.valid = found is not None
        """check's own cache was there, under these settings."""
        self.kept = found or Kept(parse_key=key)
        self.own = store.read_entries(entries_dir, f"{FOLDER}/entries") if self.valid else {}
        self.facts: dict[str, Facts] = {}
        self.shards: dict[str, dict[str, Any]] = {}
        for shard in range(FACT_SHARDS):
            data = store.read_file(f"{FOLDER}/facts/{shard:x}.bin")
            self.shards[f"{shard:x}"] = data if isinstance(data, dict) else {}
            for body, (links, found_) in self.shards[f"{shard:x}"].items():
                self.facts[body] = (tuple(Reference(*link) for link in links), found_)
        self.built: set[str] = set()
        """Body keys the build's cache holds (when it was read)."""
        self.documents: dict[str, str] = {}
        self.paths_before = self.kept.paths
        self.rechecked = False
        """Some file known before was read again to see whether it changed."""
        self.facts_changed = not self.valid

    def previous(self, markdown: Iterable[str], stats: Mapping[str, Stat]) -> Previous:
        """What read_journal may reuse: entries check read before, trusted while their stat is
        unchanged; when that leaves many unknown, what the last build read."""
        kept, known, trusted = self.kept, dict[str, Read](), set[str]()
        wanted = [rel for rel in markdown if rel in stats]
        for rel in wanted:
            read = self.own.get(rel)
            if read is not None:
                known[rel] = read
                if unchanged(stats[rel], kept.stats.get(rel), read.digest, kept.scan_ns):
                    trusted.add(rel)
        unknown = [rel for rel in wanted if rel not in trusted]
        self.rechecked = any(rel in known for rel in unknown)
        if len(unknown) > FROM_BUILD:
            built, index = built_entries(self.store, self.entries_dir, self.key)
            if index is not None:
                self.built = set(index.bodies)
                for rel in unknown:
                    read = built.get(rel)
                    if read is not None and unchanged(
                        stats[rel], index.stats.get(rel), read.digest, index.scan_ns
                    ):
                        known[rel] = read
                        trusted.add(rel)
                    elif read is not None and rel not in known:
                        known[rel] = read
        return Previous(known, trusted)

    def meta(self, rel: str, read: Read, fresh: Mapping[str, str]) -> str:
        """The entry's fields digest (source.entry.fields_digest)."""
        given = fresh.get(rel)
        if given:
            return given
        known = self.kept.stats.get(rel)
        return known[3] if known is not None and known[2] == read.digest else fields_digest(read.entry)

    def body_facts(
        self,
        keys: Collection[str],
        converted: Mapping[str, Rendered],
        convert: Callable[[set[str]], dict[str, Facts]],
    ) -> dict[str, Facts]:
        """The facts of these bodies: known, converted while reading, in the build's cache, or
        converted now (`convert`: the facts of the keys still missing)."""
        found = {key: self.facts[key] for key in keys if key in self.facts}
        found.update((key, rendered_facts(r)) for key, r in converted.items() if key in keys)
        missing = set(keys) - found.keys()
        if missing & self.built:
            for key, record in self.store.read_bodies(missing & self.built).items():
                if isinstance(record, tuple) and len(record) == 5:
                    found[key] = facts_of(record[2], record[4])
            missing -= found.keys()
        if missing:
            found.update(convert(missing))
        self.facts_changed = found.keys() != self.facts.keys()
        self.facts = found
        return found

    def paths(self, key: str, plan: Callable[[], list[str]]) -> tuple[str, ...]:
        """The page paths of the site, planned again only when what they come from changed."""
        if self.kept.paths[0] != key:
            self.kept.paths = (key, tuple(plan()))
        return self.kept.paths[1]

    def document(self, rel: str, data: bytes, warn: Callable[[str, bytes], Problem | None]) -> Problem | None:
        """The warning about a document of entries/ (source.attachments.document_warning), kept."""
        key = f"{rel}\0{hashlib.sha256(data).hexdigest()}"
        said = self.kept.documents.get(key)
        if said is None:
            problem = warn(rel, data)
            said = problem.message if problem is not None else ""
        self.documents[key] = said
        return Problem(f"entries/{rel}", None, said) if said else None

    def save(self, source: Source, stats: Mapping[str, Stat], scan_ns: int, given: Collection[str]) -> None:
        """Keep what this run learned, best effort: entries read from disk with their stats, the
        facts of the bodies in use, the paths and documents' verdicts."""
        kept, own = self.kept, self.own
        entries = {rel: read for rel, read in source.entries.items() if rel not in given}
        entries.update((rel, own[rel]) for rel in given if rel in own)  # staged files: keep what disk had
        dirty = {entry_shard(rel) for rel, read in entries.items() if own.get(rel) is not read}
        dirty |= {entry_shard(rel) for rel in own if rel not in entries}
        if not self.valid:
            dirty = {f"{n:x}" for n in range(ENTRY_SHARDS)}
        index_same = not dirty and not self.rechecked and self.documents == kept.documents
        if index_same and not self.facts_changed and kept.paths == self.paths_before:
            return  # nothing new (most runs after an unchanged journal)
        try:
            self.store.write_entries(entries, dirty, f"{FOLDER}/entries")
        except (OSError, ValueError):
            return
        if self.facts_changed:
            shards: dict[str, dict[str, Any]] = {shard: {} for shard in self.shards}
            for key, (links, found) in self.facts.items():
                shards[key[0]][key] = (tuple(map(tuple, links)), found)
            for shard, now in shards.items():
                if now != self.shards[shard] and not self.store.write_file(
                    f"{FOLDER}/facts/{shard}.bin", now
                ):
                    return
        stats_now = {
            rel: (*stats[rel], read.digest, self.meta(rel, read, source.fresh))
            for rel, read in entries.items()
            if rel in stats
        }
        stats_now.update((rel, kept.stats[rel]) for rel in given if rel in entries and rel in kept.stats)
        index = dataclasses.replace(kept, scan_ns=scan_ns, stats=stats_now, documents=self.documents)
        self.store.write_file(
            f"{FOLDER}/index.bin", {f.name: getattr(index, f.name) for f in dataclasses.fields(index)}
        )
