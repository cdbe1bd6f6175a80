"""The `journalgen` command: parse arguments, call one function, turn JournalError into exit 1."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shlex
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journalgen import __version__, terminal
from journalgen.config import TODAY_ENV, Config, find_root, load_config, today
from journalgen.errors import JournalError, PartlyWrittenError, UsageError
from journalgen.model import KINDS

if TYPE_CHECKING:
    pass

ENCRYPT_HELP = "lock the site with a password (from $JOURNALGEN_PASSWORD or asked on the terminal)"


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
    build.add_argument("--encrypt", action="store_true", help=ENCRYPT_HELP)
    build.add_argument("--quiet", "-q", action="store_true", help="print nothing unless something is wrong")
    serve = commands.add_parser(
        "serve", parents=[common], help="build, serve on this computer and rebuild on every save"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    serve.add_argument("--output", type=Path, metavar="DIR", help="where to write the site")
    serve.add_argument("--open", action="store_true", help="open the site in the browser")
    serve.add_argument("--encrypt", action="store_true", help=ENCRYPT_HELP)
    serve.add_argument(
        "--allow-network",
        action="store_true",
        help="allow a --host other than this computer (makes the journal reachable from the network)",
    )

    new = commands.add_parser(
        "new",
        parents=[common],
        help="start an entry from a prompt template and print its path",
        epilog=f"Today is the journal's timezone's today; for tests, {TODAY_ENV}=YYYY-MM-DD fixes it.",
    )
    new.add_argument(
        "kind", metavar="KIND", help="the template: session, follow-up, intention, reflection or your own"
    )
    new.add_argument("--date", metavar="DATE", help="the entry's date, YYYY-MM-DD [HH:MM] (default: today)")
    new.add_argument(
        "--session", metavar="DATE", help="the session it is about (default: worked out from the date)"
    )
    new.add_argument(
        "--route", metavar="ROUTE", help="iv, nasal, im, oral or your own (default: the session's)"
    )
    new.add_argument("--title", metavar="TEXT", help="the entry's title, also used in its file name")
    new.add_argument("--edit", action="store_true", help="open the new entry in $VISUAL or $EDITOR")

    init = commands.add_parser(
        "init", help="make a journal folder, or add what one lacks; overwrites nothing"
    )
    init.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR", help="default: here")
    init.add_argument(
        "--git", action="store_true", help="also make it a git repository that checks each commit"
    )

    commands.add_parser(
        "check", parents=[common], help="check every entry without building: errors exit 1, warnings 0"
    )

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write chosen entries into one self-contained HTML file (and PDF) to share",
        description="Write chosen entries into one print-ready HTML file. Entries with `share: false` "
        "are never exported. Repeat a filter to allow several values.",
    )
    export.add_argument("--from", dest="start", type=_date, metavar="DATE", help="first day (YYYY-MM-DD)")
    export.add_argument("--to", dest="end", type=_date, metavar="DATE", help="last day (YYYY-MM-DD)")
    export.add_argument(
        "--tag", dest="tags", action="append", default=[], metavar="TAG", help="with this tag"
    )
    export.add_argument(
        "--emotion",
        dest="emotions",
        action="append",
        default=[],
        metavar="EMOTION",
        help="naming this emotion",
    )
    export.add_argument(
        "--kind", dest="kinds", action="append", default=[], choices=KINDS, help="of this kind"
    )
    export.add_argument(
        "--session",
        dest="sessions",
        action="append",
        default=[],
        type=int,
        metavar="N",
        help="about session number N (its intention, the session and its follow-ups)",
    )
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.html", help="the file to write"
    )
    export.add_argument("--pdf", action="store_true", help="also print it to FILE.pdf with headless Chromium")
    export.add_argument("--encrypt", action="store_true", help="lock the file with a password")
    return parser


def _date(text: str) -> dt.date:
    from journalgen.source.dates import parse_date

    try:
        return parse_date(text)[0]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _config(args: argparse.Namespace) -> Config:
    overrides: dict[str, object] = {"drafts": args.drafts}
    if args.output is not None:
        overrides["output"] = args.output.expanduser().resolve()
    if args.encrypt:
        overrides["encrypt"] = True
    return load_config(find_root(args.root), overrides)


def _cmd_serve(args: argparse.Namespace) -> int:
    from journalgen.serve import serve

    config = _config(args)
    key = terminal.site_key(config) if config.encrypt else None
    terminal.warn_unlocking(config)
    return serve(
        config,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        allow_network=args.allow_network,
        key=key,
    )


def _cmd_build(args: argparse.Namespace) -> int:
    from journalgen.build import build

    # A build makes many long-lived objects and few cycles: collect young objects less often (a
    # one-entry rebuild of 10,000 entries spends a tenth of its time in the collector otherwise).
    gc.set_threshold(20_000, 50, 50)
    config = _config(args)
    key = terminal.site_key(config) if config.encrypt else None
    terminal.warn_unlocking(config)
    progress = terminal.Progress(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    try:
        report = build(config, key, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    for note in report.notes:  # a stopped build was finished or cleaned up: always worth saying
        print(f"journalgen: {note}", file=sys.stderr)
    if not args.quiet:
        print(report.summary())
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from journalgen.export import export
    from journalgen.selection import Selection

    config = load_config(find_root(args.root))
    selection = Selection(
        start=args.start,
        end=args.end,
        tags=tuple(args.tags),
        emotions=tuple(args.emotions),
        kinds=tuple(args.kinds),
        sessions=tuple(args.sessions),
    )
    password = None
    if args.encrypt:
        if args.pdf:
            raise JournalError.at("--pdf", None, "a PDF cannot be locked; use --encrypt or --pdf, not both")
        password, typed = terminal.read_password(config)
        if typed:
            terminal.confirm(password, "Type it again: ")
    report = export(config, selection, args.output, pdf=args.pdf, password=password)
    for warning in report.warnings:
        print(f"journalgen: warning: {warning}", file=sys.stderr)
    locked = ", locked with a password" if report.locked else ""
    count = f"{report.entries} entr{'y' if report.entries == 1 else 'ies'}"
    print(f"Exported {count} to {report.html}{locked}.")
    if report.pdf is not None:
        print(f"Printed it to {report.pdf}.")
    if report.pdf_problem is not None:
        print(f"journalgen: {report.pdf_problem}", file=sys.stderr)
        return 1
    return 0


def _shown(path: Path) -> str:
    """A path as the user will want to type it: relative to here when it is below here."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _cmd_new(args: argparse.Namespace) -> int:
    from journalgen.prompts import Request, new_entry, parse_day, parse_route

    config = load_config(find_root(args.root))
    if args.date is not None:
        day, date_text = parse_day("--date", args.date)
    else:
        day = today(config)
        date_text = day.isoformat()
    session, session_text = parse_day("--session", args.session) if args.session is not None else (None, None)
    route = parse_route(config, args.route) if args.route is not None else None
    request = Request(args.kind, day, date_text, session, session_text, route, args.title)
    path = new_entry(config, request)
    print(_shown(path))
    return terminal.edit(path) if args.edit else 0


def _cmd_init(args: argparse.Namespace) -> int:
    from journalgen.scaffold import init_journal

    root = args.dir.expanduser().resolve()
    steps = init_journal(root, git=args.git)
    for step in steps:
        print(step)
    if not any(step.done for step in steps):
        print(f"{_shown(root) or '.'} is already a journal: nothing changed.")
    else:
        where = "" if root == Path.cwd() else f"cd {shlex.quote(_shown(root))} && "
        print(f"Next: {where}journalgen new session   (or intention, follow-up, reflection)")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from journalgen.check import check

    try:
        config = load_config(find_root(args.root))
        report = check(config, today(config))
    except JournalError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"journalgen: {_count(len(exc.problems), 'error')}; fix them and check again.")
        return 1
    for problem in sorted((*report.errors, *report.warnings), key=lambda p: (p.path, p.line or 0, p.message)):
        print(problem)
    print(
        f"Checked {_count(report.entries, 'entry', 'entries')}: "
        f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}."
    )
    return 1 if report.errors else 0


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


COMMANDS = {
    "build": _cmd_build,
    "serve": _cmd_serve,
    "new": _cmd_new,
    "init": _cmd_init,
    "check": _cmd_check,
    "export": _cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the only place that turns errors into messages and exit codes."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"journalgen {args.command}: {exc}", file=sys.stderr)
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
        if os.environ.get("JOURNALGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"journalgen: internal error ({type(exc).__name__}: {exc}). This is a bug in journalgen, "
            "not in your journal; your entries are untouched. Set JOURNALGEN_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 70
