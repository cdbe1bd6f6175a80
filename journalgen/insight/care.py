"""Care where it is needed: which entries the site meets with the crisis text, and which scales
have gone unscored for weeks while sessions go on. Pure: the journal and the scales in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from journalgen.model import Entry, Journal
from journalgen.scales import Scale, find_scale

LOW_MOOD = 2
"""A mood at or below this (1 or 2 of 10) asks for care."""

REMINDER_DAYS = 42
"""A scale's latest score older than this (six weeks), with sessions going on, gets a reminder."""


def needs_care(entry: Entry, scales: Mapping[str, Scale]) -> bool:
    """Whether an entry's page shows the crisis text beside its facts: a mood of 1 or 2, a score in
    its scale's most severe band, or PHQ-9 item 9 above 0."""
    if entry.mood is not None and entry.mood <= LOW_MOOD:
        return True
    for key, value in entry.scores.items():
        scale = find_scale(scales, key)
        if scale is not None and scale.asks_for_care(value):
            return True
    return False


@dataclass(frozen=True)
class StaleScale:
    """A scale whose latest score is old while sessions go on."""

    scale: Scale
    latest: Entry
    """The entry with the scale's latest score."""
    days: int
    """How many days old that score is."""
    sessions: int
    """Sessions since it."""


def stale_scales(
    journal: Journal, scales: Mapping[str, Scale], today: dt.date, days: int = REMINDER_DAYS
) -> tuple[StaleScale, ...]:
    """Each scale the journal has scored whose latest score is more than `days` old, while a
    session since it was held within the last `days` (treatment goes on); in the scales' order."""
    found = []
    for key, scale in scales.items():
        scored = [e for e in journal.entries if key in e.scores and e.date <= today]
        if not scored:
            continue
        latest = scored[-1]
        since = [s for s in journal.sessions if latest.date < s.date <= today]
        age = (today - latest.date).days
        if age > days and since and (today - since[-1].date).days <= days:
            found.append(StaleScale(scale, latest, age, len(since)))
    return tuple(found)
