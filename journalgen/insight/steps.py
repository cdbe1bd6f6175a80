"""Steps: the task-list items of all entries, each step once, open or done by its latest mention."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from journalgen.model import Entry, Journal, Step
from journalgen.slugs import fold

_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def step_key(text: str) -> str:
    """What makes two mentions one step: the folded text without a closing note in brackets."""
    if not text.rstrip().endswith(")"):  # no closing note (`\s` is what rstrip strips)
        return fold(text)
    return fold(_NOTE.sub("", text)) or fold(text)


@dataclass(frozen=True)
class StepItem:
    """One step across the entries that mention it; its latest mention says open or done."""

    text: str
    """As first written."""
    done: bool
    first: Entry
    """The entry the step came from."""
    latest: Entry
    done_in: Entry | None
    """The entry where it was ticked (and stayed ticked), when done."""
    mentions: int

    @property
    def year(self) -> int:
        """The year it belongs to: when it was ticked, or (open) when it was first written."""
        decided = self.done_in or self.first
        return decided.date.year if decided.date else 0


Found = list[tuple[Entry, Step]]
"""A step's mentions: each entry that mentions it, and how, in the journal's order."""
Mentions = dict[str, Found]
"""Each step (by step_key) and its mentions."""


def mentions(journal: Journal, steps: Mapping[str, Sequence[Step]]) -> Mentions:
    found: Mentions = {}
    for entry in journal.entries:
        for step in steps.get(entry.source, ()):
            found.setdefault(step_key(step.text), []).append((entry, step))
    return found


def gather_steps(
    journal: Journal, steps: Mapping[str, Sequence[Step]]
) -> tuple[tuple[StepItem, ...], tuple[StepItem, ...]]:
    """(open, done) steps, newest first: open by when first written, done by when ticked (the
    steps pages make them a year at a time: site/steps.py)."""
    return in_order(step_item(found) for found in mentions(journal, steps).values())


def step_item(found: Sequence[tuple[Entry, Step]]) -> StepItem:
    """One step from its mentions, in the journal's order."""
    first, latest = found[0], found[-1]
    at = _ticked_at(found)
    done_in = found[at][0] if at is not None else None
    return StepItem(first[1].text, latest[1].done, first[0], latest[0], done_in, len(found))


def step_year(found: Sequence[tuple[Entry, Step]]) -> int:
    """StepItem.year of the step with these mentions, without making it."""
    at = _ticked_at(found)
    decided = found[at if at is not None else 0][0]
    return decided.date.year if decided.date else 0


def _ticked_at(found: Sequence[tuple[Entry, Step]]) -> int | None:
    """Where a step was ticked and stayed ticked (None: open in its latest mention)."""
    if not found[-1][1].done:
        return None
    at = len(found) - 1
    while at > 0 and found[at - 1][1].done:
        at -= 1
    return at


def in_order(items: Iterable[StepItem]) -> tuple[tuple[StepItem, ...], tuple[StepItem, ...]]:
    """(open, done) steps, newest first: open by when first written, done by when ticked."""
    listed = list(items)
    open_steps = sorted((s for s in listed if not s.done), key=lambda s: s.first.sort_key, reverse=True)
    done_steps = sorted(
        (s for s in listed if s.done),
        key=lambda s: (s.done_in.sort_key if s.done_in else s.latest.sort_key, s.first.sort_key),
        reverse=True,
    )
    return tuple(open_steps), tuple(done_steps)


def mention_years(mentioned: Mentions, texts: Iterable[str]) -> set[int]:
    """The years of the entries that mention any of these steps (as step_key matches them): the
    years a change of their mentions can move them from or to (StepItem.year is one of them)."""
    return {
        entry.date.year
        for key in {step_key(text) for text in texts}
        for entry, _ in mentioned.get(key, ())
        if entry.date
    }
