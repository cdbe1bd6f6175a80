"""Doses you can compare: the amount in a free-text `dose:` (`0.5 mg/kg over 40 min`, `56 mg`,
`300 mg lozenge`), when it names one. A dose that cannot be read is shown as written, never refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "mg/kg": "mg/kg",
    "mgkg": "mg/kg",
    "mg per kg": "mg/kg",
    "mg": "mg",
    "milligrams": "mg",
    "milligram": "mg",
    "mcg/kg": "µg/kg",
    "µg/kg": "µg/kg",
    "ug/kg": "µg/kg",
    "mcg": "µg",
    "µg": "µg",
    "ug": "µg",
    "g": "g",
    "ml": "ml",
}
_AMOUNT = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?|[.,]\d+)\s*"
    r"(mg\s*/\s*kg|mg\s+per\s+kg|mgkg|mcg\s*/\s*kg|µg\s*/\s*kg|ug\s*/\s*kg|milligrams?|mcg|µg|ug|mg|ml|g)"
    r"(?![a-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Dose:
    """An amount and its unit, read from what the entry says: 0.5 mg/kg, 56 mg."""

    unit: str
    value: float

    def __str__(self) -> str:
        number = f"{self.value:g}"
        return f"{number} {self.unit}"


def read_dose(text: str | None) -> Dose | None:
    """The first amount a dose names, with its unit; None when it names none (`two sprays`).

    An amount in brackets after a count (`3 devices (84 mg)`) is found as well: the count has
    no unit. `0,5 mg/kg` (a decimal comma) reads as 0.5.
    """
    if not text:
        return None
    match = _AMOUNT.search(text)
    if match is None:
        return None
    number = float(match.group(1).replace(",", "."))
    unit = _UNITS[re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", match.group(2).casefold()))]
    return Dose(unit, number)
