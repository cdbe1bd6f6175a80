"""Work done beside a build, in a forked process on another core, while the build goes on.

A rebuild after an edit spends as long asking the file system about every entry and every file
of the site (a stat each) as it does loading what the last build learned from the cache; the two
do not depend on each other, so a build run from the command line does the first in a child
process while it does the second. The child hands back plain values (`marshal`) through a pipe and
exits without running anything else of the parent's (no atexit, no buffers flushed twice).

Only where forking is safe and cheap: Linux, one thread (serve's watcher threads rule it out).
When the child cannot be started or fails, the work is done in the build's own process, so a
failure here is never a failure of the build.
"""

from __future__ import annotations

import marshal
import os
import select
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether work may be done in a forked child here: Linux, and no other thread running."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class Aside(Generic[T]):
    """`work()` done in a forked child (when can_fork()), its result ready at `result()`.

    `encode` turns the result into values marshal can carry and `decode` turns them back; without
    a child, `work()` runs in this process when the result is first asked for."""

    def __init__(
        self,
        work: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
        fork: bool = True,
    ) -> None:
        self._work, self._decode = work, decode
        self._pid = 0
        self._read = -1
        self._done: list[T] = []
        if not (fork and can_fork()):
            return
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: do the work, hand it over, leave at once
            code = 1
            try:
                os.close(read)
                data = memoryview(marshal.dumps(encode(work())))
                while data:
                    data = data[os.write(write, data) :]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    @property
    def forked(self) -> bool:
        """Whether a child is doing the work."""
        return self._pid != 0

    def ready(self) -> bool:
        """Whether the result can be had without waiting (the child is done, or there is none)."""
        if self._done or self._pid == 0:
            return True
        return bool(select.select([self._read], [], [], 0)[0])

    def result(self) -> T:
        """The work's result: the child's when it did it, else done here now."""
        if not self._done:
            self._done.append(self._join())
        return self._done[0]

    def _join(self) -> T:
        if self._pid == 0:
            return self._work()
        try:
            with os.fdopen(self._read, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status == 0 and data:
            try:
                return self._decode(marshal.loads(data))
            except (EOFError, ValueError, TypeError):
                pass
        return self._work()  # the child failed: do it here
