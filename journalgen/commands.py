"""What each `journalgen` command does with its parsed arguments: one function each, returning
the exit code. `args.verbosity` is 0 with -q (only problems), 1 by default, 2 with -v."""

from __future__ import annotations

import argparse
import gc
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journalgen import terminal
from journalgen.config import CONFIG_NAME, Config, load_config, today
from journalgen.errors import JournalError
from journalgen.roots import find_root

if TYPE_CHECKING:
    from journalgen.selection import Selection


def many_objects() -> None:
    """Collect young objects less often: build, check and export make many long-lived objects and
    few cycles (a one-entry rebuild or check of 10,000 entries spends a tenth of its time in the
    collector otherwise). The program (__main__.run) starts so, for any command."""
    gc.set_threshold(20_000, 50, 50)


def _no_collector() -> None:
    """No cyclic garbage collector while a build does little: it makes many long-lived objects,
    next to no cycles, and ends with its process (a one-entry rebuild of 10,000 entries spends
    40 ms in the collector otherwise). A build big enough for worker processes turns it on again
    before it starts them (build.pools.pool), collecting young objects less often then."""
    many_objects()
    gc.disable()


def _progress(args: argparse.Namespace) -> terminal.Progress | None:
    """How far a long command is, on a terminal's stderr (not with -q)."""
    return terminal.Progress(sys.stderr) if args.verbosity and sys.stderr.isatty() else None


def _say(args: argparse.Namespace, line: str, at: int = 1) -> None:
    """Print a line of the command's own output when the verbosity asks for it."""
    if args.verbosity >= at:
        print(line)


def journal_config(args: argparse.Namespace, overrides: dict[str, object] | None = None) -> Config:
    """The journal's Config (from --root or found from here); with -v, say which and from where."""
    root = find_root(args.root)
    config = load_config(root, overrides)
    if args.verbosity >= 2:
        settings = CONFIG_NAME if (root / CONFIG_NAME).is_file() else f"no {CONFIG_NAME}, the defaults"
        print(f"journalgen: the journal at {root} ({settings})", file=sys.stderr)
    return config


def _site_config(args: argparse.Namespace) -> Config:
    overrides: dict[str, object] = {"drafts": args.drafts}
    if args.output is not None:
        overrides["output"] = args.output.expanduser().resolve()
    if args.encrypt:
        overrides["encrypt"] = True
    if args.unlock:
        overrides["encrypt"] = False
    return journal_config(args, overrides)


def serve(args: argparse.Namespace) -> int:
    from journalgen.serve import serve

    many_objects()
    config = _site_config(args)
    terminal.refuse_unlocking(config, args.unlock)
    key = terminal.site_key(config) if config.encrypt else None
    return serve(
        config,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        allow_network=args.allow_network,
        key=key,
        quiet=args.verbosity == 0,
        progress=_progress(args),
    )


def build(args: argparse.Namespace) -> int:
    _no_collector()  # before the build's imports too: they make many objects and no garbage
    from journalgen.build import build

    config = _site_config(args)
    terminal.refuse_unlocking(config, args.unlock)
    key = terminal.site_key(config) if config.encrypt else None
    progress = _progress(args)
    try:
        report = build(config, key, progress=progress, keep=args.kept)
    finally:
        if progress is not None:
            progress.close()
    for note in report.notes:  # a stopped build was finished or cleaned up: always worth saying
        print(f"journalgen: {note}", file=sys.stderr)
    for rel in report.written:
        _say(args, f"wrote {rel}", 2)
    for rel in report.removed:
        _say(args, f"removed {rel}", 2)
    _say(args, report.summary())
    return 0


def export(args: argparse.Namespace) -> int:
    from journalgen.export import export
    from journalgen.selection import Selection

    many_objects()
    config = journal_config(args)
    selection = Selection(
        start=args.start,
        end=args.end,
        tags=tuple(args.tags),
        emotions=tuple(args.emotions),
        kinds=tuple(args.kinds),
        sessions=tuple(args.sessions),
    )
    if args.csv:
        return _export_csv(config, selection, args)
    password = None
    if args.encrypt:
        if args.pdf:
            raise JournalError.at("--pdf", None, "a PDF cannot be locked; use --encrypt or --pdf, not both")
        password, typed = terminal.read_password(config)
        if typed:
            terminal.confirm(password, "Type it again: ")
    progress = _progress(args)
    try:
        report = export(config, selection, args.output, pdf=args.pdf, password=password, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    for warning in report.warnings:
        print(f"journalgen: warning: {warning}", file=sys.stderr)
    locked = ", locked with a password" if report.locked else ""
    count = f"{report.entries} entr{'y' if report.entries == 1 else 'ies'}"
    _say(args, f"Exported {count} to {report.html}{locked}.")
    if report.pdf is not None:
        _say(args, f"Printed it to {report.pdf} with {report.printed_with}.")
    if report.pdf_problem is not None:
        print(f"journalgen: {report.pdf_problem}", file=sys.stderr)
        return 1
    return 0


def _export_csv(config: Config, selection: Selection, args: argparse.Namespace) -> int:
    from journalgen.export_csv import export_csv

    if args.pdf or args.encrypt:
        raise JournalError.at("--csv", None, "a CSV table cannot be printed or locked; use --csv alone")
    report = export_csv(config, selection, args.output)
    count = f"{report.entries} entr{'y' if report.entries == 1 else 'ies'}"
    _say(args, f"Exported {count} to {report.path}, a row each.")
    return 0


def shown(path: Path) -> str:
    """A path as the user will want to type it: relative to here when it is below here."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def new(args: argparse.Namespace) -> int:
    from journalgen.prompts import Request, new_entry, parse_day, parse_route

    config = journal_config(args)
    if args.date is not None:
        day, date_text = parse_day("--date", args.date)
    else:
        day = today(config)
        date_text = day.isoformat()
    session, session_text = parse_day("--session", args.session) if args.session is not None else (None, None)
    route = parse_route(config, args.route) if args.route is not None else None
    request = Request(args.kind, day, date_text, session, session_text, route, args.title)
    path = new_entry(config, request)
    _say(args, shown(path))
    return terminal.edit(path) if args.edit else 0


def init(args: argparse.Namespace) -> int:
    from journalgen.scaffold import init_journal

    root = args.dir.expanduser().resolve()
    steps = init_journal(root, git=args.git)
    for step in steps:
        _say(args, str(step))
    if not any(step.done for step in steps):
        _say(args, f"{shown(root) or '.'} is already a journal: nothing changed.")
    else:
        where = "" if root == Path.cwd() else f"cd {shlex.quote(shown(root))} && "
        _say(args, f"Next: {where}journalgen new session   (or intention, follow-up, reflection)")
    return 0


def check(args: argparse.Namespace) -> int:
    from journalgen.check import check

    many_objects()
    progress = _progress(args)
    try:
        config = journal_config(args)
        report = check(config, today(config), staged_only=args.staged, progress=progress)
    except JournalError as exc:
        for problem in exc.problems:
            print(problem)
        them = "it" if len(exc.problems) == 1 else "them"
        _say(args, f"journalgen: {_count(len(exc.problems), 'error')}; fix {them} and check again.")
        return 1
    finally:
        if progress is not None:
            progress.close()
    for problem in sorted((*report.errors, *report.warnings), key=lambda p: (p.path, p.line or 0, p.message)):
        print(problem)
    _say(
        args,
        f"Checked {_count(report.entries, 'entry', 'entries')}: "
        f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}.",
    )
    return 1 if report.errors else 0


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def theme(args: argparse.Namespace) -> int:
    from journalgen.overrides import copy_files, theme_files

    config = journal_config(args)
    if args.theme_command == "copy":
        for step in copy_files(config, args.names):
            _say(args, str(step))
        return 0
    for item in theme_files(config):
        if args.verbosity == 0:
            print(item.name)
        else:
            own = f"  (yours: {shown(item.own)})" if item.own is not None else ""
            print(f"{item.name}{own}" + (f"\n    {item.default}" if args.verbosity >= 2 else ""))
    _say(args, "Copy one into your templates/ to change it: journalgen theme copy NAME")
    return 0


def completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import shtab

    from journalgen.arguments import completion_parser

    print(shtab.complete(completion_parser(parser), shell=args.shell), end="")
    return 0
