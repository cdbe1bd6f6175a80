"""Typed values out of front-matter fields (text, lists of names, scores), with each problem's line."""

from __future__ import annotations

import re
from collections.abc import Mapping

from yaml.nodes import MappingNode, ScalarNode

from journalgen.config import Config
from journalgen.errors import Problem
from journalgen.scales import scale_key
from journalgen.slugs import fold
from journalgen.source.frontmatter import Field


class Fields:
    """Reads typed values out of front-matter fields, collecting problems with their lines."""

    def __init__(self, path: str, fields: Mapping[str, Field]) -> None:
        self.path = path
        self.fields = fields
        self.problems: list[Problem] = []

    def problem(self, key: str | None, message: str) -> None:
        line = self.fields[key].line if key in self.fields else (1 if key else None)
        self.problems.append(Problem(self.path, line, message))

    def text(self, key: str) -> str | None:
        field = self.fields.get(key)
        if field is None or field.is_null:
            return None
        if field.node.id != "scalar":
            self.problem(key, f"{key} must be text, not a list or mapping")
            return None
        value = str(field.node.value).strip()
        return value or None

    def names(self, key: str) -> tuple[str, ...]:
        field = self.fields.get(key)
        if field is None or field.is_null:
            return ()
        if field.node.id == "scalar":
            raw = [part for part in str(field.node.value).split(",")]
        elif field.node.id == "sequence" and all(n.id == "scalar" for n in field.node.value):
            raw = [str(n.value) for n in field.node.value]
        else:
            self.problem(key, f"{key} must be a list like [calm, grief] or text like 'calm, grief'")
            return ()
        folded = (fold(name) for name in raw)
        return tuple(dict.fromkeys(name for name in folded if name))


def read_scores(f: Fields, field: Field | None, config: Config) -> dict[str, int]:
    """Read `scores: {phq9: 12, gad7: 8}`: known scales, whole numbers inside each scale's range."""
    if field is None or field.is_null:
        return {}
    if not isinstance(field.node, MappingNode):
        f.problem("scores", "scores must be a mapping of scale to number, like {phq9: 12, gad7: 8}")
        return {}
    known = ", ".join(f"{s.key} ({s.label})" for s in config.scales.values())
    scores: dict[str, int] = {}
    seen: set[str] = set()
    for key_node, value_node in field.node.value:
        line = key_node.start_mark.line + 2
        name = str(key_node.value)
        key = scale_key(name)
        scale = config.scales.get(key)
        if scale is None:
            f.problems.append(
                Problem(
                    f.path,
                    line,
                    f"scores: unknown scale {name!r}; the scales are {known} "
                    "(define more under [scales] in journal.toml)",
                )
            )
            continue
        if key in seen:
            f.problems.append(Problem(f.path, line, f"scores: {scale.label} is given twice; keep one"))
            continue
        seen.add(key)
        raw = str(value_node.value).strip() if isinstance(value_node, ScalarNode) else None
        if raw is None or not re.fullmatch(r"[+-]?[0-9]{1,9}", raw):  # not '٣' nor 5,000 digits
            shown = raw if raw is not None else "a list or mapping"
            f.problems.append(Problem(f.path, line, f"scores: {name} must be a whole number, not {shown}"))
            continue
        value = int(raw)
        if not scale.minimum <= value <= scale.maximum:
            f.problems.append(
                Problem(
                    f.path,
                    line,
                    f"scores: {name} is {value}, but {scale.label} scores run from "
                    f"{scale.minimum} to {scale.maximum}",
                )
            )
            continue
        scores[key] = value
    return scores
