"""The safety plan: `journalgen new safety-plan` starts entries/safety-plan.md once and never
writes over it; the built site has it as a page of its own, linked from every page's header and
from the crisis text; an edit, a new plan or a removed one rebuild what shows it; a locked site
keeps it encrypted and off the unlock page."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from conftest import BuiltJournal, MakeJournal, entry, run_cli
from helpers import build_problems, build_site, page, text, tree

from journalgen.site import search
from journalgen.source.safety import SAFETY_PAGE

PLAN = "# My safety plan\n\n## Who can I ask for help?\nLena: 0170 555 0142\n"
FILES = {
    "safety-plan.md": PLAN,
    "2026/2026-03-01-hard.md": entry(
        "date: 2026-03-01\ntitle: Hard\nmood: 2", "See [my plan](../safety-plan.md).\n"
    ),
    "2026/notes/2026-03-02-deeper.md": entry("date: 2026-03-02\ntitle: Deeper\nkind: session\nroute: iv"),
}
SECTIONS = (
    "warning signs: How can I tell a hard time is starting?",
    "coping on my own: What can I do on my own to get through it?",
    "people and places: Who and where can take my mind off things?",
    "people to ask: Who can I ask for help?",
    "professionals: Which professionals and services can I call?",
    "safer surroundings: How can I make my surroundings safer?",
    "reasons for living: What makes life worth living for me?",
)
"""The sections of the Stanley-Brown safety plan, as the template asks them."""


def test_new_safety_plan_starts_the_plan_once_and_never_writes_over_it(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    assert run_cli("init", root).returncode == 0
    done = run_cli("new", "safety-plan", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "entries/safety-plan.md"
    plan = root / "entries/safety-plan.md"
    assert stat.S_IMODE(plan.stat().st_mode) == 0o600  # for the writer's eyes only
    written = plan.read_text(encoding="utf-8")
    assert written.startswith("# My safety plan\n") and "date:" not in written
    questions = [line[3:] for line in written.splitlines() if line.startswith("## ")]
    assert questions == [section.split(": ", 1)[1] for section in SECTIONS]
    assert "with its number" in written  # professionals and services, with their numbers

    assert run_cli("build", cwd=root).returncode == 0  # as the template wrote it: not published yet
    assert not (root / "site" / SAFETY_PAGE).exists()
    assert page(root / "site/index.html").select_one(".site-plan, .plan-link") is None
    plan.write_text(written + "\nMine now.\n", encoding="utf-8")
    again = run_cli("new", "safety-plan", cwd=root)
    assert again.returncode == 1
    assert (
        "entries/safety-plan.md: you already have a safety plan; open this file to change it" in again.stderr
    )
    assert plan.read_text(encoding="utf-8").endswith("Mine now.\n")
    assert run_cli("build", cwd=root).returncode == 0  # answered: its page, and every page links to it
    assert (root / "site" / SAFETY_PAGE).is_file()
    assert page(root / "site/index.html").select_one(".site-plan a")["href"] == SAFETY_PAGE
    refused = run_cli("new", "safety-plan", "--route", "iv", cwd=root)
    assert refused.returncode == 2 and "the safety plan has no session or route" in refused.stderr
    checked = run_cli("check", cwd=root)
    assert checked.returncode == 0, checked.stdout
    assert run_cli("build", cwd=root).returncode == 0
    assert (root / "site" / SAFETY_PAGE).is_file()


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal(FILES, today="2026-03-27").site


def test_the_plan_is_a_page_of_its_own(site: Path) -> None:
    soup = page(site / SAFETY_PAGE)
    assert text(soup.h1) == "My safety plan"
    assert soup.select("h1") == [soup.h1]  # the heading became the title, shown once
    assert "Lena: 0170 555 0142" in text(soup.select_one(".entry-body"))
    assert "988" in text(soup.select_one(".entry-header .care-line"))  # help at the top as well
    assert soup.select_one(".site-plan a")["aria-current"] == "page"
    assert soup.select_one("footer .plan-link") is None  # no link to the page it is on


NOTES = search.part_path(search.NOTES)


def test_the_plans_words_are_in_the_search_index(site: Path) -> None:
    records = search.read_script((site / NOTES).read_bytes())
    assert records == [
        {
            "url": SAFETY_PAGE,
            "title": "My safety plan",
            "date": "",
            "kind": "note",
            "route": "",
            "tags": [],
            "emotions": [],
            "text": records[0]["text"],
        }
    ]
    assert "Lena: 0170 555 0142" in records[0]["text"]
    scripts = [s["src"] for s in page(site / "search.html").select("script[src]")]
    assert scripts[-2:] == [NOTES, "assets/search.js"]


def test_every_page_links_to_the_plan_beside_the_navigation_and_in_the_crisis_text(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        rel = path.relative_to(site).as_posix()
        soup = page(path)
        link = soup.select_one("header.site-header .site-plan a")
        assert link is not None and text(link) == "Safety plan", rel
        assert link.find_parent("nav") is None, rel  # not one of the navigation's own items
        assert (path.parent / link["href"]).resolve() == (site / SAFETY_PAGE).resolve(), rel
        if rel != SAFETY_PAGE:
            crisis = soup.select_one("footer .crisis .plan-link")
            assert crisis is not None and (path.parent / crisis["href"]).resolve() == (site / SAFETY_PAGE)
    hard = page(site / "entries/2026/2026-03-01-hard.html")
    assert text(hard.select_one("aside.care .plan-link")) == "Read your safety plan"
    assert hard.select_one(".entry-body a")["href"] == "../safety-plan.html"  # a link as written


def test_without_a_plan_no_page_links_to_one(built_journal: BuiltJournal) -> None:
    files = {rel: content for rel, content in FILES.items() if rel != "safety-plan.md"}
    site = built_journal(files, today="2026-03-27").site
    assert not (site / SAFETY_PAGE).exists()
    for path in site.rglob("*.html"):
        soup = page(path)
        assert soup.select_one(".site-plan, .plan-link") is None, path
        assert "safety plan" not in text(soup.select_one("header")).casefold()


def test_adding_editing_and_removing_the_plan_rebuild_what_shows_it(make_journal: MakeJournal) -> None:
    files = {rel: content for rel, content in FILES.items() if rel != "safety-plan.md"}
    root = make_journal(files)
    plan = root / "entries/safety-plan.md"
    site = build_site(root)
    assert page(site / "index.html").select_one(".site-plan") is None

    plan.write_text(PLAN, encoding="utf-8")
    build_site(root)
    assert all(page(p).select_one(".site-plan a") is not None for p in site.rglob("*.html"))
    before = tree(site)

    plan.write_text(PLAN.replace("Lena", "Lena, any time"), encoding="utf-8")
    build_site(root)
    after = tree(site)
    assert "Lena, any time" in text(page(site / SAFETY_PAGE).select_one(".entry-body"))
    changed = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    assert changed == {SAFETY_PAGE, NOTES}  # its page and its words in the search, nothing else

    plan.unlink()
    build_site(root)
    assert not (site / SAFETY_PAGE).exists()
    assert all(page(p).select_one(".site-plan, .plan-link") is None for p in site.rglob("*.html"))


def test_a_locked_site_keeps_the_plan_encrypted_and_off_the_unlock_page(built_journal: BuiltJournal) -> None:
    locked = built_journal(FILES, password="a quiet harbour at seven").site
    names = {p.relative_to(locked).as_posix() for p in locked.rglob("*") if p.is_file()}
    assert not any("safety" in name for name in names)
    raw = b"".join(p.read_bytes() for p in locked.rglob("*") if p.is_file())
    # Words with a space or colon, which base64 (the blobs) cannot hold by chance as it can "Lena".
    assert b"Lena: 0170" not in raw and b"0170 555" not in raw
    unlock = page(locked / "index.html")
    assert "988" in text(unlock.select_one(".jg-crisis"))
    assert "safety plan" not in text(unlock).casefold()


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("---\ntitle: For the grey days\n---\nCall Lena.\n", "For the grey days"),
        ("# Plan for winter\n\nCall Lena.\n", "Plan for winter"),
        ("Call Lena.\n", "Safety plan"),  # a note: its title from its file name
    ],
)
def test_the_plans_title(make_journal: MakeJournal, content: str, title: str) -> None:
    site = build_site(make_journal({"safety-plan.md": content}))
    assert text(page(site / SAFETY_PAGE).h1) == title
    assert "Call Lena." in text(page(site / SAFETY_PAGE).select_one(".entry-body"))


def test_a_broken_plan_is_reported_by_build_and_check_at_its_line(make_journal: MakeJournal) -> None:
    root = make_journal({"safety-plan.md": "---\ntitle: [never closed\n---\nCall Lena.\n"})
    problems = build_problems(root)
    assert len(problems) == 1 and problems[0].startswith("entries/safety-plan.md:2: ")
    checked = run_cli("check", "--root", root)
    assert checked.returncode == 1 and "entries/safety-plan.md:2: " in checked.stdout + checked.stderr
