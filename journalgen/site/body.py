"""The Body page: each session's effects by route and dose, how often each effect came with each
route, dissociation over the sessions as a chart, and every value written down, as tables."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from journalgen.insight.body import BodyReport, body_report
from journalgen.model import long_date
from journalgen.site import charts
from journalgen.site.page import Page, Site, page
from journalgen.site.views import EntryView, dose_label


@dataclass(frozen=True)
class SessionRow:
    number: int
    session: EntryView
    route: str
    dose: str
    effects: tuple[str, ...]
    dissociation: str


@dataclass(frozen=True)
class EffectRow:
    """One effect, and in how many sessions of each route it came: "2 of 3"."""

    effect: str
    cells: tuple[str, ...]


def _route(site: Site, route: str | None) -> str:
    return site.config.routes.get(route, route) if route else "—"


def _chart(report: BodyReport) -> Markup | None:
    points = report.dissociation
    if not points:
        return None
    words = "; ".join(f"session #{s.number}: {s.dissociation}" for s in points)
    first, last = points[0].session.date, points[-1].session.date
    desc = (
        f"Dissociation from 0 (none) to 10, in {len(points)} session{'s' if len(points) != 1 else ''} "
        f"from {long_date(first)} to {long_date(last)}: {words}. The table of sessions gives the same."
    )
    svg = charts.line_chart(
        "chart-dissociation",
        "Dissociation, session by session",
        desc,
        [(s.session.date, s.dissociation or 0) for s in points],
        0,
        10,
        first,
        last,
        markers=[charts.Marker(s.session.date, f"#{s.number}") for s in points],
    )
    return Markup(svg)


def body_page(site: Site) -> Page:
    report = body_report(site.journal)
    view = site.views.entry
    sessions = [
        SessionRow(
            number=s.number,
            session=view(s.session),
            route=_route(site, s.route),
            dose=dose_label(s.session.dose),
            effects=s.effects,
            dissociation="—" if s.dissociation is None else f"{s.dissociation} of 10",
        )
        for s in report.sessions
    ]
    effects = [
        EffectRow(name, tuple(report.by_route[(name, route)].words for route in report.routes))
        for name in report.effects
    ]
    return page(
        "body.html",
        "body.html",
        facets=("body", "dose", "route"),  # every session's effects, by route and dose
        title="Body",
        sessions=sessions,
        routes=[_route(site, r) for r in report.routes],
        effects=effects,
        chart=_chart(report),
        measured=[view(e) for e in report.measured],
    )
