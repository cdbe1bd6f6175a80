"""The sample journal builds exactly into the golden tree (regenerate it with `make golden`)."""

from __future__ import annotations

from pathlib import Path

from golden import GOLDEN, build_sample, differences
from helpers import tree


def test_the_sample_journal_builds_into_the_golden_tree(tmp_path: Path) -> None:
    site = build_sample(tmp_path)
    built, golden = tree(site), tree(GOLDEN)
    if built != golden:
        diff = differences(site)
        raise AssertionError(
            "the built sample site differs from tests/golden/site/; if the change is intended, run "
            f"`make golden` and commit the new tree:\n{diff[:20000]}"
        )
    assert len(golden) > 50
