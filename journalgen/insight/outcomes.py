"""Response and remission, as clinics define them: for PHQ-9 and GAD-7, a response is a fall of
50 % or more from the first score, a remission a score under 5. A scale of the journal's own says
`remission_below` in journal.toml; a response is counted only where a higher score is worse."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from journalgen.insight.measures import ScorePoint, measures
from journalgen.model import Journal
from journalgen.scales import Scale

RESPONSE_FALL = 0.5
"""A response: the score fell by at least this share of the first score."""


@dataclass(frozen=True)
class Outcome:
    """When a scale first showed a response and a remission, if it has."""

    scale: Scale
    first: ScorePoint
    latest: ScorePoint
    response: ScorePoint | None
    """The first score at least 50 % below the first one (for scales where higher is worse)."""
    remission: ScorePoint | None
    """The first score under the scale's remission_below, after a first score at or above it."""

    @property
    def counts_response(self) -> bool:
        """Whether a response means anything here: higher is worse and the first score is above 0."""
        return self.scale.higher_is_worse and self.first.value > self.scale.minimum


def outcome(scale: Scale, points: tuple[ScorePoint, ...]) -> Outcome:
    first = points[0]
    response = None
    if scale.higher_is_worse and first.value > scale.minimum:
        limit = first.value - RESPONSE_FALL * (first.value - scale.minimum)
        response = next((p for p in points[1:] if p.value <= limit), None)
    remission = None
    below = scale.remission_below
    if below is not None and scale.higher_is_worse and first.value >= below:
        remission = next((p for p in points[1:] if p.value < below), None)
    return Outcome(scale, first, points[-1], response, remission)


def outcomes(journal: Journal, scales: Mapping[str, Scale]) -> tuple[Outcome, ...]:
    """Each scale with scores, in the configured order, with its response and remission."""
    return tuple(outcome(series.scale, series.points) for series in measures(journal, scales))
