"""`journalgen serve`: build, serve the site on loopback, rebuild on save, reload open pages.

The server itself (what is served, to whom, live reload, watching, debounced rebuilds) is
journalgen.livereload; this module says what a journal adds: its config, its build, which of its
paths can change the site, and what the terminal says about each build.
"""

from __future__ import annotations

import gc
import ipaddress
import sys
import time
from collections.abc import Callable
from pathlib import Path

from journalgen import livereload, write
from journalgen.build import BuildState, build
from journalgen.config import CONFIG_NAME, Config, load_config
from journalgen.errors import JournalError, PartlyWrittenError
from journalgen.lock.cipher import SiteKey
from journalgen.source.scan import is_ignored
from journalgen.terminal import Progress
from journalgen.watch import Saved


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses (what may be bound without --allow-network)."""
    if host in livereload.LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def relevant(path: str, config: Config) -> bool:
    """Whether a changed path can change the site (editor leftovers and the output cannot)."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(config.root.resolve())
    except ValueError:
        rel = None
    out = config.output_dir
    if p == out or out in p.parents:
        return False
    if rel is None:
        return False
    parts = rel.parts
    if not parts:
        return False
    if len(parts) == 1:
        return parts[0] == CONFIG_NAME
    if parts[0] not in ("entries", "templates"):
        return False
    return not any(is_ignored(part) for part in parts)


LOCKED_PROBLEM = "Why is said in the terminal where journalgen serve runs (never here, before the password)."
"""What the banner of a locked site shows instead of the problems, which name entries."""


def watched(config: Config) -> list[Path]:
    """The paths whose changes can change the site: entries/, templates/ and journal.toml."""
    return [config.entries_dir, config.templates_dir, config.root / CONFIG_NAME]


class JournalBuild:
    """Build the journal as serve does, again and again: say how it went, return its problems."""

    def __init__(
        self,
        config: Config,
        key: SiteKey | None,
        say: Callable[[str], None],
        quiet: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.base_config = config
        self.key = key
        self.say = say
        self.quiet = quiet
        """Say only problems, not each build that went well."""
        self.builds = 0
        self.state = BuildState()
        """What builds learned (entries, HTML, the site's manifest): a rebuild redoes only what changed."""
        self.progress = progress
        """Told how far the first build is (on a terminal); closed when it ends."""

    def __call__(self, saved: Saved) -> list[str]:
        started = time.monotonic()
        try:
            base = self.base_config  # the folder served and the command line's settings stay
            overrides: dict[str, object] = {"output": base.output, "drafts": base.drafts}
            if base.encrypt:
                overrides["encrypt"] = True
            config = load_config(base.root, overrides)
            report = build(
                config,
                self.key,
                state=self.state,
                progress=self.progress,
                changed=saved.paths,
                written=saved.written,
            )
        except JournalError as exc:
            lines = [str(p) for p in exc.problems]
            for line in lines:
                self.say(line)
            if isinstance(exc, PartlyWrittenError):
                self.say("The site is partly updated; the next save finishes the update.")
            else:
                self.say("The site still shows the last good build; fix the entry and save again.")
            return [LOCKED_PROBLEM] if self.base_config.encrypt else lines
        finally:
            if self.progress is not None:
                self.progress.close()
                self.progress = None
            _settle()
        for note in report.notes:
            self.say(note)
        self.builds += 1
        took = time.monotonic() - started
        verb = "Built" if self.builds == 1 else "Rebuilt"
        if not self.quiet:
            self.say(
                f"{verb} {report.entries} entries in {took:.2f} s ({len(report.written)} files written)."
            )
        return []


def _settle() -> None:
    """After a build: collect what it left, then set what is still alive (the state kept for the
    next save: every entry, body and page key) aside from the collector, which would otherwise go
    through all of it again and again while the next saves are built."""
    gc.collect()
    gc.freeze()


def serve(
    config: Config,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    allow_network: bool = False,
    say: Callable[[str], None] | None = None,
    key: SiteKey | None = None,
    quiet: bool = False,
    progress: Progress | None = None,
) -> int:
    """Build, serve and rebuild on change until Ctrl-C. Returns the exit code.

    With a `key`, every build is locked (when the config asks for it) with that same key. `quiet`:
    say where the site is served and what is wrong, not each build that went well. `progress` is
    told how far the first build is.
    """
    out = print if say is None else say

    def tell(line: str) -> None:
        out(line)
        sys.stdout.flush()

    if not 0 <= port <= 65535:
        raise JournalError.at(
            "--port", None, f"{port} is not a port; choose one from 1024 to 65535 (or 0 for any free one)"
        )
    if not is_loopback_host(host):
        if not allow_network:
            raise JournalError.at(
                host,
                None,
                "serving beyond this computer makes your journal reachable from the network; "
                "add --allow-network if you really mean it",
            )
        tell(f"Warning: serving on {host}: anyone on your network can read this journal.")

    output = write.check_output(config)  # refuse exactly what build refuses, before serving anything

    def ready(bound_port: int) -> None:
        """Say where the site is served (the port bound, maybe not the one asked for); open it."""
        shown = f"[{host.strip('[]')}]" if ":" in host else host
        url = f"http://{'localhost' if host in ('127.0.0.1', 'localhost') else shown}:{bound_port}/index.html"
        tell(f"Serving {output} at {url} (Ctrl-C to stop).")
        if open_browser:
            import webbrowser

            try:
                opened = webbrowser.open(url)
            except webbrowser.Error:
                opened = False
            if not opened:
                tell(f"journalgen: found no web browser to open; open {url} in yours.")

    livereload.run(
        output,
        host,
        port,
        hosts=set(livereload.LOOPBACK_NAMES) | {host.lower()},
        marker=write.MARKER,
        watch=watched(config),
        matters=lambda path: relevant(path, config),
        rebuild=JournalBuild(config, key, tell, quiet, progress),
        say=tell,
        ready=ready,
    )
    return 0
