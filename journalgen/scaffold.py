"""`journalgen init`: make a journal folder, or fill in what one lacks; never overwrite anything.

It creates journal.toml (every setting documented and commented out), entries/, copies of the
default prompt templates to edit, and a .gitignore for the built site; with git, a repository
and a pre-commit hook that runs `journalgen check` on what is about to be committed.
"""

from __future__ import annotations

import html
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from pathlib import Path

from journalgen import write
from journalgen.config import CONFIG_NAME, SETTINGS, Config
from journalgen.errors import JournalError, Problem
from journalgen.prompts import default_prompts_dir, make_private_folders
from journalgen.roots import journal_around
from journalgen.site.theme import PROMPTS

JOURNAL_TOML_HEAD = (
    'Settings for this journal. Every setting is optional: remove the "# " in front of a line to use '
    "it, and for a table such as [routes] from the lines below it too. An unknown setting is an error "
    "that names it."
)


def journal_toml() -> str:
    """The journal.toml init writes: every setting of Config, its docstring, its example commented out."""
    blocks = [_comment(JOURNAL_TOML_HEAD)]
    for row in SETTINGS.values():
        blocks.append(_comment(row.doc) + "".join(f"# {line}\n" for line in row.example.splitlines()))
    return "\n".join(blocks)


def settings_table() -> str:
    """Every journal.toml setting as a Markdown table (for the README): its name, what it does, its
    default and an example, all from the one table of settings."""
    defaults = {f.name: f for f in fields(Config)}
    rows = ["| setting | what it does | default | example |", "| --- | --- | --- | --- |"]
    for name, row in SETTINGS.items():
        field = defaults[name]
        value = field.default_factory() if field.default is MISSING else field.default  # type: ignore[misc]
        lines = [line.strip() for line in row.example.splitlines()]
        example = (
            f"`{lines[0]}`"
            if len(lines) == 1
            else "<code>" + "<br>".join(html.escape(line, quote=False) for line in lines) + "</code>"
        )
        cells = (f"`{name}`", row.doc, _default(value), example)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def _default(value: object) -> str:
    """A setting's default as TOML would write it, shortened; none for an empty one."""
    if value is None or value == "":
        return "none"
    if isinstance(value, Mapping):
        return ", ".join(f"`{key}`" for key in value)
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return f"`[{', '.join(map(str, value))}]`"
    text = str(value)
    return f'`"{text}"`' if len(text) <= 30 else f'`"{text[:28].rstrip()}…"`'


def _comment(text: str) -> str:
    lines = textwrap.wrap(text, 98, break_long_words=False, break_on_hyphens=False)
    return "".join(f"# {line}\n" for line in lines)


GITIGNORE = ("site/", ".journalgen-cache/", ".*.tmp-*")
"""Lines .gitignore needs: the built site, the build cache and every temporary file or folder
journalgen writes (write.TEMP: a stopped build's `.site.tmp-new-XXXXXXXX/`) are never committed."""

HOOK_MARK = "# Installed by `journalgen init --git`"

HOOK = """\
#!/bin/sh
{mark}: checks the journal as it is staged, before each commit.
# Errors stop the commit (fix them, `git add`, commit again); warnings are shown and do not.
# To commit anyway, once: git commit --no-verify
journalgen={script}
python={python}
root=./{prefix}
if [ -n "$journalgen" ] && [ -x "$journalgen" ]; then
    "$journalgen" check --staged --root "$root"
elif command -v journalgen >/dev/null 2>&1; then
    journalgen check --staged --root "$root"
elif [ -n "$python" ] && [ -x "$python" ]; then
    "$python" -m journalgen check --staged --root "$root"
else
    python3 -m journalgen check --staged --root "$root"
fi
status=$?
if [ "$status" -ne 0 ]; then
    echo "journalgen: commit stopped: fix the problems above, git add the files and commit again." >&2
    echo "To commit anyway, this once: git commit --no-verify" >&2
fi
exit $status
"""


@dataclass(frozen=True)
class Step:
    """One thing `init` did, or left alone, and why."""

    path: str
    done: bool
    note: str

    def __str__(self) -> str:
        return f"{'created' if self.done else 'left alone'}: {self.path}" + (
            f" ({self.note})" if self.note else ""
        )


def console_script() -> str | None:
    """The absolute path of the running `journalgen` command, to write into the git hook."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "journalgen" and argv0.is_file():
        return str(argv0.resolve())
    found = shutil.which("journalgen")
    return str(Path(found).resolve()) if found else None


def hook_text(prefix: str) -> str:
    """The pre-commit hook: the journal's check of what is staged (`check --staged`), in POSIX sh."""
    script = console_script()
    return HOOK.format(
        mark=HOOK_MARK,
        script=shlex.quote(script) if script else "''",
        python=shlex.quote(sys.executable) if sys.executable else "''",
        prefix=shlex.quote(prefix) if prefix else "",
    )


def _create(path: Path, data: bytes, mode: int = 0o600) -> bool:
    """Write a new file, readable by the user alone; False (nothing written) when the name is taken."""
    return write.create_new(path, data, mode, exact=True)  # not narrowed by the umask: a hook must run


def _folder(root: Path, rel: str) -> Step:
    path = root / rel
    if path.is_dir():
        return Step(rel + "/", False, "already there")
    make_private_folders(path)
    return Step(rel + "/", True, "")


def _check_folders(root: Path, folders: tuple[str, ...]) -> None:
    """Refuse, before creating anything, when a file sits where a folder must go."""
    try:
        a_file = root.exists() and not root.is_dir()
    except OSError as exc:  # a name no folder can have (too long), or a folder not ours to look in
        raise JournalError.at(
            str(root), None, f"cannot be made: {exc.strerror or exc}; choose another place for the journal"
        ) from None
    if a_file:
        raise JournalError.at(
            str(root), None, "is a file, not a folder; choose another place for the journal"
        )
    around = journal_around(root)
    if around is not None:
        raise JournalError.at(
            str(root),
            None,
            f"is inside the entries/ folder of the journal at {around}, which holds only entries; "
            "choose a folder outside it",
        )
    clashes = [rel for rel in folders if (root / rel).exists() and not (root / rel).is_dir()]
    if clashes:
        raise JournalError(
            Problem(rel, None, "is a file where init needs a folder; rename or move it") for rel in clashes
        )


def _file(root: Path, rel: str, data: bytes, mode: int = 0o600) -> Step:
    path = root / rel
    if _create(path, data, mode):
        return Step(rel, True, "")
    return Step(rel, False, "already there")


def _gitignore(root: Path) -> Step:
    path = root / ".gitignore"
    wanted = "".join(f"{line}\n" for line in GITIGNORE)
    if _create(path, wanted.encode("utf-8")):
        return Step(".gitignore", True, "")
    text = path.read_text(encoding="utf-8", errors="replace")
    have = {line.strip().strip("/") for line in text.splitlines()}
    missing = [line for line in GITIGNORE if line.strip("/") not in have]
    if not missing:
        return Step(".gitignore", False, "already lists " + " and ".join(GITIGNORE))
    with path.open("a", encoding="utf-8") as out:
        out.write(("" if not text or text.endswith("\n") else "\n") + "".join(f"{m}\n" for m in missing))
    return Step(".gitignore", True, "added " + " and ".join(missing) + " to it")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise JournalError.at("git", None, "git is not installed; install it, or leave out --git") from None


def _git_setup(root: Path) -> list[Step]:
    steps: list[Step] = []
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode == 0:
        steps.append(Step("git repository", False, f"already one at {top.stdout.strip()}"))
    else:
        made = _git(root, "init", "--quiet")
        if made.returncode != 0:
            raise JournalError.at("git init", None, f"failed: {made.stderr.strip()}")
        steps.append(Step("git repository", True, ""))
    hooks = _git(root, "rev-parse", "--git-path", "hooks").stdout.strip()
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.strip()
    hooks_dir = (root / hooks).resolve()
    hooks_dir.mkdir(parents=True, exist_ok=True)
    hook = hooks_dir / "pre-commit"
    shown = os.path.relpath(hook, root)
    if _create(hook, hook_text(prefix).encode("utf-8"), 0o700):
        steps.append(Step(shown, True, "runs `journalgen check` before each commit"))
    elif HOOK_MARK in hook.read_text(encoding="utf-8", errors="replace"):
        steps.append(Step(shown, False, "already runs `journalgen check`"))
    else:
        steps.append(Step(shown, False, "a hook of your own is there; add `journalgen check` to it yourself"))
    return steps


def init_journal(root: Path, git: bool = False) -> list[Step]:
    """Create what a journal needs in root, leaving every existing file exactly as it is."""
    prompts = f"templates/{PROMPTS}"
    _check_folders(root, ("entries", "templates", prompts))
    if git and shutil.which("git") is None:
        raise JournalError.at("git", None, "git is not installed; install it, or leave out --git")
    make_private_folders(root)
    steps = [
        _file(root, CONFIG_NAME, journal_toml().encode("utf-8")),
        _folder(root, "entries"),
    ]
    make_private_folders(root / prompts)
    for source in sorted(default_prompts_dir().glob("*.md")):
        steps.append(_file(root, f"{prompts}/{source.name}", source.read_bytes()))
    steps.append(_gitignore(root))
    if git:
        steps.extend(_git_setup(root))
    return steps
