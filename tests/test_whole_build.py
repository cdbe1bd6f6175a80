"""A whole build: every page planned where it is rendered (each worker plans its own pages, the
plan of the whole site is never held at once), and keyed with a memo that keeps only the views
many pages show (build/workers.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import pytest
from helpers import tree
from test_incremental import config_of

from journalgen.build import build
from journalgen.build.keys import Memo, page_key
from journalgen.build.workers import forget_pages
from journalgen.config import load_config
from journalgen.model import Journal
from journalgen.site import body, calendar, pages, progress
from journalgen.site.links import Targets
from journalgen.site.page import Page
from journalgen.site.plan import Planner
from journalgen.site.views import TermLink, Views
from journalgen.source.reader import convert_bodies, read_journal


def _planner(root: Path) -> tuple[Planner, dict[str, object]]:
    config = load_config(root)
    source = read_journal(config, convert=False)
    journal = Journal(source.chosen(drafts=False), config.routes)
    targets = Targets(journal, source.files, Views(journal, config))
    bodies = convert_bodies(targets.job(e) for e in journal.pages)
    return Planner(config, journal, dt.date(2026, 10, 1), source.unanswered()), bodies


def test_the_paths_of_the_site_are_those_of_every_page(sample_journal: Path) -> None:
    planner, bodies = _planner(sample_journal)
    every = planner.body_pages(bodies, planner.journal.pages)  # type: ignore[arg-type]
    every += [pages.index_page(planner), pages.timeline_page(planner), *pages.term_pages(planner)]
    every += [pages.notes_page(planner), progress.sessions_page(planner), progress.measures_page(planner)]
    every += [body.body_page(planner), *calendar.calendar_pages(planner), pages.search_page(planner)]
    every += [pages.ROBOTS]
    paths = planner.paths(bodies)  # type: ignore[arg-type]
    assert len(paths) == len(set(paths))
    assert sorted(paths) == sorted(page.path for page in every)
    assert any(path.startswith("threads/") for path in paths)
    assert any(path.startswith("days/") for path in paths)
    # Any path planned on its own is the page the whole plan has at that path.
    for path in paths:
        assert [page.path for page in planner.pages(bodies, [path])] == [path]  # type: ignore[arg-type]


def no_full_plan(self: Planner, bodies: object) -> list[Page]:
    raise AssertionError("a whole build planned the whole site in one process")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_whole_build_plans_its_pages_where_it_renders_them(
    jobs: int, sample_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = config_of(sample_journal, output=tmp_path / "reference", cache=tmp_path / "c1")
    build(reference, jobs=1)
    monkeypatch.setattr(Planner, "plan", no_full_plan)
    report = build(config_of(sample_journal, output=tmp_path / "site", cache=tmp_path / "c2"), jobs=jobs)
    assert report.mode == "full"
    assert tree(tmp_path / "site") == tree(tmp_path / "reference")


@dataclasses.dataclass(frozen=True)
class _Row:
    label: str
    link: TermLink | None


def test_a_view_few_pages_show_is_written_out_in_the_key() -> None:
    link = TermLink("calm", "Calm", "tags/calm.html")

    def key(*rows: _Row) -> str:
        return page_key(Page("a.html", "term.html", {"rows": list(rows)}), "theme", {})[0]

    assert key(_Row("a", link)) == key(_Row("a", link))  # the same fields, another object
    assert key(_Row("a", link)) != key(_Row("b", link))
    assert key(_Row("a", link)) != key(_Row("a", TermLink("calm", "Calm", "tags/calm-2.html")))
    as_list = Page("a.html", "term.html", {"rows": [["a", None]]})
    assert key(_Row("a", None)) != page_key(as_list, "theme", {})[0]
    memo: Memo = {}
    page_key(Page("a.html", "term.html", {"rows": [_Row("a", link)]}), "theme", memo)
    assert [type(v[1]) for v in memo.values()] == [TermLink]  # the row is in no memo


def test_the_memo_keeps_only_the_views_many_pages_show() -> None:
    shared = [TermLink(f"t{n}", f"T{n}", f"tags/t{n}.html") for n in range(3)]
    memo: Memo = {}
    first = Page(
        "a.html",
        "term.html",
        {"links": shared[:2], "rows": [("x", 1), {"y": 2}], "when": dt.date(2026, 1, 1)},
    )
    page_key(first, "theme", memo)
    kept = forget_pages(memo)
    assert {type(v[1]) for v in memo.values()} == {TermLink} and kept == 2
    second = Page("b.html", "term.html", {"links": shared, "when": dt.date(2026, 1, 2)})
    key = page_key(second, "theme", memo)
    assert forget_pages(memo, kept) == 3
    assert [v[1] for v in memo.values()] == shared
    # The same page keys to the same key with or without the memo.
    assert page_key(second, "theme", {}) == key == page_key(second, "theme", memo)
    assert list(itertools.islice(memo, 2)) == [id(shared[0]), id(shared[1])]
