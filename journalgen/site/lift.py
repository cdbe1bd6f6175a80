"""How long each session helped, for the measures page: each session's lift as a chart and a
table (site/charts.py, insight/lift.py), and each scale's response and remission in words."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from journalgen.insight.dose import read_dose
from journalgen.insight.lift import Lift, LiftPoint, mood_lifts, scale_lifts
from journalgen.insight.outcomes import Outcome
from journalgen.model import long_date
from journalgen.scales import Scale
from journalgen.site import charts
from journalgen.site.page import Site
from journalgen.site.views import EntryView, days

SHOWN = 6
"""Sessions drawn in a lift chart (the latest ones); the table lists every session."""


@dataclass(frozen=True)
class LiftRow:
    """One session's lift in words."""

    number: int
    session: EntryView
    dose: str
    baseline: str
    best: str
    latest: str
    back: str
    """When it came back to the baseline: "+7 days", "still above", or why it cannot be said."""


@dataclass(frozen=True)
class LiftSection:
    key: str
    label: str
    direction: str
    """"higher is better" or "lower is better"."""
    chart: Markup | None
    rows: list[LiftRow]


def _said(point: LiftPoint | None) -> str:
    if point is None:
        return "—"
    when = "the day before" if point.day == -1 else "the session" if point.day == 0 else f"+{days(point.day)}"
    return f"{point.value} ({when})"


def _back(lift: Lift) -> str:
    if lift.baseline is None:
        return "no baseline (no intention gave one)"
    if not any(p.day > 0 for p in lift.points):
        return "no follow-up with it yet"
    back = lift.back_to_baseline
    return "still above" if back is None else f"after +{days(back.day)}"


def lift_section(
    site: Site, key: str, label: str, lifts: tuple[Lift, ...], low: int, high: int
) -> LiftSection | None:
    """A measure's lift by session, or None when no session has a value of it after the session."""
    if not any(lift.points for lift in lifts):
        return None
    rows = [
        LiftRow(
            number=lift.arc.number,
            session=site.views.entry(lift.arc.session),
            dose=str(dose) if (dose := read_dose(lift.arc.session.dose)) else (lift.arc.session.dose or "—"),
            baseline=_said(lift.baseline),
            best=_said(lift.best),
            latest=_said(lift.latest),
            back=_back(lift),
        )
        for lift in lifts
    ]
    shown = [lift for lift in lifts if lift.points][-SHOWN:]
    lines = [
        (
            f"#{lift.arc.number}",
            [(p.day, p.value) for p in ([lift.baseline] if lift.baseline else []) + list(lift.points)],
        )
        for lift in shown
    ]
    last_day = max(day for _, points in lines for day, _ in points)
    words = "; ".join(
        f"session {name}: " + ", ".join(f"{v} at {d:+d}" for d, v in points) for name, points in lines
    )
    chart = charts.lift_chart(
        f"lift-{key}",
        f"{label} by days after each session",
        f"{label} by days after each of the last {len(lines)} sessions, the day before (the intention) "
        f"counted as -1. {words}. The table below gives every session.",
        lines,
        low,
        high,
        max(last_day, 1),
    )
    direction = "higher is better" if lifts[0].higher_is_better else "lower is better"
    return LiftSection(key, label, direction, Markup(chart), rows)


def lift_sections(site: Site) -> list[LiftSection]:
    """Mood first, then each scale with values around its sessions."""
    arcs = site.arcs
    found = [lift_section(site, "mood", "Mood", mood_lifts(arcs), 1, 10)]
    for scale in site.config.scales.values():
        found.append(
            lift_section(site, scale.key, scale.label, scale_lifts(arcs, scale), scale.minimum, scale.maximum)
        )
    return [section for section in found if section is not None]


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
