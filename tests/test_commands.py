"""The command line as people expect from git, hugo and mkdocs, through the real console script:
help, errors in the command's own usage, "did you mean", -V, -q and -v everywhere, examples,
shell completion in bash, zsh and fish, `theme list` and `theme copy`, `serve --open`."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, MakeJournal, entry, journalgen_exe

from journalgen import __version__
from journalgen.parser import build_parser
from tests.test_serve import Server, free_port

Cli = Callable[..., subprocess.CompletedProcess[str]]

COMMANDS = list(build_parser().commands)
LEAVES = [(name,) for name in COMMANDS] + [
    (name, sub) for name, parser in build_parser().commands.items() for sub in parser.commands
]
"""Every command, and every subcommand: ("build",), ("theme",), ("theme", "list")..."""


@pytest.fixture
def journal(make_journal: MakeJournal) -> Path:
    return make_journal(
        {
            "2026/2026-11-19-session.md": entry("title: A session\nkind: session\nroute: iv"),
            "2026/2026-11-20-after.md": entry("title: After\nkind: follow-up"),
        },
        config='title = "Commands"\n',
    )


def test_bare_journalgen_is_help_not_an_error(cli: Cli) -> None:
    result = cli()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: journalgen ")
    for name in ("init", "new", "serve", "build", "check", "export", "theme", "completion", "help"):
        assert re.search(rf"^    {name} ", result.stdout, re.MULTILINE), name
    assert "journalgen init ~/journal --git" in result.stdout
    assert result.stdout == cli("--help").stdout == cli("help").stdout


@pytest.mark.parametrize("words", LEAVES)
def test_help_cmd_is_cmd_help_with_examples(cli: Cli, words: tuple[str, ...]) -> None:
    asked = cli("help", *words)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout == cli(*words, "--help").stdout
    assert asked.stdout.startswith(f"usage: journalgen {' '.join(words)} ")
    examples = asked.stdout.split("\nexamples:\n", 1)[1].splitlines()
    if words != ("theme",):
        assert examples and all(line.startswith("  journalgen ") for line in examples), examples
        assert any(line.startswith(f"  journalgen {' '.join(words)}") for line in examples), examples


def test_help_for_an_unknown_command_suggests_one(cli: Cli) -> None:
    result = cli("help", "exprot")
    assert result.returncode == 2
    assert "journalgen: error: no command 'exprot' (did you mean 'export'?)" in result.stderr


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(cli: Cli, flag: str) -> None:
    result = cli(flag)
    assert (result.returncode, result.stdout) == (0, f"journalgen {__version__}\n")


@pytest.mark.parametrize(
    ("args", "usage", "error"),
    [
        (("buld",), "journalgen", "unknown command 'buld' (did you mean 'build'?)"),
        (("build", "--bogus"), "journalgen build", "unrecognized arguments: --bogus"),
        (
            ("build", "--drafs"),
            "journalgen build",
            "unrecognized arguments: --drafs (did you mean '--drafts'?)",
        ),
        (("serve", "--opne"), "journalgen serve", "unrecognized arguments: --opne (did you mean '--open'?)"),
        (("build", "extra"), "journalgen build", "unrecognized arguments: extra"),
        (("build", "--output"), "journalgen build", "argument --output: expected one argument"),
        (("export", "--kind", "sesion", "-o", "x.html"), "journalgen export", "invalid choice 'sesion' (did"),
        (("export",), "journalgen export", "the following arguments are required: -o/--output"),
        (("theme", "lsit"), "journalgen theme", "unknown action 'lsit' (did you mean 'list'?)"),
        (("theme", "list", "--roots", "x"), "journalgen theme list", "(did you mean '--root'?)"),
        (("completion", "tcsh"), "journalgen completion", "invalid choice 'tcsh'"),
        (("-q", "check"), "journalgen check", "-q goes after the command: journalgen check -q"),
        (("build", "-q", "-v"), "journalgen build", "argument -v/--verbose: not allowed with argument -q"),
        (("build", "--encrypt", "--unlock"), "journalgen build", "--unlock: not allowed with argument"),
    ],
)
def test_usage_errors_show_the_commands_own_usage_and_a_suggestion(
    cli: Cli, journal: Path, args: tuple[str, ...], usage: str, error: str
) -> None:
    result = cli(*args, cwd=journal)
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.startswith(f"usage: {usage} ")
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"{usage}: error: ") and error in last, last
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in journal.iterdir()) == ["entries", "journal.toml"]


@pytest.mark.parametrize("words", [w for w in LEAVES if w not in (("help",), ("theme",))])
@pytest.mark.parametrize("flag", ["-q", "--quiet", "-v", "--verbose"])
def test_every_command_takes_quiet_and_verbose(cli: Cli, words: tuple[str, ...], flag: str) -> None:
    result = cli(*words, flag, "--help")
    assert result.returncode == 0, result.stderr
    assert "-q, --quiet" in result.stdout and "-v, --verbose" in result.stdout


def test_quiet_prints_only_problems(cli: Cli, journal: Path, tmp_path: Path) -> None:
    today = {"JOURNALGEN_TODAY": "2026-11-25"}
    for args in (
        ("build", "-q"),
        ("check", "-q"),
        ("new", "reflection", "-q"),
        ("export", "-q", "-o", tmp_path / "out.html"),
        ("theme", "copy", "-q", "base.html"),
        ("init", "-q", tmp_path / "another"),
    ):
        result = cli(*args, cwd=journal, env=today)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), args
    assert (journal / "site/index.html").is_file()
    assert (journal / "entries/2026/2026-11-25-reflection.md").is_file()
    assert (journal / "templates/base.html").is_file() and (tmp_path / "out.html").is_file()
    assert (tmp_path / "another/journal.toml").is_file()
    (journal / "entries/2026/2026-11-26-bad.md").write_text(entry("mood: 11"), encoding="utf-8")
    result = cli("check", "-q", cwd=journal, env=today)
    assert result.returncode == 1
    assert result.stdout == (
        "entries/2026/2026-11-25-reflection.md:8: warning: nothing written yet, only the template's "
        "questions: it is not published until you answer one\n"
        "entries/2026/2026-11-26-bad.md:2: mood must be a whole number from 1 to 10, not 11\n"
    )


def test_verbose_says_which_journal_and_what_was_done(cli: Cli, journal: Path) -> None:
    result = cli("build", "-v", cwd=journal / "entries")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"journalgen: the journal at {journal} (journal.toml)\n"
    written = [line for line in result.stdout.splitlines() if line.startswith("wrote ")]
    assert "wrote index.html" in written and "wrote entries/2026/2026-11-20-after.html" in written
    assert result.stdout.splitlines()[-1].startswith("Built 2 entries into ")
    (journal / "journal.toml").unlink()
    result = cli("check", "--verbose", "--root", journal)
    assert result.stderr == f"journalgen: the journal at {journal} (no journal.toml, the defaults)\n"


def test_theme_list_shows_every_default_file_and_your_own(cli: Cli, journal: Path) -> None:
    (journal / "templates/static").mkdir(parents=True)
    (journal / "templates/static/style.css").write_text("body { color: black }\n", encoding="utf-8")
    names = cli("theme", "list", "-q", cwd=journal).stdout.splitlines()
    shipped = sorted(p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.*"))
    assert names == shipped
    assert {"base.html", "static/style.css", "prompts/session.md", "lock/unlock.js"} <= set(names)
    listed = cli("theme", "list", cwd=journal).stdout
    assert "static/style.css  (yours: templates/static/style.css)\n" in listed
    assert "base.html\n" in listed
    assert "journalgen theme copy NAME" in listed


def test_theme_copy_copies_files_and_folders_and_never_overwrites(cli: Cli, journal: Path) -> None:
    mine = journal / "templates/static/style.css"
    mine.parent.mkdir(parents=True)
    mine.write_text("mine\n", encoding="utf-8")
    result = cli("theme", "copy", "base.html", "static", "templates/lock/", cwd=journal)
    assert result.returncode == 0, result.stderr
    assert "created: templates/base.html (yours to change; the build uses it from now on)" in result.stdout
    assert "left alone: templates/static/style.css (already there)" in result.stdout
    assert "created: templates/static/search.js" in result.stdout
    assert mine.read_text(encoding="utf-8") == "mine\n"
    copied = journal / "templates/base.html"
    assert copied.read_bytes() == (REPO / "templates/base.html").read_bytes()
    assert stat.S_IMODE(copied.stat().st_mode) == 0o600
    assert (journal / "templates/lock/unlock.js").is_file()
    copied.write_text("changed\n", encoding="utf-8")
    again = cli("theme", "copy", "base.html", cwd=journal)
    assert "left alone: templates/base.html (already there)" in again.stdout
    assert copied.read_text(encoding="utf-8") == "changed\n"


def test_theme_copy_of_an_unknown_file_suggests_one_and_copies_nothing(cli: Cli, journal: Path) -> None:
    result = cli("theme", "copy", "base.html", "bsae.html", cwd=journal)
    assert result.returncode == 2
    assert result.stderr == (
        "journalgen theme copy: no such theme file: 'bsae.html' (did you mean 'base.html'?); "
        "`journalgen theme list` shows every file\n"
    )
    assert not (journal / "templates").exists()


def _fish(script: Path, line: str) -> list[str]:
    done = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return sorted(row.split("\t")[0] for row in done.stdout.splitlines())


def _bash(script: Path, words: list[str]) -> list[str]:
    code = (
        f"source {script}; COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; "
        'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; '
        f'_shtab_journalgen journalgen {words[-1]} {words[-2]}; printf "%s\\n" "${{COMPREPLY[@]}}"'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return sorted(done.stdout.split())


ZSH_TAB = """\
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \\$fpath); autoload -U compinit && compinit -u -D"
zpty -w z "compadd () { builtin compadd -O hits \\"\\$@\\"; print -rl -- \\$hits >> ${(q)3}; \\
  builtin compadd \\"\\$@\\" }"
zpty -w z "bindkey '^I' complete-word"
zpty -w z "$2"$'\\t'
zpty -w z $'\\C-u'"print -r -- done > ${(q)3}.done"
for i in {1..300}; do [[ -e $3.done ]] && break; sleep 0.1; done
zpty -d z
"""
"""Type a line and TAB in an interactive zsh (in a pseudo-terminal) with the functions of folder $1
on its fpath; every candidate zsh offers goes to the file $3."""


def _zsh(folder: Path, line: str, tmp_path: Path) -> list[str]:
    driver, out = tmp_path / "tab.zsh", tmp_path / "hits"
    driver.write_text(ZSH_TAB, encoding="utf-8")
    out.unlink(missing_ok=True)
    subprocess.run(["zsh", "-f", str(driver), str(folder), line, str(out)], timeout=60, check=True)
    assert Path(f"{out}.done").is_file(), "zsh never finished the line"
    Path(f"{out}.done").unlink()
    return sorted({hit for hit in out.read_text().split("\n") if hit}) if out.exists() else []


def test_shell_completion_in_bash_zsh_and_fish(cli: Cli, tmp_path: Path) -> None:
    scripts = {shell: cli("completion", shell).stdout for shell in ("bash", "zsh", "fish")}
    assert all(script.count("journalgen") > 10 for script in scripts.values())
    bash, fish, zfolder = tmp_path / "journalgen.bash", tmp_path / "journalgen.fish", tmp_path / "zfunc"
    bash.write_text(scripts["bash"], encoding="utf-8")
    fish.write_text(scripts["fish"], encoding="utf-8")
    zfolder.mkdir()
    (zfolder / "_journalgen").write_text(scripts["zsh"], encoding="utf-8")

    assert _bash(bash, ["journalgen", "bu"]) == ["build"]
    assert _bash(bash, ["journalgen", "build", "--dr"]) == ["--drafts"]
    assert _bash(bash, ["journalgen", "theme", ""]) == ["copy", "list"]
    assert _fish(fish, "journalgen bu") == ["build"]
    assert _fish(fish, "journalgen build --dr") == ["--drafts"]
    assert _fish(fish, "journalgen export --kind ") == ["follow-up", "intention", "reflection", "session"]
    assert _zsh(zfolder, "journalgen bu", tmp_path) == ["build"]
    assert _zsh(zfolder, "journalgen theme ", tmp_path) == ["copy", "list"]
    assert _zsh(zfolder, "journalgen export --kind ", tmp_path) == [
        "follow-up",
        "intention",
        "reflection",
        "session",
    ]


def test_serve_open_without_a_browser_says_so(journal: Path) -> None:
    no_browser = {"BROWSER": None, "DISPLAY": None, "WAYLAND_DISPLAY": None}
    running = Server(
        journal, free_port(), "--open", env={**no_browser, "PATH": str(Path(journalgen_exe()).parent)}
    )
    try:
        serving = running.wait_for("Serving")
        url = re.search(r" at (http://\S+) ", serving).group(1)  # type: ignore[union-attr]
        said = running.wait_for("found no web browser")
        assert said == f"journalgen: found no web browser to open; open {url} in yours."
    finally:
        code, output = running.stop()
    assert code == 0, output


def test_serve_open_opens_the_site_in_the_browser_named_by_browser(journal: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o700)
    running = Server(journal, free_port(), "--open", env={"BROWSER": str(browser)})
    try:
        serving = running.wait_for("Serving")
        url = re.search(r" at (http://\S+) ", serving).group(1)  # type: ignore[union-attr]
        deadline = time.monotonic() + 15
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == url
        assert not any("no web browser" in line for line in running.seen)
    finally:
        code, output = running.stop()
    assert code == 0, output


@pytest.mark.parametrize(
    ("flag", "said"), [("-q", []), ("-v", ["journalgen: the journal at {root} (journal.toml)"])]
)
def test_serve_quiet_and_verbose(journal: Path, flag: str, said: list[str]) -> None:
    running = Server(journal, free_port(), flag)
    try:
        running.wait_for("Serving")
    finally:
        code, output = running.stop()
    assert code == 0, output
    lines = output.splitlines()
    before = lines[: next(i for i, line in enumerate(lines) if line.startswith("Serving "))]
    wanted = [line.format(root=journal) for line in said]
    assert [line for line in before if not line.startswith("Built ")] == wanted
    assert any(line.startswith("Built 2 entries") for line in before) == (flag == "-v")


def test_python_dash_m_has_the_same_help(journal: Path) -> None:
    import sys

    done = subprocess.run([sys.executable, "-m", "journalgen"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("usage: journalgen ")
    assert os.access(journalgen_exe(), os.X_OK)
