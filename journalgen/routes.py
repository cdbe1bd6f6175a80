"""Routes: how the medicine was given. The built-in four with the names people call them by,
routes and names of the journal's own (`[routes]` in journal.toml), and finding a route by any
of its names."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

BUILTIN_ROUTES: dict[str, str] = {
    "iv": "IV infusion",
    "nasal": "Nasal spray",
    "im": "IM injection",
    "oral": "Oral lozenge",
}
"""Each built-in route's name, as entries write it, and the label pages show."""

BUILTIN_NAMES: dict[str, tuple[str, ...]] = {
    "iv": ("intravenous", "infusion", "ketamine infusion"),
    "nasal": ("spravato", "esketamine", "esketamine spray", "intranasal"),
    "im": ("intramuscular", "injection", "shot"),
    "oral": ("lozenge", "troche", "sublingual", "RDT"),
}
"""The other names people and clinics use for each built-in route (its label is one too)."""

PREFIXES = ("ketamine",)
"""Words a route may be written after and still be found: "ketamine IV" is `iv`."""

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def fold_route(name: str) -> str:
    """The one spelling of a route's name: any case, without spaces, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


@dataclass(frozen=True, eq=False)
class Routes(Mapping[str, str]):
    """The journal's routes: each name, as entries write it, with its label (a Mapping), and the
    other names each is known by."""

    labels: tuple[tuple[str, str], ...]
    """(name, label) for each route, the built-in ones first."""
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(name, other names) for each route that has any."""

    @functools.cached_property
    def _labels(self) -> dict[str, str]:
        return dict(self.labels)

    @functools.cached_property
    def _lookup(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, label in self.labels:
            found.setdefault(fold_route(label), key)
        for key, others in self.names:
            for other in others:
                found.setdefault(fold_route(other), key)
        found.update((fold_route(key), key) for key, _ in self.labels)  # a name always wins
        return found

    def __getitem__(self, key: str) -> str:
        return self._labels[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self.labels)

    def find(self, written: str) -> str | None:
        """The route a name stands for, in any case and spacing ("IV infusion", "ketamine iv")."""
        folded = fold_route(written)
        found = self._lookup.get(folded)
        for prefix in PREFIXES if found is None else ():
            if folded.startswith(prefix) and len(folded) > len(prefix):
                found = self._lookup.get(folded[len(prefix) :])
        return found

    def accepted(self) -> str:
        """Every route with the other names it is known by, for messages:
        `iv (IV infusion, intravenous, ...), nasal (...)`."""
        others = dict(self.names)
        said = []
        for key, label in self.labels:
            names = [label, *others.get(key, ())]
            seen = {fold_route(key)}
            shown = [n for n in names if not (fold_route(n) in seen or seen.add(fold_route(n)))]
            said.append(f"{key} ({', '.join(shown)})" if shown else key)
        return ", ".join(said)


def builtin_routes() -> Routes:
    """The four built-in routes with their usual names."""
    return Routes(tuple(BUILTIN_ROUTES.items()), tuple(BUILTIN_NAMES.items()))


def read_routes(name: str, value: Any, bad: Callable[..., None]) -> Routes:
    """Read `[routes]`: the built-in routes plus, one line each, a new route and its label
    (`rectal = "Rectal"`) or more names for a route (`iv = {aliases = ["drip"]}`, or
    `rectal = {label = "Rectal", aliases = ["suppository"]}`). Report problems via `bad(message, key)`."""
    labels = dict(BUILTIN_ROUTES)
    names = {key: list(others) for key, others in BUILTIN_NAMES.items()}
    if not isinstance(value, dict):
        bad(f'{name} must be a table: [{name}] then lines like rectal = "Rectal"')
        value = {}
    for key, given in value.items():
        table = given if isinstance(given, dict) else {"label": given}
        label = table.get("label", labels.get(key))
        aliases = table.get("aliases", [])
        if not _KEY.match(key) or not isinstance(label, str) or not label.strip():
            bad(f'route {key!r} needs a lower-case name and a label in quotes, like rectal = "Rectal"', key)
        elif (
            set(table) - {"label", "aliases"}
            or not isinstance(aliases, list)
            or not all(isinstance(alias, str) and fold_route(alias) for alias in aliases)
        ):
            example = f'{key} = {{label = "{label.strip()}", aliases = ["another name"]}}'
            bad(f"route {key!r}: give a label and a list of other names, like {example}", key)
        else:
            labels[key] = label.strip()
            names.setdefault(key, []).extend(alias.strip() for alias in aliases)
    owner: dict[str, str] = {fold_route(key): key for key in labels}
    for key in labels:
        for other in (labels[key], *names.get(key, ())):
            taken = owner.setdefault(fold_route(other), key)
            if taken != key and key in value:
                said = f"{other!r} already names the route {taken}; give it to one route only"
                bad(f"route {key!r}: {said}", key)
    return Routes(tuple(labels.items()), tuple((key, tuple(v)) for key, v in names.items() if v))
