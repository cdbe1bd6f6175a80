"""How long `build` and `check` take on the hostile entries of issue 17, each in a journal of its own.

    python bench/hostile.py                       # this checkout
    python bench/hostile.py --source /tmp/old     # another source tree (e.g. `git archive main`)

Each case is one entry; the table shows the exit code and the seconds of each command (a whole
process, interpreter start included), or "killed" when it ran past --timeout. A case is built
only once: none of them is meant to be fast, only to end soon with exit 0 or 1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
)
CASES = {
    "billion laughs (469-byte front matter)": f"---\ndate: 2026-11-20\n{LAUGHS}\n---\nx\n",
    "YAML nested 900 deep": "---\ndate: 2026-11-20\nx: " + "[" * 900 + "]" * 900 + "\n---\nx\n",
    "`&#` and 5,000 digits in the body": "---\ndate: 2026-11-20\n---\n&#" + "9" * 5000 + ";\n",
    "one line of 5,000 `[`": "---\ndate: 2026-11-20\n---\n" + "[" * 5000 + "\n",
    "one line of 20,000 `[`": "---\ndate: 2026-11-20\n---\n" + "[" * 20000 + "\n",
    "20,000 headings, one per line": "---\ndate: 2026-11-20\n---\n" + "# h\n" * 20000,
    "20,000 headings between blank lines": "---\ndate: 2026-11-20\n---\n" + "# h\n\n" * 20000,
    "8,000 `[word `": "---\ndate: 2026-11-20\n---\n" + "[word " * 8000 + "\n",
    "8,000 `<word` lines": "---\ndate: 2026-11-20\n---\n" + "<word and more\n" * 8000,
    "list nested 400 deep": "---\ndate: 2026-11-20\n---\n" + "- " * 400 + "x\n",
    "a long ordinary entry (2,000 paragraphs)": "---\ndate: 2026-11-20\n---\n"
    + "Today I walked by the river, and *the light* was [soft](x.md). Then home.\n\n" * 2000,
}


def run(source: Path | None, root: Path, command: str, timeout: float) -> str:
    env = {**os.environ, "JOURNALGEN_TODAY": "2026-11-26"}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "journalgen", command, "--root", str(root)],
            env=env,
            capture_output=True,
            timeout=timeout,
            cwd=source or None,
        )
    except subprocess.TimeoutExpired:
        return f"killed after {timeout:.0f}"
    seconds = time.perf_counter() - started
    return f"exit {done.returncode}, {seconds:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source", type=Path, help="a source tree to run instead of the installed journalgen"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a command is killed")
    args = parser.parse_args()
    print("| case | check | build |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for number, (name, text) in enumerate(CASES.items()):
            root = Path(folder) / str(number)
            (root / "entries").mkdir(parents=True)
            (root / "entries" / "x.md").write_text(text, encoding="utf-8")
            check = run(args.source, root, "check", args.timeout)
            build = run(args.source, root, "build", args.timeout)
            print(f"| {name} | {check} | {build} |", flush=True)


if __name__ == "__main__":
    main()
