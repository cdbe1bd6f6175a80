"""The Steps pages: the task-list items of all entries, each step once, open or done, a year to a
page.

A step belongs to the year it was ticked in, or, while it is open, the year it was first written
in (insight.steps). The latest year is `steps.html`, each year before it `steps/<year>.html`, as
the threads do: at ten years of entries one page of every step was 8 MB, and editing an entry's
steps rewrote it whole; now it rewrites the pages of the years that mention the steps it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from journalgen.insight.steps import (
    Found,
    Mentions,
    StepItem,
    in_order,
    mention_years,
    mentions,
    step_item,
    step_year,
)
from journalgen.model import Journal
from journalgen.site.page import Body, Page, Site, page
from journalgen.site.views import EntryView

PATH = "steps.html"
FOLDER = "steps"
"""Where the years before the latest go: `steps/2024.html`."""


@dataclass(frozen=True)
class StepView:
    text: str
    first: EntryView
    latest: EntryView
    done_in: EntryView | None
    mentions: int


@dataclass(frozen=True)
class YearLink:
    """A year of steps, as a link to its page."""

    year: int
    url: str


@dataclass(frozen=True)
class Gathered:
    """Every step of the journal (its mentions), the steps of each year, and each year's page."""

    by_year: dict[int, list[Found]]
    """The mentions of each step of a year (StepItem.year), years in order."""
    urls: dict[int, str]
    mentioned: Mentions

    @property
    def paths(self) -> list[str]:
        """Every page of the steps (the latest year's at `steps.html`, even with no step)."""
        return list(self.urls.values()) or [PATH]

    def year(self, year: int) -> tuple[tuple[StepItem, ...], tuple[StepItem, ...]]:
        """A year's steps, (open, done), in the order of insight.steps.gather_steps: made only for
        the years whose page is made (an edit of a step makes one or two)."""
        return in_order(step_item(found) for found in self.by_year[year])


def gathered(journal: Journal, bodies: Mapping[str, Body]) -> Gathered:
    steps = {source: body.steps for source, body in bodies.items()}
    mentioned = mentions(journal, steps)
    by_year: dict[int, list[Found]] = {}
    for found in mentioned.values():
        by_year.setdefault(step_year(found), []).append(found)
    by_year = dict(sorted(by_year.items()))
    latest = max(by_year, default=None)
    urls = {year: PATH if year == latest else f"{FOLDER}/{year}.html" for year in by_year}
    return Gathered(by_year, urls, mentioned)


def touched_years(found: Gathered, texts: Collection[str]) -> set[int]:
    """The years whose page can change when these steps (their texts, as written before an edit
    and after it) are written, ticked or taken out of an entry."""
    return mention_years(found.mentioned, texts)


def steps_pages(site: Site, found: Gathered, wanted: Callable[[str], bool] | None = None) -> list[Page]:
    """The pages of the steps (the `wanted` ones, by path), each year newest step first."""

    def item(step: StepItem) -> StepView:
        done_in = site.views.entry(step.done_in) if step.done_in else None
        return StepView(
            step.text, site.views.entry(step.first), site.views.entry(step.latest), done_in, step.mentions
        )

    links = [YearLink(year, url) for year, url in found.urls.items()]
    if not found.by_year:
        return [_page(PATH, None, [], [], [])] if wanted is None or wanted(PATH) else []
    pages = []
    for year, path in found.urls.items():
        if wanted is None or wanted(path):
            open_steps, done_steps = found.year(year)
            shown = [item(s) for s in open_steps], [item(s) for s in done_steps]
            pages.append(_page(path, year, links if len(links) > 1 else [], *shown))
    return pages


def _page(
    path: str, year: int | None, years: list[YearLink], open_steps: list[StepView], done_steps: list[StepView]
) -> Page:
    earlier = path != PATH
    return page(
        "steps.html",
        path,
        title=f"Steps of {year}" if earlier else "Steps",
        earlier=earlier,
        year=year,
        years=years,
        open_steps=open_steps,
        done_steps=done_steps,
    )
