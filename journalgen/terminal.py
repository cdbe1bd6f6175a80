"""Everything that talks to a terminal: the lock's password (never echoed, never from the command
line or a file), progress lines on stderr, and the person's own editor."""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from journalgen.config import Config
from journalgen.errors import JournalError

if TYPE_CHECKING:
    from journalgen.lock.cipher import SiteKey


def read_password(config: Config) -> tuple[str, bool]:
    """The password from the configured environment variable, else typed (unechoed) on a terminal.

    Returns it and whether it was typed. Never from the command line or a file.
    """
    from journalgen.lock.cipher import password_warning

    name = config.password_env
    value = os.environ.get(name)
    typed = value is None
    if value is not None:
        if not value:
            raise JournalError.at(
                name, None, "is set but empty; put the password in it, or unset it to be asked"
            )
    elif sys.stdin.isatty():
        import getpass

        value = getpass.getpass("Password: ")
        if not value:
            raise JournalError.at("password", None, "no password typed; nothing was locked")
    else:
        raise JournalError.at(
            name,
            None,
            f"locking needs a password: set the environment variable {name} (from your password "
            "manager, not a file in the journal), or run journalgen in a terminal to be asked",
        )
    warning = password_warning(value)
    if warning:
        print(f"journalgen: {warning}", file=sys.stderr)
    return value, typed


def confirm(password: str, prompt: str) -> None:
    import getpass

    if getpass.getpass(prompt) != password:
        raise JournalError.at("password", None, "the two passwords differ; try again")


def site_key(config: Config) -> SiteKey:
    """The lock's key: the kept salt when the password matches it, else a new salt (confirmed)."""
    from journalgen.lock.site import known_key, new_key

    password, typed = read_password(config)
    key = known_key(config, password)
    if key is None:
        if typed:
            confirm(password, "A new password for this journal; type it again: ")
        had_one = any(config.cache_dir.glob("lock.json"))
        key = new_key(config, password)
        if had_one:
            print(
                "journalgen: locked with a new password; browsers that kept the old one will ask again.",
                file=sys.stderr,
            )
    return key


def refuse_unlocking(config: Config, unlock: bool) -> None:
    """Refuse a plain build over a locked site, unless `unlock` (--unlock) asks for it on purpose."""
    from journalgen.lock.site import is_locked_site

    if config.encrypt or not is_locked_site(config.output_dir):
        return
    if not unlock:
        raise JournalError.at(
            str(config.output),
            None,
            "this site is locked with a password, and this build would write it readable; build with "
            "--encrypt (or set encrypt = true in journal.toml) to keep it locked, or with --unlock to "
            "write it readable on purpose",
        )
    print(f"journalgen: writing {config.output} readable, as --unlock asks.", file=sys.stderr)


class Progress:
    """Progress on a terminal's stderr, shown only once a build has taken over a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False
        self.last = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < 1.0 or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\r\033[K{what} {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def edit(path: Path) -> int:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        print(
            "journalgen: --edit needs $VISUAL or $EDITOR set to your editor; open the file yourself",
            file=sys.stderr,
        )
        return 1
    import subprocess  # imported here: most commands start no other program

    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except (OSError, ValueError) as exc:
        print(
            f"journalgen: could not start the editor {editor!r}: {exc}; the entry is there to open",
            file=sys.stderr,
        )
        return 1
    if done.returncode != 0:
        print(f"journalgen: the editor exited with {done.returncode}; the entry is kept", file=sys.stderr)
        return 1
    return 0
