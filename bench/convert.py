"""Time converting entries' Markdown in one process: journalgen's Renderer, per entry.

    python bench/convert.py [--entries 1500] [--inline 0.5] [--runs 3]

Generates the bench's corpus (bench/gen_corpus.py, seed 7; `--inline` as there) in a temporary
folder, reads each entry's body as a build does, converts every body once to warm up, then
reports the best of `--runs` passes over all of them in CPU time per entry. The figure the
sections of bench/RESULTS.md on Markdown quote ("ms an entry").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import gen_corpus  # noqa: E402

from journalgen.source.entry import body_of  # noqa: E402
from journalgen.source.markdown import Renderer  # noqa: E402
from journalgen.source.titles import first_heading  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1500)
    parser.add_argument("--inline", type=float, default=None, help="share of paragraphs with inline markup")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "journal"
        gen_corpus.write_journalgen(gen_corpus.generate(args.entries, inline=args.inline), journal)
        bodies = [body_of(path.read_bytes()) for path in sorted((journal / "entries").rglob("*.md"))]
    renderer = Renderer()
    jobs = [(body, first_heading(body)) for body in bodies]
    for body, heading in jobs:
        renderer(body, heading)
    best = float("inf")
    for _ in range(args.runs):
        started = time.process_time()
        for body, heading in jobs:
            renderer(body, heading)
        best = min(best, time.process_time() - started)
    print(f"{len(jobs)} entries (inline {args.inline}): {best / len(jobs) * 1000:.3f} ms an entry")


if __name__ == "__main__":
    main()
