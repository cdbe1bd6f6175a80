"""Watch files and rebuild: the watcher (watchdog, polling at the inotify limit) and a debounced
rebuild loop on its own thread, one build at a time, surviving every error."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver, ObservedWatch

DEBOUNCE_SECONDS = 0.05
"""How long changes must be quiet before a rebuild (an editor's save is several events)."""


def start_watching(
    paths: Iterable[Path],
    matters: Callable[[str], bool],
    on_change: Callable[[str], None],
    say: Callable[[str], None],
) -> BaseObserver:
    """Watch paths (folders whole, and each parent for a path made or removed); poll at the inotify limit.

    `on_change(path)` is called for each changed path that `matters`, and for a watched folder
    made, moved or removed while watching (then followed: its new files are watched too).
    """
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    targets = {str(p) for p in paths}
    parents = sorted({str(Path(p).parent) for p in targets})
    watches: dict[str, ObservedWatch] = {}
    lock = threading.Lock()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            if event.is_directory and event.event_type == "modified":
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                path = os.fsdecode(path)
                if event.is_directory and path in targets:
                    follow(path)
                elif path and matters(path):
                    on_change(path)

    handler = Handler()

    def follow(folder: str) -> None:
        """Watch a folder that appeared since watching started (and forget one that went)."""
        with lock:
            old = watches.pop(folder, None)
            if old is not None:
                with contextlib.suppress(KeyError, OSError):
                    observer.unschedule(old)
            if os.path.isdir(folder):
                watches[folder] = observer.schedule(handler, folder, recursive=True)
        on_change(folder)

    def schedule() -> None:
        for parent in parents:
            if os.path.isdir(parent):
                observer.schedule(handler, parent, recursive=False)
        for folder in sorted(targets):
            if os.path.isdir(folder):
                watches[folder] = observer.schedule(handler, folder, recursive=True)

    observer: BaseObserver = Observer()
    try:
        schedule()
        observer.start()
        return observer
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EMFILE):
            raise
        say("The system's file-watch limit is reached; watching by polling every second instead.")
    watches.clear()
    observer = PollingObserver(timeout=1)
    schedule()
    observer.start()
    return observer


@dataclass(frozen=True)
class Saved:
    """What a rebuild is told: what changed since the last one, and whom to tell once it is written."""

    paths: frozenset[str] | None
    """The paths the watcher saw change since the last build (None: not known, look at everything)."""
    written: Callable[[], None]
    """Call it once the site is written: open pages reload then, not when the build ends."""


class Rebuilder:
    """Runs `rebuild` on a background thread: debounced, one at a time, surviving every error.

    `rebuild(saved)` builds, says how it went and returns the problems to show (none when it
    worked); `publish(problems)` tells every open page, as soon as the build calls
    `saved.written()` or when it ends.
    """

    def __init__(
        self,
        rebuild: Callable[[Saved], list[str]],
        publish: Callable[[list[str]], None],
        say: Callable[[str], None],
    ) -> None:
        self.rebuild = rebuild
        self.publish = publish
        self.say = say
        self._changed_at: float | None = None
        """When the last change not yet built came (monotonic seconds); None when all is built."""
        self._paths: set[str] | None = None
        """What changed since the last build began, as far as known (None: not known)."""
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="journalgen-rebuild")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()

    def changed(self, path: str | None = None) -> None:
        """Note that something changed (this path, or something unknown): build once things have
        been quiet for a moment."""
        with self._lock:
            self._changed_at = time.monotonic()
            if path is None:
                self._paths = None
            elif self._paths is not None:
                self._paths.add(path)
        self._wake.set()

    def build_once(self) -> None:
        """Build now and publish the outcome to every open page."""
        with self._lock:
            paths, self._paths = self._paths, set()
        told = threading.Event()

        def written() -> None:
            if not told.is_set():
                told.set()
                self.publish([])

        try:
            problems = self.rebuild(Saved(None if paths is None else frozenset(paths), written))
        except Exception as exc:  # a crash in one rebuild must not stop the server
            problems = [f"journalgen: internal error while building ({type(exc).__name__}: {exc})"]
            self.say(problems[0])
        if problems or not told.is_set():
            self.publish(problems)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            while not self._stop.is_set():
                with self._lock:
                    if self._changed_at is None:
                        break
                    quiet_for = time.monotonic() - self._changed_at
                    if quiet_for >= DEBOUNCE_SECONDS:
                        self._changed_at = None
                if quiet_for >= DEBOUNCE_SECONDS:
                    self.build_once()
                else:
                    self._stop.wait(max(0.01, DEBOUNCE_SECONDS - quiet_for))
