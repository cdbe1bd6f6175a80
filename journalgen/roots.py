"""Where the journal is: `--root`, else found from the current folder; never inside entries/.

A journal is a folder with journal.toml or an entries/ folder. No root is ever entries/ or a
folder in it, so nothing a command writes (the site, the cache) can land among the entries.
"""

from __future__ import annotations

from pathlib import Path

from journalgen.config import CONFIG_NAME
from journalgen.errors import JournalError


def find_root(explicit: Path | None, start: Path | None = None) -> Path:
    """Return the journal root: --root, else the nearest folder with journal.toml, else cwd/entries.

    A root must be a journal (journal.toml or an entries/ folder) and never inside an entries/
    folder, so nothing a command writes (the site, the cache) can land among the entries.
    """
    if explicit is not None:
        root = explicit.expanduser().resolve()
        shown = str(explicit)
        try:
            found = root.is_dir()
        except OSError as exc:  # a name no folder can have (too long), or a folder not ours to look in
            raise JournalError.at(
                shown, None, f"cannot be read: {exc.strerror or exc}; check the --root path"
            ) from None
        if not found:
            raise JournalError.at(shown, None, "no such folder; check the --root path")
        _refuse_inside_entries(root, shown)
        if not (root / CONFIG_NAME).is_file() and not (root / "entries").is_dir():
            raise JournalError.at(
                shown,
                None,
                f"not a journal: it has no {CONFIG_NAME} and no entries/ folder; pass the folder of "
                f"your journal, or make one here with `journalgen init {shown}`",
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            _refuse_inside_entries(folder, str(folder))
            return folder
    _refuse_inside_entries(here, str(here))
    if (here / "entries").is_dir():
        return here
    raise JournalError.at(
        str(here),
        None,
        "no journal here: no journal.toml in this folder or above, and no entries/ folder; "
        "run `journalgen init` or pass --root DIR",
    )


def journal_around(folder: Path) -> Path | None:
    """The journal whose entries/ holds `folder` (or is it), or None.

    Any folder named entries makes the folder above it a journal, unless `folder` is a journal
    of its own (with journal.toml) below an entries/ of a journal without one.
    """
    for above in (folder, *folder.parents):
        if above.name == "entries" and (
            (above.parent / CONFIG_NAME).is_file() or not (folder / CONFIG_NAME).is_file()
        ):
            return above.parent
    return None


def _refuse_inside_entries(root: Path, shown: str) -> None:
    journal = journal_around(root)
    if journal is not None:
        where = "the entries/ folder" if root == journal / "entries" else "inside the entries/ folder"
        raise JournalError.at(
            shown,
            None,
            f"{where} of the journal at {journal}, where journalgen writes nothing but new entries; "
            f"run it from {journal}, or pass --root {journal}",
        )
