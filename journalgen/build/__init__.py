"""The build: read → model → plan → render → write, doing only what changed since the last build.

`pipeline.build()` is the whole pipeline; `incremental` decides what an edit touches, `keys`
digests what a page shows, `store` and `records` keep the cache on disk, `workers` runs the
process pools.
"""

from __future__ import annotations

from journalgen.build.pipeline import build
from journalgen.build.report import BuildReport
from journalgen.build.state import BuildState

__all__ = ["BuildReport", "BuildState", "build"]
