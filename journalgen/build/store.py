"""The build cache in `<journal>/.journalgen-cache/`: what earlier builds learned, checked before use.

Files: `index.bin` (what a build that finds nothing changed needs: the site's manifest and the
fingerprint of every input), `journal.bin` (the rest of the Index, index.py: stat index of
entries/, page keys, what each page shows) and `journal.N.bin` (the changes to it, build after
build: deltas.py), `entries/X.bin` (parsed entries with their file digest, in 16 shards by path;
their bodies are read again from the entry files when needed), `bodies/XX.bin` (each body's
HTML, plain text, links and headings, by body key, in 256 shards) and `answers/XX.bin` (the
answers to the prompts' questions, by question and year, for the Threads pages: see answers.py), so one
edit rewrites a few small files. Every file is written in records.py's checked format, but
`exports.json`: the files journalgen wrote outside the site (exports), so it replaces one only
while it is what it wrote.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalgen import write
from journalgen.build import deltas
from journalgen.build.aside import Aside
from journalgen.build.index import HEAD, REST, Index, fields_from
from journalgen.build.records import BodyRecord, decode, encode, entry_from_record, entry_record

if TYPE_CHECKING:
    from journalgen.source.read import Read


INDEX = "index.bin"
JOURNAL = "journal.bin"
ENTRIES = "entries"
ENTRY_SHARDS = 16
BODIES = "bodies"
ANSWERS = "answers"
EXPORTS = "exports.json"
README = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is journalgen's render cache: safe to delete, rebuilt by the next build.\n"
)


BESIDE = 32
"""From this many body shards to write, they are written in a forked child (build/aside.py)."""


def _link(n: int) -> str:
    """The cache file of the n-th changes on top of journal.bin."""
    return f"journal.{n}.bin"


def shard_of(key: str) -> str:
    """The body shard a body key lives in: its first two hex digits."""
    return key[:2]


@functools.lru_cache(maxsize=4096)  # a few dozen questions, a few years: asked for each answer
def answer_shard(question: str, year: int) -> str:
    """The answer shard the answers to a question of the entries of one year live in (a Threads
    page shows a year of a question's answers): two hex digits of a digest of both."""
    words = f"{year}\0{question}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(words, digest_size=1).hexdigest()


def entry_shard(source: str) -> str:
    """The entry shard a source path lives in: one hex digit of a checksum of the path (CRC-32:
    the same in every process, and quick enough to work out for every entry of a journal)."""
    return f"{zlib.crc32(source.encode('utf-8')) % ENTRY_SHARDS:x}"


class Store:
    """The cache folder of one journal. Reads never raise; writes are atomic and best effort."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _read(self, name: str) -> Any | None:
        try:
            return decode((self.folder / name).read_bytes())
        except OSError:
            return None

    def _write(self, name: str, data: Any) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write.atomic_write(target, encode(data), mode=0o600)

    def _make(self) -> None:
        """The folder, tagged as a cache (backup tools skip it) and ignored by git."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if write.create_new(self.folder / "CACHEDIR.TAG", README.encode("utf-8")):
            write.create_new(self.folder / ".gitignore", b"*\n")

    def subfolder(self, name: str) -> Path | None:
        """A folder inside the cache for another tool's files (compiled templates); None before a
        build made the cache (a first build that fails leaves no cache behind) or when it cannot
        be made."""
        try:
            if not (self.folder / INDEX).is_file() and not (self.folder / "CACHEDIR.TAG").is_file():
                return None
            (self.folder / name).mkdir(exist_ok=True)
        except OSError:
            return None
        return self.folder / name

    def read_index(self) -> Index | None:
        """The Index's HEAD (its other fields empty: see read_rest), or None."""
        values = fields_from(self._read(INDEX), HEAD)
        return Index(**values) if values is not None else None

    def read_rest(self, index: Index) -> bool:
        """Fill in the other fields of an Index read by read_index(), from journal.bin and the
        changes saved on top of it (deltas.py); False (and left empty) when they are missing,
        damaged or of another build."""
        values = fields_from(self._read(JOURNAL), REST)
        chain = 0
        while values is not None and values["generation"] != index.generation and chain < deltas.CHAIN:
            chain += 1
            step = self._read(_link(chain))
            if not (isinstance(step, tuple) and len(step) == 3 and step[0] == values["generation"]):
                return False
            if not (isinstance(step[1], str) and deltas.apply(values, step[2])):
                return False
            values["generation"] = step[1]
        if values is None or values["generation"] != index.generation:
            return False
        values = fields_from(tuple(values[name] for name in REST), REST)  # still of the Index's types?
        if values is None:
            return False
        for name, value in values.items():
            setattr(index, name, value)
        index.chain = chain
        return True

    def read_entries(self, entries_dir: Path, folder: str = ENTRIES) -> dict[str, Read]:
        """Parsed entries by source (kept in `folder`); a damaged shard holds none."""
        found: dict[str, Read] = {}
        for entries in self.entry_shards(entries_dir, folder):
            found.update(entries)
        return found

    def entry_shards(self, entries_dir: Path, folder: str = ENTRIES) -> Iterator[dict[str, Read]]:
        """read_entries(), shard by shard."""
        from journalgen.source.read import Read

        base = str(entries_dir)
        for shard in range(ENTRY_SHARDS):
            data = self._read(f"{folder}/{shard:x}.bin")
            if not isinstance(data, dict):
                continue
            try:
                yield {
                    rel: Read(d, b, entry_from_record(rec, f"{base}/{rel}", d))
                    for rel, (d, b, rec) in data.items()
                }
            except (TypeError, ValueError):
                continue

    def read_shard(self, shard: str) -> dict[str, BodyRecord]:
        data = self._read(f"{BODIES}/{shard}.bin")
        return data if isinstance(data, dict) else {}

    def read_answers(self, shard: str) -> dict[str, dict[str, str]]:
        """The answers an answer shard holds: question → body key → HTML."""
        data = self._read(f"{ANSWERS}/{shard}.bin")
        return data if isinstance(data, dict) else {}

    def read_bodies(self, keys: Iterable[str]) -> dict[str, BodyRecord]:
        """The bodies of these keys that the shards hold (a damaged shard holds nothing)."""
        found: dict[str, BodyRecord] = {}
        wanted = set(keys)
        for shard in sorted({shard_of(k) for k in wanted}):
            found.update((k, v) for k, v in self.read_shard(shard).items() if k in wanted)
        return found

    def begin(
        self,
        shards: Mapping[str, dict[str, BodyRecord]],
        answers: Mapping[str, dict[str, dict[str, str]]] | None = None,
    ) -> Aside[bool]:
        """Start writing these body shards and answer shards, which save() then waits for: in a
        child forked on the other core when there are many (BESIDE: a first build writes them
        all) while this process goes on, else in this process when save() asks for them."""
        return Aside(
            lambda: self._write_shards(shards, answers or {}), bool, bool, fork=len(shards) >= BESIDE
        )

    def save(
        self,
        index: Index,
        entries: Mapping[str, Read],
        entry_shards: Iterable[str],
        shards: Aside[bool],
        previous: Index | None = None,
    ) -> bool:
        """Write the named entry shards and the record, once the body and answer shards begun
        with begin() are written, then the index, which makes them the cache's; False if that
        failed. With `previous`, the Index the cache holds, only the changes from it to `index`
        are written when they are few (deltas.py)."""
        try:
            self._make()
            self.write_entries(entries, entry_shards)
            self._write_rest(index, previous)
            shards.result()
            self._write(INDEX, tuple(getattr(index, name) for name in HEAD))
        except (OSError, ValueError):  # ValueError: a value marshal cannot store
            if shards.forked:  # no child left writing once the build is over
                with contextlib.suppress(OSError, ValueError):
                    shards.result()
            index.chain = deltas.CHAIN
            return False
        return True

    def _write_shards(
        self, shards: Mapping[str, dict[str, BodyRecord]], answers: Mapping[str, dict[str, dict[str, str]]]
    ) -> bool:
        self._make()
        for shard, bodies in shards.items():
            self._write(f"{BODIES}/{shard}.bin", bodies)
        for shard, found in answers.items():
            self._write(f"{ANSWERS}/{shard}.bin", found)
        return True

    def _write_rest(self, index: Index, previous: Index | None) -> None:
        """journal.bin, or the changes since `previous` in the next file of the chain."""
        if previous is not None and previous.chain < deltas.CHAIN:
            fields = REST[1:]
            change = deltas.changes(
                {name: getattr(previous, name) for name in fields},
                {name: getattr(index, name) for name in fields},
            )
            if change is not None:
                index.chain = previous.chain + 1
                self._write(_link(index.chain), (previous.generation, index.generation, change))
                return
        self._write(JOURNAL, tuple(getattr(index, name) for name in REST))
        index.chain = 0
        for n in range(1, deltas.CHAIN + 1):  # the changes on top of the record it replaces
            with contextlib.suppress(OSError):
                (self.folder / _link(n)).unlink(missing_ok=True)

    def write_entries(
        self, entries: Mapping[str, Read], shards: Iterable[str], folder: str = ENTRIES
    ) -> None:
        """Write these entry shards of `folder` with the entries that belong in them (OSError,
        ValueError when that failed)."""
        records: dict[str, dict[str, Any]] = {shard: {} for shard in shards}
        if not records:
            return
        for rel, (sha, body, entry) in entries.items():
            shard = entry_shard(rel)
            if shard in records:
                records[shard][rel] = (sha, body, entry_record(entry))
        for shard, content in sorted(records.items()):
            self._write(f"{folder}/{shard}.bin", content)

    def read_file(self, name: str) -> Any | None:
        """What another part of journalgen kept in the cache file `name` (None: missing or damaged)."""
        return self._read(name)

    def write_file(self, name: str, data: Any) -> bool:
        """Keep plain data in the cache file `name`, atomically; False if that failed."""
        try:
            self._make()
            self._write(name, data)
        except (OSError, ValueError):
            return False
        return True

    def _written(self) -> dict[str, str]:
        try:
            record = json.loads((self.folder / EXPORTS).read_bytes())
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in record.items()} if isinstance(record, dict) else {}

    def wrote(self, path: Path) -> bool:
        """Whether the file at `path` is exactly what journalgen last wrote there (remember_written)."""
        known = self._written().get(str(path))
        try:
            return known is not None and hashlib.sha256(path.read_bytes()).hexdigest() == known
        except OSError:
            return False

    def remember_written(self, path: Path, data: bytes) -> None:
        """Note a file written outside the site (its SHA-256), so a later export may replace it."""
        record = self._written()
        record[str(path)] = hashlib.sha256(data).hexdigest()
        with contextlib.suppress(OSError):
            self._make()
            text = json.dumps(record, indent=1, sort_keys=True) + "\n"
            write.atomic_write(self.folder / EXPORTS, text.encode("utf-8"), mode=0o600)

    def clear_index(self) -> None:
        """Forget the manifest before the site changes, so a crash midway cannot leave it trusted."""
        with contextlib.suppress(OSError):
            (self.folder / INDEX).unlink(missing_ok=True)
