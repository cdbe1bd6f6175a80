"""The command line of `journalgen`: every command, its options, its help and its examples
(built with journalgen.arguments.Parser)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from journalgen import __version__
from journalgen.arguments import DIRECTORY, FILE, SHELLS, Parser
from journalgen.config import TODAY_ENV
from journalgen.model import KINDS


def _date(text: str) -> dt.date:
    from journalgen.source.dates import parse_date

    try:
        return parse_date(text)[0]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


ENCRYPT_HELP = "lock the site with a password (from $JOURNALGEN_PASSWORD or asked on the terminal)"
UNLOCK_HELP = "build a readable site even where a locked one is (refused without it)"


def _common(root: bool) -> Parser:
    """The options every command takes: -q/-v, and --root for those that work on a journal."""
    common = Parser(add_help=False)
    said = common.add_mutually_exclusive_group()
    for flags, level, meaning in (
        (("-q", "--quiet"), 0, "print only problems"),
        (("-v", "--verbose"), 2, "also say which journal and settings are used, and more of what is done"),
    ):
        said.add_argument(
            *flags, dest="verbosity", action="store_const", const=level, default=1, help=meaning
        )
    if root:
        where = common.add_argument(
            "--root", type=Path, metavar="DIR", help="the journal folder (default: found from here)"
        )
        where.complete = DIRECTORY  # type: ignore[attr-defined]
    return common


def _site_options(sub: Parser) -> None:
    sub.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    out = sub.add_argument("--output", type=Path, metavar="DIR", help="where to write the site")
    out.complete = DIRECTORY  # type: ignore[attr-defined]
    lock = sub.add_mutually_exclusive_group()
    lock.add_argument("--encrypt", action="store_true", help=ENCRYPT_HELP)
    lock.add_argument("--unlock", action="store_true", help=UNLOCK_HELP)


def _export(export: Parser) -> None:
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
    target = export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write (.html, or .csv)"
    )
    target.complete = FILE  # type: ignore[attr-defined]
    export.add_argument(
        "--pdf", action="store_true", help="also print it to FILE.pdf with Chrome, Chromium or Edge"
    )
    export.add_argument("--encrypt", action="store_true", help="lock the file with a password")
    export.add_argument(
        "--csv", action="store_true", help="write the numbers as a table instead: FILE.csv, a row per entry"
    )


def build_parser() -> Parser:
    """The whole command line: every command with its options, help and examples."""
    parser = Parser(
        prog="journalgen",
        description="A private journal for ketamine-assisted therapy: Markdown in, an offline site out.",
        epilog="examples:\n"
        "  journalgen init ~/journal --git   # start a journal\n"
        "  cd ~/journal\n"
        "  journalgen new intention          # write the first entry\n"
        "  journalgen serve --open           # read it in your browser, updated on every save\n\n"
        "Run `journalgen help COMMAND` (or `journalgen COMMAND --help`) for a command's options "
        "and examples.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"journalgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    journal, anywhere = [_common(root=True)], [_common(root=False)]

    init = parser.command(
        commands,
        "init",
        "make a journal folder, or add what one lacks; overwrites nothing",
        "journalgen init ~/journal --git   # a new journal under git, checked before each commit\n"
        "journalgen init                   # here: add only what is missing",
        parents=anywhere,
    )
    folder = init.add_argument(
        "dir", nargs="?", type=Path, default=Path("."), metavar="DIR", help="default: here"
    )
    folder.complete = DIRECTORY  # type: ignore[attr-defined]
    init.add_argument(
        "--git", action="store_true", help="also make it a git repository that checks each commit"
    )

    new = parser.command(
        commands,
        "new",
        "start an entry from a prompt template and print its path",
        "journalgen new intention                 # the evening before a session\n"
        "journalgen new session --route iv        # after it\n"
        "journalgen new follow-up --edit          # days later, opened in $VISUAL or $EDITOR\n"
        'journalgen new reflection --title "On anger"',
        parents=journal,
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

    serve = parser.command(
        commands,
        "serve",
        "build, serve on this computer and rebuild on every save",
        "journalgen serve --open        # and open it in your browser\n"
        "journalgen serve --port 8123   # another port (a busy one moves to the next free one)",
        parents=journal,
    )
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--open", action="store_true", help="open the site in your web browser")
    _site_options(serve)
    serve.add_argument(
        "--allow-network",
        action="store_true",
        help="allow a --host other than this computer (makes the journal reachable from the network)",
    )

    build = parser.command(
        commands,
        "build",
        "build the site from entries/",
        "journalgen build                     # in a journal folder: entries/ -> site/\n"
        "journalgen build --root ~/journal    # any journal, from anywhere\n"
        "journalgen build --encrypt           # a site that opens only with your password",
        parents=journal,
    )
    _site_options(build)

    check = parser.command(
        commands,
        "check",
        "check every entry without building: errors exit 1, warnings 0",
        "journalgen check\njournalgen check -q   # only the problems, without the summary line\n"
        "journalgen check --staged   # what git is about to commit (the pre-commit hook runs this)",
        parents=journal,
    )
    check.add_argument(
        "--staged",
        action="store_true",
        help="check the journal as git is about to commit it (its staged files), not as it is on disk",
    )

    export = parser.command(
        commands,
        "export",
        "write chosen entries into one self-contained HTML file (and PDF) to share",
        "journalgen export --session 3 -o session-3.html\n"
        "journalgen export --from 2026-09-01 --to 2026-09-30 --tag family -o september.html --pdf\n"
        "journalgen export --csv -o measures.csv   # the numbers, a row per entry, for a spreadsheet",
        parents=journal,
        description="Write chosen entries into one print-ready HTML file. Entries with `share: false` "
        "are never exported. Repeat a filter to allow several values.",
    )
    _export(export)

    theme = parser.command(
        commands,
        "theme",
        "list the default theme's files, or copy them into templates/ to change them",
        "journalgen theme list\njournalgen theme copy base.html static/style.css",
    )
    files = theme.add_subparsers(dest="theme_command", metavar="ACTION", required=True)
    theme.command(
        files,
        "list",
        "list every file of the default theme, and which of them your journal has its own copy of",
        "journalgen theme list\njournalgen theme list -q   # names only",
        parents=journal,
    )
    copy = theme.command(
        files,
        "copy",
        "copy default theme files (or folders of them) into templates/; never overwrites",
        "journalgen theme copy static/style.css\njournalgen theme copy prompts",
        parents=journal,
    )
    copy.add_argument("names", nargs="+", metavar="NAME", help="a file or folder as `theme list` shows it")

    completion = parser.command(
        commands,
        "completion",
        "print the shell completion script for bash, zsh or fish",
        "journalgen completion bash > ~/.local/share/bash-completion/completions/journalgen\n"
        "journalgen completion zsh > ~/.zfunc/_journalgen   # with fpath+=(~/.zfunc) before compinit\n"
        "journalgen completion fish > ~/.config/fish/completions/journalgen.fish",
        parents=anywhere,
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell")

    helping = parser.command(
        commands,
        "help",
        "show the help of journalgen or of one command",
        "journalgen help\njournalgen help export\njournalgen help theme copy",
        parents=anywhere,
    )
    helping.add_argument("topic", nargs="*", metavar="COMMAND", help="the command (default: all of them)")
    return parser
