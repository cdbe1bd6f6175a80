"""The body's side of the sessions: each session's effects by route and dose, how often each effect
came with each route, dissociation over sessions, and the vitals written down. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from journalgen.insight.dose import Dose, read_dose
from journalgen.model import Entry, Journal


@dataclass(frozen=True)
class SessionBody:
    """One session and what its entries (the session and its follow-ups) say of the body."""

    session: Entry
    number: int
    route: str | None
    dose: Dose | None
    effects: tuple[str, ...]
    """Every effect named on the session or a follow-up of it, first mention first."""
    dissociation: int | None
    """The session's own value, else the highest a follow-up of it gives."""


@dataclass(frozen=True)
class EffectRoute:
    """How often one effect came with one route: in `count` of the route's `sessions` sessions."""

    effect: str
    route: str
    count: int
    sessions: int


@dataclass(frozen=True)
class Vitals:
    entry: Entry
    session: Entry | None
    blood_pressure: tuple[int, int] | None
    heart_rate: int | None


@dataclass(frozen=True)
class BodyReport:
    sessions: tuple[SessionBody, ...]
    """Sessions that say anything of the body, oldest first."""
    effects: tuple[str, ...]
    """Every effect named, most often first (then by name)."""
    routes: tuple[str, ...]
    """Routes of the sessions above, in the journal's route order."""
    by_route: tuple[EffectRoute, ...]
    vitals: tuple[Vitals, ...]

    @property
    def dissociation(self) -> tuple[SessionBody, ...]:
        return tuple(s for s in self.sessions if s.dissociation is not None)

    def share(self, effect: str, route: str) -> EffectRoute | None:
        return next((c for c in self.by_route if c.effect == effect and c.route == route), None)


def _says_body(entry: Entry) -> bool:
    return bool(entry.effects) or entry.dissociation is not None


def body_report(journal: Journal) -> BodyReport:
    """What the journal says of the body, session by session."""
    sessions: list[SessionBody] = []
    for number, session in enumerate(journal.sessions, start=1):
        around = [session, *(e for e in journal.linked(session) if e.kind == "follow-up")]
        if not any(_says_body(e) for e in around):
            continue
        effects = tuple(dict.fromkeys(name for e in around for name in e.effects))
        later = [e.dissociation for e in around[1:] if e.dissociation is not None]
        dissociation = session.dissociation if session.dissociation is not None else max(later, default=None)
        sessions.append(
            SessionBody(session, number, session.route, read_dose(session.dose), effects, dissociation)
        )
    order = {route: i for i, route in enumerate(journal.routes)}
    routes = tuple(sorted({s.route for s in sessions if s.route}, key=lambda r: (order.get(r, len(order)), r)))
    counts: dict[str, int] = {}
    for s in sessions:
        for name in s.effects:
            counts[name] = counts.get(name, 0) + 1
    effects = tuple(sorted(counts, key=lambda name: (-counts[name], name)))
    by_route = []
    for route in routes:
        with_route = [s for s in sessions if s.route == route]
        for name in effects:
            count = sum(1 for s in with_route if name in s.effects)
            by_route.append(EffectRoute(name, route, count, len(with_route)))
    vitals = tuple(
        Vitals(e, journal.session_of(e), e.blood_pressure, e.heart_rate)
        for e in journal.entries
        if e.blood_pressure is not None or e.heart_rate is not None
    )
    return BodyReport(tuple(sessions), effects, routes, tuple(by_route), vitals)
