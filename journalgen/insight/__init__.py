"""What the journal shows over time: session arcs, follow-up rhythm, steps, emotions, measures,
calendar and "on this day". Pure functions of the model: no I/O, no clock (today is an argument).

The names below are each module's, made available here when first used: importing a module of
this package (insight.care, for every entry page) does not import them all, so a rebuild that
shows no session's arc, calendar or measures does not pay for them. `measures()` is not among
them: `journalgen.insight.measures` is its module's name (import it from there).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journalgen.insight.days import CalendarDay, Recalled, calendar, on_this_day
    from journalgen.insight.emotions import (
        AroundSessions,
        Counts,
        EmotionMonths,
        Month,
        emotions_around_sessions,
        emotions_by_month,
        months_between,
        ranked,
    )
    from journalgen.insight.measures import MeasureSeries, ScorePoint, mood_points
    from journalgen.insight.sessions import (
        DueFollowUp,
        FollowUpSlot,
        SessionArc,
        due_follow_ups,
        follow_up_windows,
        recent_arcs,
        session_arc,
        session_arcs,
    )
    from journalgen.insight.steps import StepItem, gather_steps, step_key

_MODULES = {
    "CalendarDay": "days",
    "Recalled": "days",
    "calendar": "days",
    "on_this_day": "days",
    "AroundSessions": "emotions",
    "Counts": "emotions",
    "EmotionMonths": "emotions",
    "Month": "emotions",
    "emotions_around_sessions": "emotions",
    "emotions_by_month": "emotions",
    "months_between": "emotions",
    "ranked": "emotions",
    "MeasureSeries": "measures",
    "ScorePoint": "measures",
    "mood_points": "measures",
    "DueFollowUp": "sessions",
    "FollowUpSlot": "sessions",
    "SessionArc": "sessions",
    "due_follow_ups": "sessions",
    "follow_up_windows": "sessions",
    "recent_arcs": "sessions",
    "session_arc": "sessions",
    "session_arcs": "sessions",
    "StepItem": "steps",
    "gather_steps": "steps",
    "step_key": "steps",
}
"""Each name this package gives, and the module of the package it comes from."""

__all__ = [
    "AroundSessions",
    "CalendarDay",
    "Counts",
    "DueFollowUp",
    "EmotionMonths",
    "FollowUpSlot",
    "MeasureSeries",
    "Month",
    "Recalled",
    "ScorePoint",
    "SessionArc",
    "StepItem",
    "calendar",
    "due_follow_ups",
    "emotions_around_sessions",
    "emotions_by_month",
    "follow_up_windows",
    "gather_steps",
    "months_between",
    "mood_points",
    "on_this_day",
    "ranked",
    "recent_arcs",
    "session_arc",
    "session_arcs",
    "step_key",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found here from now on
    return value
