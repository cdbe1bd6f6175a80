"""The golden output tree: the sample journal built on a pinned day, kept in tests/golden/site/.

`test_golden.py` builds the sample journal again and compares the two trees byte for byte, so an
unintended change to any page shows up as a diff. When a change to the output is intended,
regenerate the tree with one command, from the repository's root:

    make golden        # or: .venv/bin/python tests/golden.py

and commit the new tree together with the change that explains it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "site"
TODAY = "2026-11-26"
"""The day the golden tree is built on (due follow-ups and "on this day" depend on it)."""


def build_sample(into: Path) -> Path:
    """Build a copy of the sample journal below `into` as of TODAY; return the site folder."""
    from journalgen.build import build
    from journalgen.config import load_config

    root = into / "journal"
    shutil.copytree(REPO / "entries", root / "entries")
    shutil.copy(REPO / "journal.toml", root / "journal.toml")
    before = os.environ.get("JOURNALGEN_TODAY")
    os.environ["JOURNALGEN_TODAY"] = TODAY
    try:
        config = load_config(root, {"cache": into / "cache"})
        return build(config, jobs=1).output
    finally:
        if before is None:
            del os.environ["JOURNALGEN_TODAY"]
        else:
            os.environ["JOURNALGEN_TODAY"] = before


def differences(site: Path, golden: Path = GOLDEN) -> str:
    """`git diff --no-index` of the golden tree against a built site: empty when they are equal."""
    done = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "--stat=120", "--patch", str(golden), str(site)],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"git diff failed: {done.stderr}")
    return done.stdout


def main() -> int:
    """Rebuild tests/golden/site/ from the sample journal."""
    with tempfile.TemporaryDirectory(prefix="journalgen-golden-") as scratch:
        site = build_sample(Path(scratch))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(site, GOLDEN)
    print(f"Wrote {sum(1 for p in GOLDEN.rglob('*') if p.is_file())} files to {GOLDEN.relative_to(REPO)}.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
