"""Small helpers shared by the test modules: build through the API, read pages, compare trees."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from journalgen.build import build
from journalgen.config import load_config
from journalgen.errors import JournalError


def build_site(root: Path, *, drafts: bool = False, output: Path | None = None) -> Path:
    """Build the journal at root as `journalgen build` would; return the output folder."""
    overrides: dict[str, object] = {"drafts": drafts}
    if output is not None:
        overrides["output"] = output
    return build(load_config(root, overrides)).output


def build_problems(root: Path, *, drafts: bool = False) -> list[str]:
    """Build a journal that must fail; return its problems as `path:line: message` lines."""
    try:
        build_site(root, drafts=drafts)
    except JournalError as exc:
        return [str(p) for p in exc.problems]
    raise AssertionError(f"the build of {root} succeeded but was expected to fail")


def page(path: Path) -> BeautifulSoup:
    """A built page, parsed as a browser would (html5lib)."""
    return BeautifulSoup(path.read_bytes(), "html5lib")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below folder (hidden ones too) by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def text(node: object) -> str:
    """The visible text of a BeautifulSoup node with whitespace collapsed."""
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]
