"""The Steps pages, a year to a page: what each year shows, and that an edit of an entry's steps
plans only the years that mention them, with the site as a clean build makes it after each edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeJournal, entry
from helpers import nu_errors, page, text
from test_incremental import assert_as_clean, edit, rebuild

from journalgen.site import steps
from journalgen.site.page import Page
from journalgen.site.plan import Planner

JOURNAL = {
    "2024/2024-03-01-start.md": entry(
        "title: Start", "Beginning.\n\n- [ ] call my sister\n- [ ] walk\n- [ ] breathe\n"
    ),
    "2025/2025-02-01-later.md": entry("title: Later", "Some time on.\n\n- [x] call my sister\n- [ ] paint\n"),
    "2025/2025-06-01-plain.md": entry("title: Plain", "No steps today.\n"),
    "2026/2026-01-05-now.md": entry("title: Now", "This year.\n\n- [ ] rest\n"),
}


def items(soup: object, part: str) -> list[str]:
    return [text(node) for node in soup.select(f".steps-{part} .step-text")]  # type: ignore[attr-defined]


def test_each_year_has_a_page_the_latest_at_steps_html(make_journal: MakeJournal) -> None:
    root = make_journal(JOURNAL)
    rebuild(root)
    site = root / "site"
    latest, before, first = (
        page(site / "steps.html"),
        page(site / "steps/2025.html"),
        page(site / "steps/2024.html"),
    )
    assert (items(latest, "open"), items(latest, "done")) == (["rest"], [])
    # Ticked in 2025: done there; still open from 2025: open there.
    assert (items(before, "open"), items(before, "done")) == (["paint"], ["call my sister"])
    assert (items(first, "open"), items(first, "done")) == (["walk", "breathe"], [])
    assert text(before.find("h1")) == "Steps of 2025" and text(latest.find("h1")) == "Steps"
    assert "In 2025: 1 open, 1 done." in text(before.select_one(".lede"))
    for soup, here in ((latest, "2026"), (before, "2025"), (first, "2024")):
        years = soup.select(".thread-years a")
        assert [text(a) for a in years] == ["2024", "2025", "2026"]
        assert [text(a) for a in years if a.get("aria-current") == "page"] == [here]
    assert [a["href"] for a in before.select(".thread-years a")] == [
        "2024.html",
        "2025.html",
        "../steps.html",
    ]
    assert before.select_one(".breadcrumb a")["href"] == "../steps.html"
    assert latest.select_one(".breadcrumb") is None
    assert nu_errors([str(site / "steps.html"), str(site / "steps/2025.html")]) == []


def test_one_year_of_steps_is_one_page_without_years(make_journal: MakeJournal) -> None:
    root = make_journal({"2025/2025-02-01-later.md": JOURNAL["2025/2025-02-01-later.md"]})
    rebuild(root)
    soup = page(root / "site/steps.html")
    assert soup.select_one(".thread-years") is None and not (root / "site/steps").exists()
    assert text(soup.select_one(".lede")).startswith("1 open, 1 done.")


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The steps pages each build plans, by path."""
    found: list[str] = []
    make = steps.steps_pages

    def spied(site: Planner, gathered: steps.Gathered, wanted: object = None) -> list[Page]:
        made = make(site, gathered, wanted)  # type: ignore[arg-type]
        found.extend(p.path for p in made)
        return made

    monkeypatch.setattr(steps, "steps_pages", spied)
    return found


def test_an_edit_of_steps_plans_only_the_years_that_mention_them(
    make_journal: MakeJournal, tmp_path: Path, planned: list[str]
) -> None:
    root = make_journal(JOURNAL)
    rebuild(root)
    now = root / "entries/2026/2026-01-05-now.md"

    planned.clear()
    edit(now, "- [ ] rest", "- [ ] rest\n- [x] walk")  # ticks a step first written in 2024
    report = rebuild(root)
    assert report.mode == "incremental"
    assert sorted(planned) == ["steps.html", "steps/2024.html"]
    assert {"steps.html", "steps/2024.html"} <= set(report.written)
    assert items(page(root / "site/steps.html"), "done") == ["walk"]
    assert_as_clean(root, tmp_path)

    planned.clear()
    edit(now, "This year.", "This year, a long walk.")  # the words, not the steps
    rebuild(root)
    assert planned == []
    assert_as_clean(root, tmp_path)


def test_years_that_come_and_go_move_the_pages(
    make_journal: MakeJournal, tmp_path: Path, planned: list[str]
) -> None:
    root = make_journal(JOURNAL)
    rebuild(root)
    site = root / "site"

    # 2024's only steps are taken out: its page goes, and every other page's list of years changes.
    edit(root / "entries/2024/2024-03-01-start.md", "- [ ] call my sister\n- [ ] walk\n- [ ] breathe\n", "")
    planned.clear()
    report = rebuild(root)
    assert report.mode == "incremental" and sorted(planned) == ["steps.html", "steps/2025.html"]
    assert not (site / "steps/2024.html").exists()
    assert_as_clean(root, tmp_path)

    # A step in a new year: the latest year is that one, and 2026 moves to a page of its own.
    (root / "entries/2027").mkdir()
    (root / "entries/2027/2027-01-02-new.md").write_text(
        entry("title: New", "- [ ] swim\n"), encoding="utf-8"
    )
    rebuild(root)
    assert items(page(site / "steps.html"), "open") == ["swim"]
    assert items(page(site / "steps/2026.html"), "open") == ["rest"]
    assert_as_clean(root, tmp_path)
