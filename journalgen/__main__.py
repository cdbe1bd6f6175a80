"""Run journalgen as `python -m journalgen`."""

from __future__ import annotations

from journalgen.cli import run

run()
