"""The cache's file format and its plain records of entries and bodies.

Each cache file is MAGIC, the SHA-256 of the payload, and the payload: `marshal` data (plain
values only: loading it runs no code) that starts with cache_key(), which names the format,
journalgen's code, the Markdown settings and the versions of the libraries that shape the output.
A missing, truncated, corrupt or stale file reads as None: the build then does the work again; it
never trusts what it cannot check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
import sys
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from journalgen.errors import JournalError, Problem
from journalgen.model import Entry

if TYPE_CHECKING:
    from journalgen.source.markdown import Rendered
    from journalgen.source.sanitise import Found

Asked = tuple[tuple[str, str], ...]
"""The questions a body answers, each with a digest of its answer."""

FORMAT = 1
MAGIC = b"JGCACHE\x01"
_HEADER = len(MAGIC) + 32


@functools.cache
def cache_key() -> str:
    """Everything besides the input that shapes what is cached: a change of any part empties it.

    The libraries are named by the file that holds their version, read without importing them (a
    build with nothing to do imports neither Markdown nor YAML); the Markdown extensions used are
    in journalgen's code."""
    from journalgen import __version__

    code = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        code.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    parts = (
        f"format={FORMAT}",
        f"journalgen={__version__}+{code.hexdigest()[:16]}",
        *(f"{name}={_version_file(name, file)}" for name, file in _LIBRARIES),
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
_STORED_FIELDS = tuple(name for name in _ENTRY_FIELDS if name != "body")
_EMPTY: MappingProxyType[str, Any] = MappingProxyType({})


def _day(value: dt.date) -> int:
    if isinstance(value, dt.datetime):
        raise ValueError("datetime values are not cached")
    return value.toordinal()


def _clock(value: dt.time) -> tuple[int, int, int, int]:
    if value.tzinfo is not None:
        raise ValueError("times with a zone are not cached")
    return (value.hour, value.minute, value.second, value.microsecond)


def _mapping(value: MappingProxyType[str, Any]) -> dict[str, Any] | None:
    return dict(value) if value else None


def _words(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sys.intern(word) for word in value)  # the same few tags in every entry: stored once


_CODECS: dict[str, tuple[Any, Any]] = {
    "date": (_day, dt.date.fromordinal),
    "session_date": (_day, dt.date.fromordinal),
    "time": (_clock, lambda value: dt.time(*value)),
    "scores": (_mapping, MappingProxyType),
    "extra": (_mapping, MappingProxyType),
    "kind": (sys.intern, None),
    "route": (sys.intern, None),
    "emotions": (_words, None),
    "tags": (_words, None),
    "effects": (_words, None),
}
"""How a field of an Entry is stored (as marshal's plain values) and read back, when not as it is."""
_ENCODE = tuple((i, _CODECS[name][0]) for i, name in enumerate(_STORED_FIELDS) if name in _CODECS)
_DECODE = tuple((name, _CODECS[name][1]) for name in _STORED_FIELDS if name in _CODECS and _CODECS[name][1])
_MAPPINGS = ("scores", "extra")


def entry_record(entry: Entry) -> tuple[Any, ...]:
    """An Entry as plain values, field by field, without its body (read again from its file)."""
    values = [entry.__dict__[name] for name in _STORED_FIELDS]
    for i, encode in _ENCODE:
        if values[i] is not None:
            values[i] = encode(values[i])
    return tuple(values)


def entry_from_record(record: tuple[Any, ...], path: str, digest: str) -> Entry:
    """The Entry entry_record() was made from; its body is read from `path` (SHA-256 `digest`) when used."""
    fields = dict(zip(_STORED_FIELDS, record, strict=True))  # ValueError: a record of another shape
    for name, decode in _DECODE:
        value = fields[name]
        if value is not None:
            fields[name] = decode(value)
    for name in _MAPPINGS:
        if fields[name] is None:
            fields[name] = _EMPTY
    fields["_file"] = (path, digest)
    entry = object.__new__(StoredEntry)
    entry.__dict__.update(fields)
    return entry


class StoredEntry(Entry):
    """An Entry known from the cache: all of it but the body, which is read from its file when used.

    Most rebuilds never look at the bodies of unchanged entries, so they are not loaded. The file
    is checked against the digest it had when parsed; equal to an Entry with the same fields.
    """

    @property  # type: ignore[override]
    def body(self) -> str:
        """The body, read from its file: StaleEntryError when the file is no longer what was parsed."""
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


class StaleEntryError(JournalError):
    """An entry file changed since it was parsed, while a build was running: build again."""

    def __init__(self, source: str) -> None:
        super().__init__(
            Problem(f"entries/{source}", None, "changed while journalgen was building; build again")
        )


_LIBRARIES = (
    ("markdown", "__meta__.py"),
    ("pymdownx", "__meta__.py"),
    ("jinja2", "__init__.py"),
    ("yaml", "__init__.py"),
)
"""The libraries that shape what is cached, each with the file of its package that names its version."""


def _version_file(name: str, file: str) -> str:
    """A digest of the file that holds the library's version ("" when the library is not there)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return ""
    try:
        data = (Path(next(iter(spec.submodule_search_locations))) / file).read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(data).hexdigest()[:16]


def _read_body(path: str, digest: str, source: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        raw = b""
    if hashlib.sha256(raw).hexdigest() != digest:
        raise StaleEntryError(source)
    from journalgen.source.entry import body_of

    return body_of(raw)


Steps = tuple[tuple[str, bool], ...]
"""A body's steps as plain values: (text, done) for each task-list item."""
BodyRecord = tuple[str, str, tuple[tuple[str, bool, str], ...], tuple[tuple[int, str], ...], "Found"]
"""A converted body as plain values, in a body shard: HTML, text, links, headings and what was
neutralised in it (what `check` says of a body)."""


def body_record(rendered: Rendered) -> BodyRecord:
    links = tuple(tuple(r) for r in rendered.links)
    return rendered.html, rendered.text, links, rendered.headings, rendered.neutralised  # type: ignore[return-value]


def steps_record(rendered: Rendered) -> Steps:
    return tuple((step.text, step.done) for step in rendered.steps)


def asked_record(rendered: Rendered) -> Asked:
    """(question, digest of its answer's HTML) for each question the body answers: which answers
    an edit changed."""
    html = rendered.html
    return tuple((question, answer_digest(html[start:end])) for question, start, end in rendered.answered)


def answer_digest(html: str) -> str:
    """A short digest of an answer's HTML."""
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
