"""Care where it is needed: which entries the site meets with the crisis text. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from journalgen.model import Entry
from journalgen.scales import Scale, find_scale

LOW_MOOD = 2
"""A mood at or below this (1 or 2 of 10) asks for care."""


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
