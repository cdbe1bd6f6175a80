"""How long each session helped: each session's lift as a chart and a table, for the measures page
(every session) and for a session's own page (that session alone), and each scale's response and
remission in words (insight/lift.py, insight/outcomes.py, site/charts.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from journalgen.insight.lift import Lift, LiftPoint, lifts, session_lift, until_next
from journalgen.insight.outcomes import Outcome
from journalgen.insight.sessions import SessionArc
from journalgen.model import long_date
from journalgen.scales import Scale
from journalgen.site import charts
from journalgen.site.page import Site
from journalgen.site.views import EntryView, days, dose_label

SHOWN = 6
"""Sessions drawn in a lift chart (the latest ones); the table lists every session."""


@dataclass(frozen=True)
class Measure:
    """Mood or a scale, as a lift follows it."""

    key: str
    label: str
    higher_is_better: bool
    low: int
    high: int

    @property
    def direction(self) -> str:
        return "higher is better" if self.higher_is_better else "lower is better"


def measures_of(site: Site) -> Iterator[Measure]:
    """Mood first, then each scale of the journal."""
    yield Measure("mood", "Mood", True, 1, 10)
    for scale in site.config.scales.values():
        yield Measure(scale.key, scale.label, not scale.higher_is_worse, scale.minimum, scale.maximum)


@dataclass(frozen=True)
class Said:
    """One value of a lift and when it was written: 7, "+1 day"."""

    value: int
    when: str


@dataclass(frozen=True)
class LiftRow:
    """One session's lift on one measure, in words."""

    number: int
    session: EntryView
    label: str
    """The measure: "Mood", "PHQ-9"."""
    dose: str
    baseline: Said | None
    best: Said | None
    latest: Said | None
    back: str
    """When it came back to the baseline: "after 7 days", "still above", or why it cannot be said."""


@dataclass(frozen=True)
class LiftSection:
    """One measure's lift: a chart of the latest sessions and a row for each session with values."""

    key: str
    label: str
    direction: str
    chart: Markup | None
    rows: list[LiftRow]
    left_out: int
    """Sessions with no value of this measure around them (not in the table)."""


def _when(day: int) -> str:
    if day == 0:
        return "the session"
    if day == -1:
        return "the day before"
    return f"{days(-day)} before" if day < 0 else f"+{days(day)}"


def _said(point: LiftPoint | None) -> Said | None:
    return None if point is None else Said(point.value, _when(point.day))


def _back(lift: Lift) -> str:
    if lift.baseline is None:
        return "no intention to compare with"
    if not any(p.day > 0 for p in lift.points):
        return "no follow-up yet"
    back = lift.days_back
    return "still above" if back is None else f"after {days(back)}"


def _row(site: Site, measure: Measure, lift: Lift) -> LiftRow:
    arc = lift.arc
    return LiftRow(
        number=arc.number,
        session=site.views.entry(arc.session),
        label=measure.label,
        dose=dose_label(arc.session.dose),
        baseline=_said(lift.baseline),
        best=_said(lift.best),
        latest=_said(lift.latest),
        back=_back(lift),
    )


def _line(lift: Lift) -> tuple[str, list[tuple[int, int]]]:
    points = ([lift.baseline] if lift.baseline else []) + list(lift.points)
    return f"#{lift.arc.number}", [(p.day, p.value) for p in points]


def _chart(chart_id: str, measure: Measure, shown: Sequence[Lift], whose: str) -> Markup:
    lines = [_line(lift) for lift in shown]
    words = "; ".join(
        f"session {name}: " + ", ".join(f"{value} on {_when(day)}" for day, value in points)
        for name, points in lines
    )
    desc = (
        f"{measure.label} ({measure.direction}) by days after {whose}, from the intention before it "
        f"to the last follow-up before the next session. {words}. The table gives the same values."
    )
    title = f"{measure.label} by days after {whose}"
    return Markup(charts.lift_chart(chart_id, title, desc, lines, measure.low, measure.high))


def lift_section(site: Site, measure: Measure, found: tuple[Lift, ...]) -> LiftSection | None:
    """A measure's lift by session, or None when no session has a value of it after the session."""
    if not any(lift.points for lift in found):
        return None
    shown = [lift for lift in found if lift.points][-SHOWN:]
    whose = "each session" if len(shown) > 1 else f"session #{shown[0].arc.number}"
    with_values = [lift for lift in found if lift.has_values]
    return LiftSection(
        key=measure.key,
        label=measure.label,
        direction=measure.direction,
        chart=_chart(f"lift-{measure.key}", measure, shown, whose),
        rows=[_row(site, measure, lift) for lift in with_values],
        left_out=len(found) - len(with_values),
    )


def lift_sections(site: Site) -> list[LiftSection]:
    """Mood first, then each scale with values around its sessions."""
    found = (lift_section(site, m, lifts(site.arcs, m.key, m.higher_is_better)) for m in measures_of(site))
    return [section for section in found if section is not None]


@dataclass(frozen=True)
class SessionLift:
    """One session's lift on its own page: a row per measure with values, a chart per measure with
    at least two."""

    rows: list[LiftRow]
    charts: list[Markup]


def session_lift_view(site: Site, arc: SessionArc) -> SessionLift | None:
    """The lift of one session on every measure written around it, or None when none was."""
    until = until_next(site.journal.sessions, arc)
    rows, drawn = [], []
    for measure in measures_of(site):
        lift = session_lift(arc, measure.key, measure.higher_is_better, until)
        if not lift.has_values:
            continue
        rows.append(_row(site, measure, lift))
        if lift.points and len(lift.points) + (lift.baseline is not None) > 1:
            drawn.append(_chart(f"lift-{measure.key}", measure, [lift], f"session #{arc.number}"))
    return SessionLift(rows, drawn) if rows else None


def outcome_words(scale: Scale, outcome: Outcome | None) -> list[str]:
    """Response and remission in plain sentences (nothing when neither means anything for the scale)."""
    if outcome is None:
        return []
    said = []
    first = f"{outcome.first.value} on {long_date(outcome.first.entry.date)}"
    if outcome.counts_response:
        rule = f"Response (a fall of half or more from the first score, {first})"
        reached = outcome.response
        said.append(
            f"{rule}: not yet."
            if reached is None
            else f"{rule}: {long_date(reached.entry.date)}, at {reached.value}."
        )
    if scale.remission_below is not None and scale.higher_is_worse:
        rule = f"Remission (a score under {scale.remission_below})"
        if outcome.remission is not None:
            said.append(f"{rule}: {long_date(outcome.remission.entry.date)}, at {outcome.remission.value}.")
        elif outcome.first.value < scale.remission_below:
            said.append(f"{rule}: the first score was already under it.")
        else:
            said.append(f"{rule}: not yet.")
    return said
