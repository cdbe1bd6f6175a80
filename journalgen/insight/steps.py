"""Steps: the task-list items of all entries, each step once, open or done by its latest mention."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from journalgen.model import Entry, Journal, Step
from journalgen.slugs import fold

_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def step_key(text: str) -> str:
    """What makes two mentions one step: the folded text without a closing note in brackets."""
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


def gather_steps(
    journal: Journal, steps: Mapping[str, Sequence[Step]]
) -> tuple[tuple[StepItem, ...], tuple[StepItem, ...]]:
    """(open, done) steps, newest first: open by when first written, done by when ticked."""
    mentions: dict[str, list[tuple[Entry, Step]]] = {}
    for entry in journal.entries:
        for step in steps.get(entry.source, ()):
            mentions.setdefault(step_key(step.text), []).append((entry, step))
    items = []
    for found in mentions.values():
        first, latest = found[0], found[-1]
        done_in = None
        if latest[1].done:
            at = len(found) - 1
            while at > 0 and found[at - 1][1].done:
                at -= 1
            done_in = found[at][0]
        items.append(StepItem(first[1].text, latest[1].done, first[0], latest[0], done_in, len(found)))
    open_steps = sorted((s for s in items if not s.done), key=lambda s: s.first.sort_key, reverse=True)
    done_steps = sorted(
        (s for s in items if s.done),
        key=lambda s: (s.done_in.sort_key if s.done_in else s.latest.sort_key, s.first.sort_key),
        reverse=True,
    )
    return tuple(open_steps), tuple(done_steps)
