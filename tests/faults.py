"""Run `journalgen ARGS` with one fault injected, for the tests of what a stopped build leaves.

    JOURNALGEN_TEST_FAULT=WHERE:N[:WHAT] python tests/faults.py build --root DIR

At the Nth call of WHERE this process does WHAT (default `kill`: SIGKILL itself, as `kill -9`
would; `pause`: create the file $JOURNALGEN_TEST_GATE.paused and wait until the file
$JOURNALGEN_TEST_GATE.go exists). WHERE is one of:

- `put`: a file written into a folder beside the site (write.put: a new site or a staged change);
- `replace`: a rename done by write.py or staging.py (the swap, a commit, a staged file moved in);
- `workers`: a pool's progress report, once its worker processes run (a pool of two is used for
  any amount of work); their process ids are written to the file $JOURNALGEN_TEST_PIDS first.

JOURNALGEN_TEST_LOCK_WAIT=SECONDS shortens how long a build waits for another one. Only this
helper reads these variables; journalgen itself knows nothing of them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _act(what: str) -> None:
    if what == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    gate = os.environ["JOURNALGEN_TEST_GATE"]
    Path(f"{gate}.paused").touch()
    while not Path(f"{gate}.go").exists():
        time.sleep(0.02)


def _at_call(function: Callable[..., Any], n: int, what: str) -> Callable[..., Any]:
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            _act(what)
        return function(*args, **kwargs)

    return wrapper


class _Os(types.ModuleType):
    """The os module, but for the functions set on this object."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def os_with(**functions: Callable[..., Any]) -> types.ModuleType:
    """A stand-in for the os module of one module of journalgen, with these functions changed."""
    faulty = _Os("os")
    for name, function in functions.items():
        setattr(faulty, name, function)
    return faulty


def main() -> int:
    where, _, rest = os.environ["JOURNALGEN_TEST_FAULT"].partition(":")
    count, _, what = rest.partition(":")
    n, what = int(count), what or "kill"
    from journalgen import staging, write
    from journalgen.build import workers

    if "JOURNALGEN_TEST_LOCK_WAIT" in os.environ:
        staging.LOCK_WAIT = float(os.environ["JOURNALGEN_TEST_LOCK_WAIT"])
    if where == "put":
        write.put = _at_call(write.put, n, what)
    elif where == "replace":
        write.os = staging.os = os_with(replace=_at_call(os.replace, n, what))  # type: ignore[attr-defined]
    elif where == "workers":
        workers.Workers.count = lambda self, items: 2  # type: ignore[method-assign]

        def report(what_: str, done: int, total: int) -> None:
            pids = [child.pid for child in multiprocessing.active_children()]
            Path(os.environ["JOURNALGEN_TEST_PIDS"]).write_text(" ".join(map(str, pids)))
            _act(what)

        workers._quiet = report  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown fault point {where!r}")
    from journalgen.cli import main as journalgen

    return journalgen(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
