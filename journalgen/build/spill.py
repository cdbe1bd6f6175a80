"""Converted bodies kept in files instead of memory while a cold build renders its pages.

A cold build holds every body while its forked workers render the pages: kept in memory, they are
held by the build and, page by page, copied into each worker as it bumps their reference counts;
in a file, the system keeps them as it keeps any file, and a page reads the one it shows.

Two ways in: `spill` moves bodies at hand into an unnamed file; `Spills` has each process that
converts bodies while the journal is read write them into a file of its own, and send back only
where each lies (`Kept`), not the HTML and text themselves (about 100 MB at 10,000 entries,
pickled, piped and unpickled by the build's process, then written again by `spill`).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from journalgen.build.records import Asked, BodyRecord, Steps, asked_record, body_record, steps_record
from journalgen.source.markdown import Rendered
from journalgen.source.sections import Answer

CAN_SPILL = hasattr(os, "pread")
"""Bodies are read back in pieces with os.pread (not on Windows: there they stay in memory)."""


class _Spill:
    """A file of bodies, closed when the last body in it is dropped."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.fd = file.fileno()

    def __del__(self) -> None:
        self.file.close()


class Spilled(Sequence[Any]):
    """A converted body (a BodyRecord) whose HTML and text wait in a file, read again each time
    a page shows them."""

    __slots__ = ("_rest", "_sizes", "_spill", "_start")

    def __init__(self, spill: _Spill, start: int, sizes: tuple[int, int], rest: tuple[Any, ...]) -> None:
        self._spill = spill
        self._start = start
        self._sizes = sizes
        """The length of the HTML and of the text, in bytes (UTF-8)."""
        self._rest = rest
        """The rest of the record: links, headings, what was neutralised."""

    def __getitem__(self, index: Any) -> Any:
        if index == 0 or index == 1:
            start, size = self._start + (self._sizes[0] if index else 0), self._sizes[index]
            data = os.pread(self._spill.fd, size, start)
            while len(data) < size:  # a short read: go on from where it stopped
                more = os.pread(self._spill.fd, size - len(data), start + len(data))
                if not more:
                    raise OSError(f"the spilled bodies end at {start + len(data)}")
                data += more
            return data.decode("utf-8", "surrogatepass")
        return self._rest[index - 2] if type(index) is int and index >= 2 else self.record()[index]

    def __len__(self) -> int:
        return 2 + len(self._rest)

    def record(self) -> BodyRecord:
        """The body as plain values (what a body shard holds)."""
        return (self[0], self[1], *self._rest)  # type: ignore[return-value]


def plain(body: BodyRecord | Spilled) -> BodyRecord:
    return body.record() if type(body) is Spilled else body  # type: ignore[return-value]


def _encoded(body: BodyRecord) -> tuple[bytes, bytes]:
    html, text = (part.encode("utf-8", "surrogatepass") for part in body[:2])
    return html, text


def spill(bodies: dict[str, Any], folder: Path, prefix: str) -> None:
    """Move the HTML and text of these bodies out of memory, into an unnamed file in `folder`;
    they stay in memory if it cannot be written, or read in pieces."""
    if not CAN_SPILL:
        return
    kept = [(key, body) for key, body in bodies.items() if type(body) is not Spilled]
    spilled: list[tuple[str, int, tuple[int, int], tuple[Any, ...]]] = []
    at = 0
    try:
        file = _Spill(tempfile.TemporaryFile(dir=folder, prefix=prefix))  # noqa: SIM115 (kept open)
        for key, body in kept:
            html, text = _encoded(body)
            file.file.write(html)
            file.file.write(text)
            spilled.append((key, at, (len(html), len(text)), tuple(body[2:])))
            at += len(html) + len(text)
        file.file.flush()
    except OSError:
        return
    for key, start, sizes, rest in spilled:
        bodies[key] = Spilled(file, start, sizes, rest)


class Kept(NamedTuple):
    """A body a worker converted and wrote in its file (Spills): where it lies, and the rest of
    what the build keeps of it."""

    file: str
    start: int
    sizes: tuple[int, int]
    rest: tuple[Any, ...]
    """The rest of its record: links, headings, what was neutralised."""
    steps: Steps
    asked: Asked
    answered: tuple[Answer, ...]
    """Where its answers lie in its HTML (Rendered.answered)."""


_own: dict[str, tuple[str, int, list[int]]] = {}
"""This process's file in each folder of Spills: (its path, its descriptor, [bytes written])."""


def keep_in_file(folder: str, rendered: Rendered) -> Kept | Rendered:
    """What a worker sends back of a body it converted: written at the end of its own file in
    `folder` (Kept), or the body itself when that cannot be written."""
    try:
        own = _own.get(folder)
        if own is None:
            fd, path = tempfile.mkstemp(dir=folder, prefix="bodies-")
            own = _own[folder] = (path, fd, [0])
        path, fd, at = own
        record = body_record(rendered)
        html, text = _encoded(record)
        data, start, size = memoryview(html + text), at[0], len(html) + len(text)
        while data:  # at the body's own place: what a failed write left is written over next
            data = data[os.pwrite(fd, data, start + size - len(data)) :]
    except OSError:
        return rendered
    at[0] = start + size
    return Kept(
        path,
        start,
        (len(html), len(text)),
        tuple(record[2:]),
        steps_record(rendered),
        asked_record(rendered),
        rendered.answered,
    )


class Spills:
    """A folder beside the site for the files of the bodies workers convert while a cold build
    reads the journal (see keep_in_file), named as the build's other folders there: one a build
    stopped before its end leaves is deleted by the next build (staging.recover)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._open: dict[str, _Spill] = {}

    @classmethod
    def beside(cls, out: Path, wanted: bool = True) -> Spills:
        """A new folder beside `out` (none where bodies are not spilled, not `wanted`, or the
        folder cannot be made: the workers then send the bodies back)."""
        if not (wanted and CAN_SPILL):
            return cls(None)
        from journalgen import write

        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            return cls(Path(tempfile.mkdtemp(prefix=f".{out.name}{write.TEMP}bodies-", dir=out.parent)))
        except OSError:
            return cls(None)

    @property
    def keep(self) -> Callable[[Rendered], Kept | Rendered] | None:
        """read_journal's `keep`: each worker writes the bodies it converts in its own file here."""
        return functools.partial(keep_in_file, str(self.folder)) if self.folder is not None else None

    def body(self, kept: Kept) -> Spilled:
        """The body a worker wrote: its file opened once (and its name then removed)."""
        spill = self._open.get(kept.file)
        if spill is None:
            spill = self._open[kept.file] = _Spill(open(kept.file, "rb"))  # noqa: SIM115 (kept open)
            os.unlink(kept.file)
        return Spilled(spill, kept.start, kept.sizes, kept.rest)

    def __enter__(self) -> Spills:
        return self

    def __exit__(self, *exc: object) -> None:
        """Remove the folder (each file in it stays readable while a body in it is held)."""
        if self.folder is not None:
            own = _own.pop(str(self.folder), None)  # converted in this process (no pool)
            if own is not None:
                os.close(own[1])
            shutil.rmtree(self.folder, ignore_errors=True)
