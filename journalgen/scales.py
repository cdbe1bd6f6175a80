"""Questionnaires whose scores entries carry: the built-in PHQ-9 and GAD-7, and reading one more."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Band:
    """One named range of a scale's scores, both ends included: 5-9 "mild"."""

    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Scale:
    """A questionnaire whose scores entries may carry under `scores:`."""

    key: str
    """The folded name entries use: `phq9` (also written PHQ-9, phq-9, phq_9)."""
    label: str
    """The name shown on pages: "PHQ-9"."""
    minimum: int
    maximum: int
    bands: tuple[Band, ...] = ()
    """From the lowest scores to the highest, covering minimum..maximum without gaps."""
    about: str = ""
    """What it measures, in a few words: "depression"."""
    higher_is_worse: bool = True
    """Whether the highest band is the most severe one (else the lowest is)."""
    remission_below: int | None = None
    """A score under this counts as remission (PHQ-9 and GAD-7: under 5); None: not defined."""
    care_above: int | None = None
    """A score above this asks for care on its entry's page (PHQ-9 item 9: any answer above 0);
    None: a score in the most severe band does."""

    def band_of(self, value: int) -> Band | None:
        """The band a score falls in, if the scale has bands."""
        return next((b for b in self.bands if b.low <= value <= b.high), None)

    def asks_for_care(self, value: int) -> bool:
        """Whether a score is one that the page showing it should meet with the crisis text."""
        if self.care_above is not None:
            return value > self.care_above
        severe = self.most_severe
        return severe is not None and self.band_of(value) == severe

    @property
    def most_severe(self) -> Band | None:
        if not self.bands:
            return None
        return self.bands[-1] if self.higher_is_worse else self.bands[0]


def scale_key(name: str) -> str:
    """The one spelling of a scale's name: `PHQ-9`, `phq-9` and `phq_9` are all `phq9`."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


BUILTIN_SCALES: dict[str, Scale] = {
    "phq9": Scale(
        "phq9",
        "PHQ-9",
        0,
        27,
        (
            Band(0, 4, "minimal"),
            Band(5, 9, "mild"),
            Band(10, 14, "moderate"),
            Band(15, 19, "moderately severe"),
            Band(20, 27, "severe"),
        ),
        about="depression",
        remission_below=5,
    ),
    "gad7": Scale(
        "gad7",
        "GAD-7",
        0,
        21,
        (Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"), Band(15, 21, "severe")),
        about="anxiety",
        remission_below=5,
    ),
}

ITEMS: dict[str, Scale] = {
    "phq9item9": Scale(
        "phq9item9",
        "PHQ-9 item 9",
        0,
        3,
        (
            Band(0, 0, "not at all"),
            Band(1, 1, "several days"),
            Band(2, 2, "more than half the days"),
            Band(3, 3, "nearly every day"),
        ),
        about="The last question of the PHQ-9: over the last two weeks, how often have thoughts come "
        "that you would be better off dead, or of hurting yourself?",
        care_above=0,
    ),
}
"""Single questions of a scale that entries may record beside its total (`phq9_item9: 1` under
`scores:`): shown on the entry and as answers of their own on the measures page, never charted
or counted as a scale."""


def find_scale(scales: Mapping[str, Scale], key: str) -> Scale | None:
    """The scale or single question a folded key names: the journal's scales, then ITEMS."""
    return scales.get(key) or ITEMS.get(key)


SCALE_KEYS = ("label", "min", "max", "bands", "about", "higher_is_worse", "remission_below")
"""The settings of one `[scales.NAME]` table in journal.toml."""


def read_scale(name: str, table: Any, bad: Callable[[str], None]) -> Scale | None:
    """Check one `[scales.NAME]` table; report each problem through `bad(message)`."""
    where = f"[scales.{name}]"
    key = scale_key(name)
    if not isinstance(table, dict):
        bad(f"{where} must be a table with label, min, max and bands")
        return None
    ok = True
    for unknown in sorted(set(table) - set(SCALE_KEYS)):
        bad(f"{where}: unknown setting {unknown!r}; a scale has: {', '.join(SCALE_KEYS)}")
        ok = False
    if not key or not re.fullmatch(r"[a-z0-9]+", key):
        bad(f"{where}: a scale's name must be letters and digits, like who5")
        ok = False

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    label = table.get("label", name)
    about = table.get("about", "")
    low, high = table.get("min"), table.get("max")
    if not isinstance(label, str) or not label.strip() or not isinstance(about, str):
        bad(f'{where}: label and about must be text in quotes, like label = "WHO-5"')
        ok = False
    if not whole(low) or not whole(high) or low >= high:
        bad(f"{where}: min and max must be whole numbers with min below max, like min = 0 and max = 25")
        return None
    worse = table.get("higher_is_worse", True)
    if not isinstance(worse, bool):
        bad(f"{where}: higher_is_worse must be true or false")
        ok = False
    bands: list[Band] = []
    raw_bands = table.get("bands", [])
    shape = f'{where}: bands must be a list like [[{low}, 4, "minimal"], [5, 9, "mild"]]'
    if not isinstance(raw_bands, list):
        bad(shape)
        return None
    expected = low
    for raw in raw_bands:
        if (
            not isinstance(raw, list)
            or len(raw) != 3
            or not whole(raw[0])
            or not whole(raw[1])
            or not isinstance(raw[2], str)
            or not raw[2].strip()
        ):
            bad(shape)
            return None
        if raw[0] != expected or raw[1] < raw[0]:
            bad(
                f"{where}: the band {raw[2]!r} should start at {expected}; bands must run from min "
                "to max in order, each starting one above where the last ended"
            )
            return None
        bands.append(Band(raw[0], raw[1], raw[2].strip()))
        expected = raw[1] + 1
    remission = table.get("remission_below")
    if remission is not None and (not whole(remission) or not low < remission <= high):
        bad(f"{where}: remission_below must be a whole number above min and at most max, like 5")
        ok = False
    if bands and expected != high + 1:
        bad(f"{where}: the last band ends at {expected - 1}, but max is {high}; make them meet")
        return None
    if not ok:
        return None
    return Scale(key, label.strip(), low, high, tuple(bands), about.strip(), worse, remission)


def read_scales(name: str, value: Any, bad: Callable[..., None]) -> MappingProxyType[str, Scale]:
    """Read journal.toml's `[scales.NAME]` tables: the built-in scales plus each well-formed one.

    Report each problem through `bad(message, key)`, key being where it is: `scales.NAME`.
    """
    scales = dict(BUILTIN_SCALES)
    if not isinstance(value, dict):
        bad(f"{name} must be tables: [{name}.who5] then label, min, max and bands", name)
        value = {}
    for key, table in value.items():
        scale = read_scale(key, table, lambda message, at=f"{name}.{key}": bad(message, at))
        if scale is not None:
            scales[scale.key] = scale
    return MappingProxyType(scales)
