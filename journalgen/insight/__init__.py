"""What the journal shows over time: session arcs, follow-up rhythm, steps, emotions, measures,
calendar and "on this day". Pure functions of the model: no I/O, no clock (today is an argument).
"""

from __future__ import annotations

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
from journalgen.insight.measures import MeasureSeries, ScorePoint, measures, mood_points
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
    "measures",
    "months_between",
    "mood_points",
    "on_this_day",
    "ranked",
    "recent_arcs",
    "session_arc",
    "session_arcs",
    "step_key",
]
