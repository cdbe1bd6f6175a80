"""`check` applies every rule `build` applies, from the same code: what one refuses, the other does
(helpers.verdict asserts it); links out of entries/ are left out with a warning, never followed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MakeJournal, entry
from helpers import page, text, verdict

from journalgen.check import check
from journalgen.config import load_config

TODAY = dt.date(2026, 11, 26)
Cli = Callable[..., subprocess.CompletedProcess[str]]


def warnings(root: Path) -> list[str]:
    return [str(p) for p in check(load_config(root), TODAY).warnings]


def test_a_tag_emotion_or_route_named_index_has_a_page_of_its_own(make_journal: MakeJournal) -> None:
    root = make_journal(
        {"x.md": entry("date: 2026-11-20\nkind: session\nroute: index\ntags: [Index]\nemotions: [index]")},
        config='[routes]\nindex = "Index"\n',
    )
    assert verdict(root) == []
    for folder in ("tags", "emotions", "routes"):
        listing = page(root / f"site/{folder}/index.html")
        assert listing.select_one('main a[href="index-.html"]') is not None, folder
        assert "x.md" not in text(listing)
        assert text(page(root / f"site/{folder}/index-.html").h1).endswith("ndex")


def test_two_files_on_one_path_are_refused_by_both(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A"), "2026-11-20-a.markdown": entry("title: B")})
    assert verdict(root) == [
        "entries/2026-11-20-a.md: makes the same file of the site (entries/2026-11-20-a.html) as "
        "entries/2026-11-20-a.markdown; rename one",
    ]
    root = make_journal(
        {
            "2026-11-21-b.md": entry("title: B"),
            "/templates/static/search/2026-11.js": "// my own script, where the search index goes",
        },
        name="theme",
    )
    assert verdict(root) == [
        "assets/search/2026-11.js: two files of the site would be written to this path; rename one"
    ]


def test_an_output_folder_build_refuses_is_an_error_of_check(make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A")}, config='output = "entries/site"\n')
    (problem,) = verdict(root)
    assert "refusing to build here: it is inside entries/" in problem


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (b"2026-11-20-a\\b.md", "entries/2026-11-20-a\\b.md: the file name holds a \\, which browsers read"),
        (b"2026-11-20-\xff.md", "entries/2026-11-20-\\xff.md: the file name is not UTF-8 text"),
        (b"photo-\xe9.png", "entries/photo-\\xe9.png: the file name is not UTF-8 text"),
        (b"2026-11-20-" + b"a" * 241 + b".md", "entries/2026-11-20-aaaa"),
    ],
)
def test_file_names_that_cannot_be_in_the_site_are_refused_by_both(
    make_journal: MakeJournal, cli: Cli, name: bytes, expected: str
) -> None:
    root = make_journal({"2026-11-19-fine.md": entry("title: Fine")})
    with open(os.path.join(os.fsencode(root / "entries"), name), "wb") as handle:
        handle.write(entry("title: T").encode())
    (problem,) = verdict(root)
    assert problem.startswith(expected)
    if len(name) > 255 - 3:
        assert "the file name is too long: in the site it is 2026-11-20-aaaaaaaaa… of 257 bytes" in problem
    for command in ("check", "build"):
        result = cli(command, "--root", root)
        assert result.returncode == 1
        assert expected in result.stdout + result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_links_out_of_entries_are_left_out_with_a_warning(make_journal: MakeJournal, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(entry("date: 2026-11-21\ntitle: Not mine", "secret words\n"))
    (outside / "passwd").write_text("root:x:0:0\n")
    root = make_journal({"2026/2026-11-20-a.md": entry("title: A", "Mine.\n")})
    links = root / "entries/2026"
    (links / "2026-11-21-secret.md").symlink_to(outside / "secret.md")
    (links / "x.txt").symlink_to(outside / "passwd")
    (links / "up").symlink_to("..")  # a folder above: a loop
    (links / "self").symlink_to("self")  # a link to itself
    (links / "gone.md").symlink_to("nowhere.md")
    (links / "2026-11-22-again.md").symlink_to("2026-11-20-a.md")  # inside entries/: followed
    assert verdict(root) == []
    site = root / "site"
    published = sorted(p.relative_to(site).as_posix() for p in (site / "entries").rglob("*"))
    assert published == [
        "entries/2026",
        "entries/2026/2026-11-20-a.html",
        "entries/2026/2026-11-22-again.html",
    ]
    everything = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert b"secret words" not in everything and b"root:x" not in everything
    assert warnings(root) == [
        f"entries/2026/2026-11-21-secret.md: warning: is a link to {outside / 'secret.md'}, outside "
        "entries/; only files in entries/ become part of the site, so it is left out (copy the file "
        "into entries/ instead of linking to it)",
        f"entries/2026/gone.md: warning: is a link to {links / 'nowhere.md'}, which does not exist; it "
        "is left out",
        "entries/2026/self: warning: is a link that leads round in a loop; it is left out",
        "entries/2026/up: warning: is a link back to a folder above it (a loop); it is left out",
        f"entries/2026/x.txt: warning: is a link to {outside / 'passwd'}, outside entries/; only files in "
        "entries/ become part of the site, so it is left out (copy the file into entries/ instead of "
        "linking to it)",
    ]


def test_entries_itself_may_be_a_link(make_journal: MakeJournal, tmp_path: Path) -> None:
    real = make_journal({"2026-11-20-a.md": entry("title: A")}, name="real")
    root = tmp_path / "journal"
    root.mkdir()
    (root / "entries").symlink_to(real / "entries")
    assert verdict(root) == []
    assert (root / "site/entries/2026-11-20-a.html").is_file()
    assert warnings(root) == []


def test_a_link_to_a_name_no_file_can_have_is_a_warning_not_a_crash(make_journal: MakeJournal) -> None:
    """A link whose path is longer than a file name may be (found by the fuzz test): check says
    it points to nothing, as build does, instead of stopping with an internal error."""
    long = "x" * 300
    root = make_journal(
        {"2026-11-20-a.md": entry("title: A", f"See [this]({long}.md) and [that]({long}/).\n")}
    )
    assert verdict(root) == []
    found = warnings(root)
    assert len(found) == 2 and all("which does not exist" in w for w in found), found
