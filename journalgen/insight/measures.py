"""Questionnaire scores and mood over time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from journalgen.model import Entry, Journal
from journalgen.scales import Band, Scale


@dataclass(frozen=True)
class ScorePoint:
    entry: Entry
    value: int
    band: Band | None


@dataclass(frozen=True)
class MeasureSeries:
    """One scale's scores over time, oldest first."""

    scale: Scale
    points: tuple[ScorePoint, ...]

    @property
    def latest(self) -> ScorePoint:
        return self.points[-1]

    @property
    def latest_is_most_severe(self) -> bool:
        severe = self.scale.most_severe
        return severe is not None and self.latest.band == severe


def measures(journal: Journal, scales: Mapping[str, Scale]) -> tuple[MeasureSeries, ...]:
    """Each scale that has scores, in the configured order, with its points in date order."""
    series = []
    for key, scale in scales.items():
        points = tuple(
            ScorePoint(e, e.scores[key], scale.band_of(e.scores[key]))
            for e in journal.entries
            if key in e.scores
        )
        if points:
            series.append(MeasureSeries(scale, points))
    return tuple(series)


def mood_points(journal: Journal) -> tuple[tuple[Entry, int], ...]:
    """Every entry's mood (1-10), in date order."""
    return tuple((e, e.mood) for e in journal.entries if e.mood is not None)
