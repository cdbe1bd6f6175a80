"""Views of session arcs for templates: a session with what came before and after it, and its
follow-ups, written, due or missed (insight.sessions works them out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journalgen.model import long_date
from journalgen.site.views import EntryView, TermLink, Views, days

if TYPE_CHECKING:  # (not imported by a rebuild that shows no session's arc: most of them)
    from journalgen.insight import DueFollowUp, SessionArc


@dataclass(frozen=True)
class SlotView:
    """One expected follow-up of a session."""

    label: str
    """"+3 days"."""
    state: str
    """written | due | upcoming | missed."""
    due: str
    due_iso: str
    due_today: bool
    closes: str
    written: tuple[EntryView, ...]


@dataclass(frozen=True)
class ArcView:
    """A session's arc: before → session → after, and its follow-up rhythm."""

    number: int
    entry: EntryView
    gap: str | None
    """"14 days after session #2", or None for the first session."""
    before: tuple[EntryView, ...]
    after: tuple[EntryView, ...]
    others: tuple[EntryView, ...]
    """Entries after the session that fall in no follow-up window."""
    slots: tuple[SlotView, ...]
    written: int
    emotions: tuple[tuple[TermLink, int], ...]
    command: str


@dataclass(frozen=True)
class DueView:
    """A follow-up that could be written today, with the line that starts it."""

    session: EntryView
    number: int
    label: str
    when: str
    command: str


def arc_view(views: Views, arc: SessionArc, today: dt.date) -> ArcView:
    """A session's arc as its page and the progress page show it."""
    view = views.entry
    previous = arc.days_since_previous
    return ArcView(
        number=arc.number,
        entry=view(arc.session),
        gap=None if previous is None else f"{days(previous)} after session #{arc.number - 1}",
        before=tuple(view(e) for e in arc.before),
        after=tuple(view(e) for e in arc.after),
        others=tuple(view(e) for e in arc.after if not any(e in slot.written for slot in arc.slots)),
        slots=tuple(
            SlotView(
                label=f"+{days(slot.day)}",
                state=slot.state,
                due=long_date(slot.due),
                due_iso=slot.due.isoformat(),
                due_today=slot.due == today,
                closes=long_date(slot.last),
                written=tuple(view(e) for e in slot.written),
            )
            for slot in arc.slots
        ),
        written=arc.written_slots,
        emotions=tuple((views.link("emotions", name), count) for name, count in arc.emotions),
        command=f"journalgen new follow-up --session {arc.session.date.isoformat()}",
    )


def due_view(views: Views, due: DueFollowUp) -> DueView:
    """A follow-up that could be written today, as the home page shows it."""
    late = due.days_late
    return DueView(
        session=views.entry(due.arc.session),
        number=due.arc.number,
        label=f"+{days(due.slot.day)}",
        when="due today" if late == 0 else f"due since {long_date(due.slot.due)} ({days(late)} ago)",
        command=due.command,
    )
