"""Each session's lift: mood (or a scale) by days after the session, from its intention (the
baseline) through its follow-ups to the next session, and how long it stayed above the baseline.

Pure: the journal and the arcs in, figures out. Mood is better when higher; a scale is better when
lower unless it says `higher_is_worse = false`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from journalgen.insight.sessions import SessionArc
from journalgen.model import Entry
from journalgen.scales import Scale


@dataclass(frozen=True)
class LiftPoint:
    """One value of a session's arc: the entry, how many days after the session, the value."""

    entry: Entry
    day: int
    value: int


@dataclass(frozen=True)
class Lift:
    """One session's lift on one measure (mood, or a scale by its key)."""

    arc: SessionArc
    measure: str
    higher_is_better: bool
    baseline: LiftPoint | None
    """The intention's value (the day before), or None when no intention gave one."""
    points: tuple[LiftPoint, ...]
    """The session's own value and its follow-ups', up to the next session, in date order."""

    @property
    def best(self) -> LiftPoint | None:
        if not self.points:
            return None
        sign = 1 if self.higher_is_better else -1
        return max(self.points, key=lambda p: (sign * p.value, -p.day))  # the best, and the first such

    @property
    def latest(self) -> LiftPoint | None:
        return self.points[-1] if self.points else None

    def better(self, value: int, than: int) -> bool:
        return value > than if self.higher_is_better else value < than

    @property
    def back_to_baseline(self) -> LiftPoint | None:
        """The first point after the session that is no better than the baseline."""
        if self.baseline is None:
            return None
        later = (p for p in self.points if p.day > 0)
        return next((p for p in later if not self.better(p.value, self.baseline.value)), None)

    @property
    def days_back(self) -> int | None:
        """Days after the session until a value was no better than the baseline, if one was."""
        back = self.back_to_baseline
        return back.day if back is not None else None

    @property
    def has_values(self) -> bool:
        """Whether anything of this measure was written around the session."""
        return self.baseline is not None or bool(self.points)

    @property
    def still_above(self) -> bool:
        """Every value after the session so far is better than the baseline."""
        return (
            self.baseline is not None
            and any(p.day > 0 for p in self.points)
            and self.back_to_baseline is None
        )


def _value_of(measure: str) -> Callable[[Entry], int | None]:
    if measure == "mood":
        return lambda entry: entry.mood
    return lambda entry: entry.scores.get(measure)


def session_lift(arc: SessionArc, measure: str, higher_is_better: bool, until: dt.date | None = None) -> Lift:
    """The lift of one session on one measure; `until`: the next session's date (not included)."""
    value = _value_of(measure)
    session = arc.session
    baseline = None
    for entry in arc.before:
        found = value(entry)
        if entry.kind == "intention" and found is not None:
            baseline = LiftPoint(entry, (entry.date - session.date).days, found)  # the latest one
    points = []
    for entry in (session, *arc.after):
        found = value(entry)
        if found is None or entry.kind == "intention" or (until is not None and entry.date >= until):
            continue
        points.append(LiftPoint(entry, (entry.date - session.date).days, found))
    return Lift(arc, measure, higher_is_better, baseline, tuple(points))


def until_next(sessions: Sequence[SessionArc] | Sequence[Entry], arc: SessionArc) -> dt.date | None:
    """The date of the session after this one (where its lift ends), or None for the latest;
    `sessions`: every session's arc, or every session."""
    return sessions[arc.number].date if arc.number < len(sessions) else None


def lifts(arcs: Sequence[SessionArc], measure: str, higher_is_better: bool) -> tuple[Lift, ...]:
    """Every session's lift on one measure, each up to the next session."""
    return tuple(session_lift(arc, measure, higher_is_better, until_next(arcs, arc)) for arc in arcs)


def mood_lifts(arcs: Sequence[SessionArc]) -> tuple[Lift, ...]:
    return lifts(arcs, "mood", higher_is_better=True)


def scale_lifts(arcs: Sequence[SessionArc], scale: Scale) -> tuple[Lift, ...]:
    return lifts(arcs, scale.key, higher_is_better=not scale.higher_is_worse)
