"""The `journalgen` program: `run` is pyproject's script, and `python -m journalgen` runs it."""

from __future__ import annotations

import gc

TYPE_CHECKING = False  # typing's own flag, without importing typing before the collector is off
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> NoReturn:
    """cli.run(), its modules imported with no cyclic collector (importing makes thousands of
    objects and no garbage: a one-entry rebuild of 10,000 entries collected 30 times while
    importing and reading its command line), then collecting young objects less often, as every
    long command does (commands.many_objects; a build turns the collector off)."""
    gc.disable()
    from journalgen.cli import run as run_command
    from journalgen.commands import many_objects

    many_objects()
    gc.enable()
    run_command()


if __name__ == "__main__":
    run()
