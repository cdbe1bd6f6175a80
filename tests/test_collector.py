"""`journalgen build` runs without the cyclic garbage collector while it does little (a one-entry
rebuild); a build big enough for worker processes turns it on again, for itself and its workers."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import MakeJournal, entry

from journalgen.build.workers import Workers


def _collecting(chunk: list[int]) -> list[bool]:
    return [gc.isenabled() for _ in chunk]


def _nothing() -> None:
    pass


def test_worker_processes_collect_even_when_the_build_did_not() -> None:
    gc.disable()
    try:
        found = [
            x for part in Workers(jobs=2).map(_collecting, list(range(8)), (_nothing, ()), "x") for x in part
        ]
        assert gc.isenabled()  # on again in the build itself, from the first pool on
    finally:
        gc.enable()
    assert found == [True] * 8


PROBE = """
import gc, json, sys
from journalgen.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "collecting": gc.isenabled()}))
"""


def run_build(root: Path, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "build", "-q", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_big_build_collects_and_a_small_rebuild_does_not(make_journal: MakeJournal) -> None:
    days = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 21)]
    root = make_journal({f"{day}.md": entry(f"date: {day}", "A line.\n") for day in days})
    assert run_build(root) == {"code": 0, "collecting": True}  # 240 entries: worker processes
    (root / "entries/2025-03-03.md").write_text(entry("date: 2025-03-03", "Changed.\n"), encoding="utf-8")
    assert run_build(root) == {"code": 0, "collecting": False}


EXITING = """
import atexit, gc, sys, threading
atexit.register(lambda: print("exit handlers ran; frozen:", gc.get_freeze_count() > 0, flush=True))
if sys.argv[1] == "thread":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
from journalgen.cli import run
sys.argv = ["journalgen", *sys.argv[2:]]
run()
"""


def run_program(how: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", EXITING, how, *args], capture_output=True, text=True)


def test_the_program_ends_with_its_command_its_output_written(make_journal: MakeJournal) -> None:
    """The `journalgen` program (cli.run) exits with main()'s code and all its output: at once after
    a build that started no worker process and no thread (no exit handlers, nothing freed), as
    usual otherwise, what it made set aside from the collection Python runs as it exits."""
    root = make_journal({"2025-03-03.md": entry("date: 2025-03-03")})
    done = run_program("alone", "build", "--root", str(root))  # a whole build: a worker pool
    assert (done.returncode, done.stderr) == (0, "")
    built, handlers = done.stdout.splitlines()
    assert built.startswith("Built 1 entry into ") and handlers == "exit handlers ran; frozen: True"
    (root / "entries/2025-03-03.md").write_text(entry("date: 2025-03-03", "Other words."), encoding="utf-8")
    done = run_program("alone", "build", "--root", str(root))  # one entry again: no pool
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Built 1 entry into ") and done.stdout.count("\n") == 1
    (root / "entries/2025-03-04.md").write_text("---\ndate: not a date\n---\n", encoding="utf-8")
    done = run_program("alone", "build", "-q", "--root", str(root))
    assert (done.returncode, done.stdout) == (1, "")
    assert "2025-03-04.md:2" in done.stderr and done.stderr.endswith("nothing was written.\n")
    done = run_program("thread", "build", "-q", "--root", str(root))
    assert (done.returncode, done.stdout.strip()) == (1, "exit handlers ran; frozen: True")
    assert "2025-03-04.md:2" in done.stderr


PROGRAM = """
import gc, json, os, sys
collections = []
end = os._exit
def counted(code):
    print(json.dumps(collections), flush=True)
    end(code)
os._exit = counted
sys.argv = ["journalgen", *sys.argv[1:]]
from journalgen.__main__ import run
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(len(sys.modules)))
run()
"""


def test_the_program_imports_and_reads_its_command_line_without_collecting(make_journal: MakeJournal) -> None:
    """The `journalgen` program (pyproject's script: __main__.run) imports its modules and reads
    its command line with the collector off, then collects young objects less often: a one-entry
    rebuild runs no collection at all."""
    with (Path(__file__).parents[1] / "pyproject.toml").open("rb") as file:
        assert tomllib.load(file)["project"]["scripts"]["journalgen"] == "journalgen.__main__:run"
    root = make_journal({"2025-03-03.md": entry("date: 2025-03-03")})
    for words in ("A first line.", "Other words."):
        (root / "entries/2025-03-03.md").write_text(entry("date: 2025-03-03", words), encoding="utf-8")
        command = [sys.executable, "-c", PROGRAM, "build", "-q", "--root", str(root)]
        done = subprocess.run(command, capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (0, "")
        counts = [json.loads(line) for line in done.stdout.splitlines()]  # a forked child's too
        assert counts and all(count == [] for count in counts)
