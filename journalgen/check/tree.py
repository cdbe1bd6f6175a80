"""What `check` reads of a journal: entries/ as it is on disk (`Disk`), or as git is about to
commit it (`staged()`, for the pre-commit hook).

The staged journal is the files of git's index: each one read from disk when git says it is as
staged (most of them), else from git itself, so a commit is checked as it will be without copying
the journal anywhere. Only when the templates or journal.toml differ from what is staged, or
entries/ holds a link or a submodule, is the staged journal copied out whole to be checked.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from stat import S_ISDIR

from journalgen.build.fresh import file_stat
from journalgen.config import CONFIG_NAME, Config, load_config
from journalgen.errors import JournalError
from journalgen.source.scan import SourceFiles, is_ignored, listing, scan

_GIT_PATHS = frozenset(
    ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")
)
"""What git is told by paths in the environment."""
_FILES = ("100644", "100755")
"""The modes of plain files in git's index (not links, not submodules)."""


class Disk:
    """entries/ as it is on disk."""

    def __init__(self, entries_dir: Path, contents: Mapping[str, bytes] | None = None) -> None:
        self.entries_dir = entries_dir
        self.contents: Mapping[str, bytes] = contents or {}
        """Files whose bytes are not what the disk holds, by path below entries/."""

    def scan(self) -> SourceFiles:
        return scan(self.entries_dir)

    def stat(self, rel: str) -> tuple[int, int] | None:
        """The (mtime_ns, size) of a file read from disk; None for one that is not (or is gone)."""
        return None if rel in self.contents else file_stat(f"{self.entries_dir}/{rel}")

    def read(self, rel: str) -> bytes:
        """A file's bytes (OSError when it cannot be read)."""
        given = self.contents.get(rel)
        return given if given is not None else (self.entries_dir / rel).read_bytes()

    def kind(self, rel: str) -> str | None:
        """What is at a path below entries/: "folder", "file" (anything else there), or None
        (nothing, or a name no file can have: too long, a NUL in it)."""
        try:
            mode = (self.entries_dir / rel).stat().st_mode
        except (OSError, ValueError):
            return None
        return "folder" if S_ISDIR(mode) else "file"


class Staged(Disk):
    """entries/ as git is about to commit it: the files of its index, the changed ones given."""

    def __init__(self, entries_dir: Path, files: Iterable[str], contents: Mapping[str, bytes]) -> None:
        super().__init__(entries_dir, contents)
        self.files = frozenset(files)
        """Every file below entries/ in git's index, hidden ones too."""

    def scan(self) -> SourceFiles:
        parts = ((rel.split("/"), rel) for rel in self.files)
        shown = sorted((names, rel) for names, rel in parts if not any(is_ignored(name) for name in names))
        return listing(rel for _, rel in shown)

    def kind(self, rel: str) -> str | None:
        if rel in self.files:
            return "file"
        inside = "" if rel == "." else rel + "/"
        return "folder" if any(other.startswith(inside) for other in self.files) else None


@contextlib.contextmanager
def staged(config: Config) -> Iterator[tuple[Config, Disk, bool]]:
    """The journal as git is about to commit it: its config, its entries/, and whether what is
    read may be remembered in the cache (not from a copy)."""
    git = _Git(config.root)
    index = git.staged()
    dirty = git.changed()
    themed = ("templates", CONFIG_NAME)
    theme_differs = any(path.split("/")[0] in themed for path in dirty) or bool(git.untracked(themed))
    entries = {path[8:]: sha for path, (mode, sha) in index.items() if path.startswith("entries/")}
    odd = any(mode not in _FILES for path, (mode, _) in index.items() if path.startswith("entries/"))
    if theme_differs or odd:
        with tempfile.TemporaryDirectory(prefix="journalgen-check.") as folder:
            root = git.copy(list(index), Path(folder))
            (root / "entries").mkdir(parents=True, exist_ok=True)  # a journal, even with nothing staged
            yield load_config(root), Disk(root / "entries"), False
        return
    changed = {
        rel: entries[rel] for path in dirty if (rel := path[8:]) in entries and path.startswith("entries/")
    }
    yield config, Staged(config.entries_dir, list(entries), git.blobs(changed)), True


class _Git:
    """git, asked about the journal at `root` (paths relative to it)."""

    PATHS = ("entries", "templates", CONFIG_NAME)

    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, data: bytes | None = None) -> bytes:
        # A hook is given some of these relative to where it runs (GIT_INDEX_FILE=.git/index).
        env = {
            name: os.path.abspath(value) if name in _GIT_PATHS and value else value
            for name, value in os.environ.items()
        }
        try:
            done = subprocess.run(
                ["git", *args], cwd=self.root, env=env, input=data, capture_output=True, check=False
            )
        except FileNotFoundError:
            raise JournalError.at(
                "git", None, "git is not installed; --staged checks what git is about to commit"
            ) from None
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise JournalError.at(
                str(self.root),
                None,
                f"git could not tell what is staged ({said[-1] if said else 'git ' + args[0]}); "
                "--staged checks what git is about to commit, in a git repository",
            )
        return done.stdout

    def staged(self) -> dict[str, tuple[str, str]]:
        """Every file of the journal in git's index: path → (mode, blob)."""
        found: dict[str, tuple[str, str]] = {}
        for line in _paths(self.run("ls-files", "--stage", "-z", "--", *self.PATHS)):
            info, path = line.split("\t", 1)
            mode, sha, stage = info.split(" ")
            found[path] = (mode if stage == "0" else "unmerged", sha)
        return found

    def changed(self) -> list[str]:
        """The journal's files whose copy on disk differs from what is staged (or is gone)."""
        return _paths(self.run("diff", "--name-only", "--relative", "--no-renames", "-z", "--", *self.PATHS))

    def untracked(self, paths: tuple[str, ...]) -> list[str]:
        """Files on disk that git does not track (ignored ones too) below these paths."""
        return _paths(self.run("ls-files", "--others", "-z", "--", *paths))

    def blobs(self, wanted: Mapping[str, str]) -> dict[str, bytes]:
        """The staged bytes of these files (path → blob)."""
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", data="".join(f"{sha}\n" for sha in wanted.values()).encode())
        found: dict[str, bytes] = {}
        at = 0
        for rel in wanted:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split(b" ")[2])
            found[rel] = out[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1
        return found

    def copy(self, paths: list[str], folder: Path) -> Path:
        """Write these staged files below folder; return where the journal's root is there."""
        prefix = os.fsdecode(self.run("rev-parse", "--show-prefix").strip())
        self.run(
            "checkout-index",
            f"--prefix={folder}/",
            "-z",
            "--stdin",
            data=b"".join(os.fsencode(p) + b"\0" for p in paths),
        )
        return folder / prefix


def _paths(out: bytes) -> list[str]:
    """NUL-separated paths from git, as the file system names them."""
    return [os.fsdecode(part) for part in out.split(b"\0") if part]
