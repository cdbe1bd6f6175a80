"""The body's side of the sessions: each session's effects by route and dose, how often each effect
came with each route, dissociation over sessions, and every value written down. Pure: no I/O."""

from __future__ import annotations

from collections import Counter
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
    """The amount its `dose:` names, when it names one (the text is on the session)."""
    effects: tuple[str, ...]
    """Every effect named on the session or a follow-up of it, first mention first."""
    dissociation: int | None
    """The session's own `dissociation:` (a follow-up's is a later day's, listed with the vitals)."""


@dataclass(frozen=True)
class EffectRoute:
    """How often one effect came with one route: in `count` of the route's `sessions` sessions."""

    effect: str
    route: str
    count: int
    sessions: int

    @property
    def words(self) -> str:
        return f"{self.count} of {self.sessions}"


@dataclass(frozen=True)
class BodyReport:
    sessions: tuple[SessionBody, ...]
    """Sessions that say anything of the body (themselves or their follow-ups), oldest first."""
    effects: tuple[str, ...]
    """Every effect named, in the most sessions first (then by name)."""
    routes: tuple[str, ...]
    """Routes of the sessions above, in the journal's route order."""
    by_route: dict[tuple[str, str], EffectRoute]
    """(effect, route) → how often the effect came with that route."""
    measured: tuple[Entry, ...]
    """Every entry that gives a dissociation, blood pressure or heart rate, oldest first."""

    @property
    def dissociation(self) -> tuple[SessionBody, ...]:
        """The sessions that give their own dissociation."""
        return tuple(s for s in self.sessions if s.dissociation is not None)


def _measures(entry: Entry) -> bool:
    return entry.dissociation is not None or entry.blood_pressure is not None or entry.heart_rate is not None


def _says_body(entry: Entry) -> bool:
    return bool(entry.effects) or _measures(entry)


def body_report(journal: Journal) -> BodyReport:
    """What the journal says of the body, session by session."""
    sessions: list[SessionBody] = []
    for number, session in enumerate(journal.sessions, start=1):
        around = [session, *(e for e in journal.linked(session) if e.kind == "follow-up")]
        if not any(_says_body(e) for e in around):
            continue
        effects = tuple(dict.fromkeys(name for e in around for name in e.effects))
        route = journal.route_of(session)
        sessions.append(
            SessionBody(session, number, route, read_dose(session.dose), effects, session.dissociation)
        )
    order = {route: i for i, route in enumerate(journal.routes)}
    routes = tuple(
        sorted({s.route for s in sessions if s.route}, key=lambda r: (order.get(r, len(order)), r))
    )
    counts = Counter(name for s in sessions for name in s.effects)
    effects = tuple(sorted(counts, key=lambda name: (-counts[name], name)))
    by_route = {}
    for route in routes:
        with_route = [s for s in sessions if s.route == route]
        for name in effects:
            count = sum(1 for s in with_route if name in s.effects)
            by_route[(name, route)] = EffectRoute(name, route, count, len(with_route))
    measured = tuple(e for e in journal.entries if _measures(e))
    return BodyReport(tuple(sessions), effects, routes, by_route, measured)
