"""The README a person reads first: its first screen, its links, and its table of settings."""

from __future__ import annotations

import re
import sys

from conftest import REPO
from helpers import first_screen, shell_blocks

from journalgen.config import SETTINGS

sys.path.insert(0, str(REPO / "scripts"))
from settings_table import with_table

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_first_screen_fits_in_40_lines_and_has_the_first_run() -> None:
    screen = first_screen(README)
    assert len(screen.splitlines()) <= 40
    assert len(re.findall(r"!\[[^\]]+\]\(docs/screenshots/[\w-]+\.png\)", screen)) == 1
    assert shell_blocks(screen)[0] == ["pipx install ."]
    assert "`python3 -m venv ~/.journalgen && ~/.journalgen/bin/pip install .`" in screen
    commands = [line.split("#")[0].strip() for line in shell_blocks(screen)[1]]
    assert commands == [
        "journalgen init ~/journal --git",
        "cd ~/journal",
        "journalgen new intention",
        "journalgen serve --open",
    ]


def test_the_settings_table_is_the_one_of_config() -> None:
    assert with_table(README) == README, "the README's settings table is stale: run `make docs`"
    table = README.split("<!-- end of the settings table -->")[0].rsplit("-->", 1)[1]
    assert re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE) == list(SETTINGS)


def test_every_file_the_readme_links_to_is_there() -> None:
    prose = re.sub(r"`[^`\n]*`", "", README)  # links written as examples in code are not links
    for target in re.findall(r"\]\(((?!https?:)[^)#\s]+)(?:#[^)]*)?\)", prose):
        assert (REPO / target).is_file(), target
    anchors = re.findall(r"\]\(docs/internals\.md#([^)]+)\)", README)
    internals = (REPO / "docs/internals.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", internals, re.M)
    }
    assert anchors and set(anchors) <= headings, (anchors, headings)
