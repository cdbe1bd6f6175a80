"""The pages that show how things change over time: sessions, measures, emotions.

Each builds the context of its template from `journalgen.insight` (pure) and `charts` (SVG).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from journalgen import insight
from journalgen.insight.measures import measures
from journalgen.insight.outcomes import outcomes
from journalgen.model import Term, long_date, month_name
from journalgen.scales import ITEMS
from journalgen.site import charts
from journalgen.site.arcs import arc_view
from journalgen.site.lift import lift_sections, outcome_words
from journalgen.site.page import Page, Site, page
from journalgen.site.views import EntryView, TermLink


@dataclass(frozen=True)
class SessionsSummary:
    sessions: int
    first: str | None
    last: str | None
    average_gap: int | None
    days: str
    written: int
    due: int
    expected: int


def sessions_page(site: Site) -> Page:
    arcs = [arc_view(site.views, a, site.today) for a in site.arcs]
    gaps = [a.days_since_previous for a in site.arcs if a.days_since_previous is not None]
    slots = [slot for a in site.arcs for slot in a.slots]
    summary = SessionsSummary(
        sessions=len(arcs),
        first=long_date(site.arcs[0].date) if arcs else None,
        last=long_date(site.arcs[-1].date) if arcs else None,
        average_gap=round(sum(gaps) / len(gaps)) if gaps else None,
        days=", ".join(f"+{d}" for d in site.config.follow_up_days),
        written=sum(1 for s in slots if s.state == "written"),
        due=sum(1 for s in slots if s.state == "due"),
        expected=sum(1 for s in slots if s.state != "upcoming"),
    )
    return page(
        "sessions.html", "sessions.html", uses=("emotions",), title="Sessions", arcs=arcs, summary=summary
    )  # each arc's emotions


@dataclass(frozen=True)
class ScoreRow:
    entry: EntryView
    value: int
    band: str = ""


@dataclass(frozen=True)
class ScaleSection:
    """One scale on the measures page: its chart, the words around it and every score."""

    key: str
    name: str
    label: str
    range: str
    count: int
    first: str
    latest: str
    severe: bool
    higher_is_worse: bool
    chart: Markup
    rows: list[ScoreRow]
    outcome: list[str]
    """Response and remission, in sentences."""


@dataclass(frozen=True)
class ItemSection:
    """One single question on the measures page (PHQ-9 item 9): its answers, never charted."""

    key: str
    label: str
    about: str
    answers: str
    """What the answers mean: "0 not at all, 1 several days, ..."."""
    care: bool
    """The latest answer asks for care (above 0)."""
    rows: list[ScoreRow]


def item_sections(site: Site) -> list[ItemSection]:
    """Each single question (scales.ITEMS) the journal has answers to, its answers oldest first."""
    found = []
    for key, item in ITEMS.items():
        if key in site.config.scales:
            continue  # journal.toml made it a scale of its own
        rows = [
            ScoreRow(
                site.views.entry(e),
                e.scores[key],
                band.label if (band := item.band_of(e.scores[key])) else "",
            )
            for e in site.journal.entries
            if key in e.scores
        ]
        if rows:
            answers = ", ".join(f"{b.low} {b.label}" for b in item.bands)
            care = item.asks_for_care(rows[-1].value)
            found.append(ItemSection(key, item.label, item.about, answers, care, rows))
    return found


@dataclass(frozen=True)
class MoodSection:
    count: int
    latest: str
    chart: Markup
    rows: list[ScoreRow]


def _markers(site: Site) -> list[charts.Marker]:
    return [charts.Marker(a.date, f"#{a.number}") for a in site.arcs]


def _said(point: insight.ScorePoint) -> str:
    band = f" ({point.band.label})" if point.band else ""
    return f"{point.value}{band} on {long_date(point.entry.date)}"


def measures_page(site: Site) -> Page:
    entries = site.journal.entries
    start, end = (entries[0].date, entries[-1].date) if entries else (site.today, site.today)
    sections = []
    reached = {o.scale.key: o for o in outcomes(site.journal, site.config.scales)}
    for series in measures(site.journal, site.config.scales):
        scale = series.scale
        bands = "; ".join(f"{b.low}–{b.high} {b.label}" for b in scale.bands)
        desc = (
            f"{len(series.points)} {scale.label} scores, range {scale.minimum} to {scale.maximum}. "
            f"First {_said(series.points[0])}; latest {_said(series.latest)}. "
            + (f"Bands: {bands}. " if bands else "")
            + "Vertical lines mark the sessions."
        )
        svg = charts.line_chart(
            f"chart-{scale.key}",
            f"{scale.label} over time",
            desc,
            [(p.entry.date, p.value) for p in series.points],
            scale.minimum,
            scale.maximum,
            start,
            end,
            bands=[(b.low, b.high, b.label) for b in scale.bands],
            markers=_markers(site),
            severe_high=scale.higher_is_worse,
        )
        sections.append(
            ScaleSection(
                key=scale.key,
                name=scale.label + (f" ({scale.about})" if scale.about else ""),
                label=scale.label,
                range=f"{scale.minimum}–{scale.maximum}",
                count=len(series.points),
                first=_said(series.points[0]),
                latest=_said(series.latest),
                severe=series.latest_is_most_severe,
                higher_is_worse=scale.higher_is_worse,
                chart=Markup(svg),
                rows=[
                    ScoreRow(site.views.entry(p.entry), p.value, p.band.label if p.band else "")
                    for p in series.points
                ],
                outcome=outcome_words(scale, reached.get(scale.key)),
            )
        )
    moods = insight.mood_points(site.journal)
    mood = None
    if moods:
        desc = (
            f"Mood from 1 to 10 in {len(moods)} entries; first {moods[0][1]} on "
            f"{long_date(moods[0][0].date)}, latest {moods[-1][1]} on {long_date(moods[-1][0].date)}. "
            "Vertical lines mark the sessions."
        )
        chart = charts.line_chart(
            "chart-mood", "Mood over time", desc, [(e.date, m) for e, m in moods], 1, 10, start, end,
            markers=_markers(site),
        )  # fmt: skip
        mood = MoodSection(
            count=len(moods),
            latest=f"{moods[-1][1]} on {long_date(moods[-1][0].date)}",
            chart=Markup(chart),
            rows=[ScoreRow(site.views.entry(e), m) for e, m in moods],
        )
    return page(
        "measures.html",
        "measures.html",
        facets=(
            "mood",
            "scores",
            "dose",
        ),  # every mood and score, charted; each session's dose, with its lift
        title="Measures",
        sections=sections,
        items=item_sections(site),
        mood=mood,
        lifts=lift_sections(site),
        scales=list(site.config.scales.values()),
    )


@dataclass(frozen=True)
class MonthView:
    label: str
    entries: int
    named: list[tuple[TermLink, int]]


def emotions_page(site: Site, items: list[tuple[TermLink, int]]) -> Page:
    data = site.emotion_months
    shown_months = data.months[-12:]
    offset = len(data.months) - len(shown_months)
    top = [name for name, _ in data.totals[:10]]
    chart = None
    if top:
        columns = [month_name(m)[:3] for _, m in shown_months]
        rows = [(name, data.counts[name][offset:]) for name in top]
        first, last = shown_months[0], shown_months[-1]
        desc = (
            f"The {len(top)} emotions named most, by month from {month_name(first[1])} {first[0]} "
            f"to {month_name(last[1])} {last[0]}; a bigger dot means more entries named it. "
            "The table below gives the numbers."
        )
        chart = Markup(charts.dot_matrix("chart-emotions", "Emotions named per month", desc, columns, rows))
    months = [
        MonthView(
            f"{month_name(m)} {y}",
            data.entries[i],
            [(site.views.link("emotions", n), c) for n, c in data.named_in(i)],
        )
        for i, (y, m) in reversed(list(enumerate(data.months)))
    ]
    split = insight.emotions_around_sessions(site.journal)

    def share(counts: insight.Counts, total: int) -> list[tuple[TermLink, int, int]]:
        return [(site.views.link("emotions", n), c, round(100 * c / total)) for n, c in counts[:8]]

    return page(
        "emotions.html",
        "emotions/index.html",
        facets=("emotions",),  # every emotion named, by month
        title="Emotions",
        folder="emotions",
        items=items,
        chart=chart,
        months=months,
        around=share(split.around, split.around_entries),
        around_entries=split.around_entries,
        between=share(split.between, split.between_entries),
        between_entries=split.between_entries,
    )


@dataclass(frozen=True)
class StripView:
    chart: Markup
    named: list[tuple[str, int]]


def emotion_strip(site: Site, term: Term) -> StripView | None:
    """When the entries named an emotion, month by month; None when only notes name it (no month)."""
    data = site.emotion_months
    counts = data.counts.get(term.name, ())
    if not counts:
        return None
    months = data.months[-24:]
    shown = counts[len(counts) - len(months) :]
    labels = [month_name(m)[:1] if len(months) > 12 else month_name(m)[:3] for _, m in months]
    named = [(f"{month_name(m)} {y}", c) for (y, m), c in zip(data.months, counts, strict=True) if c]
    desc = "Entries naming it per month: " + "; ".join(f"{label}: {c}" for label, c in named) + "."
    first, last = months[0], months[-1]
    title = f"When {term.label} appears, {month_name(first[1])} {first[0]} to {month_name(last[1])} {last[0]}"
    return StripView(Markup(charts.strip("chart-months", title, desc, labels, shown)), named)
