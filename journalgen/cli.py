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
from journalgen.config import Config, find_root, load_config
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
    serve = commands.add_parser(
        "serve", parents=[common], help="build, serve on this computer and rebuild on every save"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    serve.add_argument("--output", type=Path, metavar="DIR", help="where to write the site")
    serve.add_argument("--open", action="store_true", help="open the site in the browser")
    serve.add_argument(
        "--allow-network",
        action="store_true",
        help="allow a --host other than this computer (makes the journal reachable from the network)",
    )
    return parser


def _config(args: argparse.Namespace) -> Config:
    config = load_config(find_root(args.root))
    changes: dict[str, object] = {"drafts": args.drafts}
    if args.output is not None:
        changes["output"] = args.output.expanduser().resolve()
    return dataclasses.replace(config, **changes)


def _cmd_serve(args: argparse.Namespace) -> int:
    from journalgen.serve import serve

    return serve(
        _config(args),
        host=args.host,
        port=args.port,
        open_browser=args.open,
        allow_network=args.allow_network,
    )


def _cmd_build(args: argparse.Namespace) -> int:
    from journalgen.build import build

    report = build(_config(args))
    print(f"Built {report.entries} entries into {report.output} ({report.files} files).")
    return 0


COMMANDS = {"build": _cmd_build, "serve": _cmd_serve}


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
