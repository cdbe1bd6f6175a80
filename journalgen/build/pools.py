"""Process pools that end with their build: fork where it is safe, and a worker that ends when
the build that started it ends, even one killed with `kill -9` (exit_with_parent)."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from multiprocessing.context import BaseContext


def pool_context() -> tuple[BaseContext, bool]:
    """fork when this process has one thread (fast, and workers share its memory); else forkserver."""
    import multiprocessing  # imported here: a rebuild that needs no pool starts faster

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), True
    method = "forkserver" if "forkserver" in methods else "spawn"
    return multiprocessing.get_context(method), False


def pool(workers: int, context: BaseContext, init: tuple[Any, tuple[Any, ...]] | None = None) -> Executor:
    """A process pool whose workers end with this process; `init`: the initializer and its
    arguments for each worker."""
    from concurrent.futures import ProcessPoolExecutor  # imported here, as multiprocessing

    _pickle_proxies()
    gc.enable()  # a build may start without the collector (commands.build): not one this big
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(init,))


def _start_worker(init: tuple[Callable[..., None], tuple[Any, ...]] | None) -> None:
    _pickle_proxies()
    exit_with_parent()
    if init is not None:
        init[0](*init[1])


PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent ends (Linux)."""


def exit_with_parent() -> None:
    """End this worker as soon as the process that started it ends, however it ended.

    A worker waits on its pool's queue, which it holds open itself, and ignores Ctrl-C: without
    this, the workers of a build killed with `kill -9` would wait forever. On Linux the kernel
    kills it (PR_SET_PDEATHSIG); everywhere, a thread waits for the parent's end and exits.
    """
    import multiprocessing.connection

    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch(sentinel: int) -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, args=(parent.sentinel,), name="journalgen-parent", daemon=True).start()


def _pickle_proxies() -> None:
    """What crosses between a build and its workers (the Config, parsed entries) holds read-only
    mappings, which the standard pickler refuses: send them as dicts made read-only again (in the
    build and in each worker, which may not be a fork of it)."""
    from multiprocessing.reduction import ForkingPickler

    ForkingPickler.register(MappingProxyType, _reduce_proxy)


def _proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


def _reduce_proxy(mapping: MappingProxyType[Any, Any]) -> tuple[Any, tuple[Any, ...]]:
    return _proxy, (dict(mapping),)


def trim() -> None:
    """Give back to the system the memory this process freed (glibc keeps it) before a fork."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)
