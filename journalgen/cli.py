"""The `journalgen` command: parse arguments, call one function, turn JournalError into exit 1."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn

from journalgen import commands
from journalgen.arguments import Parser, help_for
from journalgen.errors import JournalError, PartlyWrittenError, UsageError
from journalgen.parser import build_parser

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": commands.build,
    "serve": commands.serve,
    "new": commands.new,
    "init": commands.init,
    "check": commands.check,
    "export": commands.export,
    "theme": commands.theme,
}


def parse(parser: Parser, argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line; an argument a command does not take is an error in its own usage."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        args.parser.refuse_unknown(extras)
    return args


def main(argv: Sequence[str] | None = None, kept: list[object] | None = None) -> int:
    """Run one command; the only place that turns errors into messages and exit codes. `kept`:
    where a command may leave what it made, for a caller that ends its process next (run)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        parser.print_help()
        return 0
    args = parse(parser, argv)
    args.kept = kept
    if args.command == "help":
        help_for(parser, args.topic).print_help()
        return 0
    if args.command == "completion":
        return commands.completion(args, parser)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"{args.parser.prog}: {exc}", file=sys.stderr)
        return 2
    except JournalError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        partly = isinstance(exc, PartlyWrittenError)
        outcome = "the next build finishes what was started" if partly else "nothing was written"
        print(f"journalgen: {count} problem{'s' if count != 1 else ''}; {outcome}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("journalgen: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("JOURNALGEN_DEBUG") or args.verbosity >= 2:
            import traceback  # (only after a bug: not imported by every command)

            traceback.print_exc()
        print(
            f"journalgen: internal error ({type(exc).__name__}: {exc}). This is a bug in journalgen, "
            "not in your journal; your entries are untouched. Run with -v for details.",
            file=sys.stderr,
        )
        return 70


def run() -> NoReturn:
    """The `journalgen` program: main(), then end the process. What the command made is neither
    freed object by object nor walked by Python's last collection (after a one-entry rebuild of
    10,000 entries those took 40 ms): the output is flushed and, when no other thread or worker
    process was ever started, the process ends at once; else it exits as usual."""
    kept: list[object] = []
    code = main(kept=kept)
    gc.freeze()
    if threading.active_count() == 1 and "multiprocessing" not in sys.modules:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: let Python's own exit say so
            raise SystemExit(code) from None
        os._exit(code)
    raise SystemExit(code)
