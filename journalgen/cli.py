"""The `journalgen` command: parse arguments, call one function, turn JournalError into exit 1."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from journalgen import __version__
from journalgen.config import find_root, load_config
from journalgen.errors import JournalError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journalgen",
        description="A private journal for ketamine-assisted therapy: Markdown in, an offline site out.",
    )
    parser.add_argument("--version", action="version", version=f"journalgen {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root", type=Path, metavar="DIR", help="the journal folder (default: found from here)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", parents=[common], help="build the site from entries/")
    build.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    build.add_argument("--output", type=Path, metavar="DIR", help="where to write the site")
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    from journalgen.build import build

    config = load_config(find_root(args.root))
    changes: dict[str, object] = {"drafts": args.drafts}
    if args.output is not None:
        changes["output"] = args.output.expanduser().resolve()
    config = dataclasses.replace(config, **changes)
    report = build(config)
    print(f"Built {report.entries} entries into {report.output} ({report.files} files).")
    return 0


COMMANDS = {"build": _cmd_build}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the only place that turns errors into messages and exit codes."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except JournalError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(
            f"journalgen: {count} problem{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        print("journalgen: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("JOURNALGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"journalgen: internal error ({type(exc).__name__}: {exc}). This is a bug in journalgen, "
            "not in your journal; your entries are untouched. Set JOURNALGEN_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 70
