"""The render cache in `<journal>/.journalgen-cache/`: what earlier builds learned, checked before use.

Files: `index.bin` (stat index of entries/, the site's manifest, page keys, fingerprints),
`entries/X.bin` (parsed entries with their file digest, in 16 shards by path; their bodies are read
again from the entry files when needed) and `bodies/XX.bin` (each body's HTML and plain text, by
body key, in 256 shards), so one edit rewrites a few small files.
Each file is MAGIC, the SHA-256 of the payload, and the payload: `marshal` data (plain values only:
loading it runs no code) that starts with cache_key(), which names the format, journalgen's code,
the Markdown settings and the versions of the libraries that shape the output. A missing,
truncated, corrupt or stale file reads as None: the build then does the work again; it never trusts
what it cannot check.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from journalgen.errors import JournalError
from journalgen.loader import body_of
from journalgen.markup import EXTENSIONS
from journalgen.model import Entry

FORMAT = 1
MAGIC = b"JGCACHE\x01"
_HEADER = len(MAGIC) + 32
INDEX = "index.bin"
ENTRIES = "entries"
ENTRY_SHARDS = 16
BODIES = "bodies"
README = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is journalgen's render cache: safe to delete, rebuilt by the next build.\n"
)


@functools.cache
def cache_key() -> str:
    """Everything besides the input that shapes what is cached: a change of any part empties it."""
    import jinja2
    import markdown
    import yaml

    from journalgen import __version__

    code = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        code.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    parts = (
        f"format={FORMAT}",
        f"journalgen={__version__}+{code.hexdigest()[:16]}",
        f"markdown={markdown.__version__}:{','.join(EXTENSIONS)}",
        f"jinja2={jinja2.__version__}",
        f"pyyaml={yaml.__version__}",
        f"python={sys.version_info[0]}.{sys.version_info[1]}",
        f"entry={','.join(_ENTRY_FIELDS)}",
    )
    return ";".join(parts)


def encode(data: Any) -> bytes:
    """MAGIC + sha256(payload) + payload, where the payload is marshal((cache_key(), data))."""
    payload = marshal.dumps((cache_key(), data))
    return MAGIC + hashlib.sha256(payload).digest() + payload


def decode(blob: bytes) -> Any | None:
    """The data encoded in blob, or None when it is not ours, damaged, or from another version."""
    if len(blob) < _HEADER or not blob.startswith(MAGIC):
        return None
    payload = memoryview(blob)[_HEADER:]
    if hashlib.sha256(payload).digest() != blob[len(MAGIC) : _HEADER]:
        return None
    try:
        key, data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return data if key == cache_key() else None


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("datetime values are not cached")
    if isinstance(value, dt.date):
        return {"date": value.toordinal()}
    if isinstance(value, dt.time):
        return {"time": (value.hour, value.minute, value.second, value.microsecond)}
    if isinstance(value, MappingProxyType):
        return {"map": dict(value)}
    if isinstance(value, dict):
        return {"dict": value}
    return value


def _unplain(value: dict[str, Any]) -> Any:
    if "date" in value:
        return dt.date.fromordinal(value["date"])
    if "map" in value:
        return MappingProxyType(value["map"])
    if "time" in value:
        return dt.time(*value["time"])
    return value["dict"]


def entry_record(entry: Entry) -> tuple[Any, ...]:
    """An Entry as plain values, field by field, without its body (read again from its file)."""
    return tuple(None if name == "body" else _plain(entry.__dict__[name]) for name in _ENTRY_FIELDS)


def entry_from_record(record: tuple[Any, ...], path: str, digest: str) -> Entry:
    """The Entry entry_record() was made from; its body is read from `path` (SHA-256 `digest`) when used."""
    if len(record) != len(_ENTRY_FIELDS):
        raise ValueError("an entry record of another shape")
    entry = object.__new__(StoredEntry)
    values = [_unplain(v) if type(v) is dict else v for v in record]
    entry.__dict__.update(zip(_ENTRY_FIELDS, values, strict=True))
    del entry.__dict__["body"]
    entry.__dict__["_file"] = (path, digest)
    return entry


class StoredEntry(Entry):
    """An Entry known from the cache: all of it but the body, which is read from its file when used.

    Most rebuilds never look at the bodies of unchanged entries, so they are not loaded. The file
    is checked against the digest it had when parsed; equal to an Entry with the same fields.
    """

    @property  # type: ignore[override]
    def body(self) -> str:
        known = self.__dict__.get("_body")
        if known is None:
            path, digest = self.__dict__["_file"]
            known = self.__dict__["_body"] = _read_body(path, digest, self.source)
        return known

    @body.setter
    def body(self, value: str) -> None:
        self.__dict__["_body"] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _ENTRY_FIELDS)

    def __hash__(self) -> int:
        return Entry.__hash__(self)


def _read_body(path: str, digest: str, source: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        raw = b""
    if hashlib.sha256(raw).hexdigest() != digest:
        raise JournalError.at(f"entries/{source}", None, "changed while journalgen was building; build again")
    return body_of(raw)


def shard_of(key: str) -> str:
    """The body shard a body key lives in: its first two hex digits."""
    return key[:2]


def entry_shard(source: str) -> str:
    """The entry shard a source path lives in: one hex digit of a digest of the path."""
    return f"{hashlib.blake2b(source.encode('utf-8'), digest_size=1).digest()[0] % ENTRY_SHARDS:x}"


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
        blob = encode(data)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _make(self) -> None:
        """The folder, tagged as a cache (backup tools skip it) and ignored by git."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(README, encoding="utf-8")
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")

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

    def read_index(self) -> dict[str, Any] | None:
        data = self._read(INDEX)
        return data if isinstance(data, dict) else None

    def read_entries(self, entries_dir: Path) -> dict[str, tuple[str, str, Entry]]:
        """Parsed entries: source → (file digest, body key, Entry); a damaged shard holds none."""
        found: dict[str, tuple[str, str, Entry]] = {}
        base = str(entries_dir)
        for shard in range(ENTRY_SHARDS):
            data = self._read(f"{ENTRIES}/{shard:x}.bin")
            if not isinstance(data, dict):
                continue
            try:
                entries = {
                    rel: (d, b, entry_from_record(rec, f"{base}/{rel}", d))
                    for rel, (d, b, rec) in data.items()
                }
            except (TypeError, ValueError):
                continue
            found.update(entries)
        return found

    def read_shard(self, shard: str) -> dict[str, str]:
        data = self._read(f"{BODIES}/{shard}.bin")
        return data if isinstance(data, dict) else {}

    def read_bodies(self, keys: Iterable[str]) -> dict[str, str]:
        """The HTML of these body keys that the shards hold (a damaged shard holds nothing)."""
        found: dict[str, str] = {}
        wanted = set(keys)
        for shard in sorted({shard_of(k) for k in wanted}):
            found.update((k, v) for k, v in self.read_shard(shard).items() if k in wanted)
        return found

    def save(
        self,
        index: dict[str, Any],
        entries: Mapping[str, tuple[str, str, Entry]],
        entry_shards: Iterable[str],
        shards: Mapping[str, dict[str, str]],
    ) -> bool:
        """Write the index, the named entry shards and these body shards; False if that failed."""
        try:
            self._make()
            for shard, bodies in shards.items():
                self._write(f"{BODIES}/{shard}.bin", bodies)
            dirty = set(entry_shards)
            if dirty:
                records: dict[str, dict[str, Any]] = {shard: {} for shard in dirty}
                for rel, (digest, body, entry) in entries.items():
                    shard = entry_shard(rel)
                    if shard in records:
                        records[shard][rel] = (digest, body, entry_record(entry))
                for shard, content in sorted(records.items()):
                    self._write(f"{ENTRIES}/{shard}.bin", content)
            self._write(INDEX, index)
        except (OSError, ValueError):  # ValueError: a value marshal cannot store
            return False
        return True

    def clear_index(self) -> None:
        """Forget the manifest before the site changes, so a crash midway cannot leave it trusted."""
        with contextlib.suppress(OSError):
            (self.folder / INDEX).unlink(missing_ok=True)
