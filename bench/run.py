"""Measure journalgen against Pelican and Hugo on the same synthetic journal.

    python bench/run.py --entries 1000 10000 [--runs 3] [--install-pelican] [--out bench/RESULTS.md]

For each size it generates the corpus (bench/gen_corpus.py, seeded) into bench/.corpus/N/ and
measures, as the median of --runs runs, each build as a separate process (wall time, the peak RSS
of the largest process, and the peak PSS summed over the process tree):
- journalgen: cold build (no site, no cache), no-op rebuild, one-entry-edit rebuild (a paragraph
  appended to one entry), front-matter edit (a tag added to that entry, which changes the pages
  that list it too), a step added to that entry (its year's steps page changes too), and how many
  output files each rebuild changed;
- journalgen serve: save-to-served latency (append to an entry, poll its page until it shows the
  new words), when `journalgen serve` exists;
- Pelican (default theme and Markdown; its content cache on for the rebuild): cold and one-edit;
- Hugo (minimal layouts with tag/emotion/route list pages): cold and one-edit (Hugo's command line
  rebuilds everything; `hugo server` is not measured);
- journalgen check, the pre-commit hook and export (bench_check): the reading step of a cold build
  (to compare a cold check with), check cold (no cache) and after a one-entry edit, a one-entry
  commit through the hook in a git repository of the journal, and an export of every entry after
  a build. `--check-only` measures only these.
`--inline SHARE` generates a corpus with that share of paragraphs carrying inline Markdown
(gen_corpus.py --inline), which every tool builds and every measure uses.
The runs of the tools are interleaved, so a busy machine slows them alike. Pelican comes from
bench/.venv-pelican (made with --install-pelican: `python -m venv bench/.venv-pelican &&
bench/.venv-pelican/bin/pip install pelican`) or PATH; Hugo from PATH (`apt-get install -y hugo`).
A tool that is missing is reported as such, with how to install it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

PELICAN_VENV = HERE / ".venv-pelican"


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    """Peak resident memory of the largest process of the run (from wait4)."""
    tree_rss_mb: float
    """Peak of the memory of the whole process tree (PSS: shared pages counted once), sampled every
    SAMPLE_SECONDS."""


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def max_rss(self) -> float:
        return max(r.max_rss_mb for r in self.runs)

    @property
    def tree_rss(self) -> float:
        return max(r.tree_rss_mb for r in self.runs)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


SAMPLE_SECONDS = 0.1
"""How often the memory of the process tree is read. Reading smaps_rollup walks a process's page
tables in the kernel and slows it: every 20 ms it added about 1 s (8%) to a 14 s cold build of
journalgen's three processes, far less to one-process tools, so it would skew the comparison."""


def _pss_kb(pid: int) -> int:
    """Proportional set size: resident memory, with pages shared between processes split among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one command; its wall time, the peak RSS of its largest process and of its whole tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(c) for c in cmd], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            pids, total = [proc.pid], 0
            while pids:
                pid = pids.pop()
                total += _pss_kb(pid)
                pids += _children(pid)
            peak = max(peak, total)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, max(peak, 0) / 1024)


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def changed_files(before: dict[str, int], after: dict[str, int]) -> int:
    return sum(1 for k, v in after.items() if before.get(k) != v) + len(set(before) - set(after))


def append(path: Path, run: int) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nOne more thought, written later (edit {run}).\n")


def add_step(path: Path, run: int) -> None:
    """A step added to the entry: a body edit that changes the steps pages too."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n- [ ] one more step, written later (edit {run})\n")


def retag(path: Path, run: int) -> None:
    """Give the entry one more tag: a front-matter edit, which changes what other pages show."""
    text = path.read_text(encoding="utf-8")
    assert "\ntags: [" in text, path
    path.write_text(text.replace("\ntags: [", f"\ntags: [retagged-{run}, ", 1), encoding="utf-8")


def clean(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


# -- tools ------------------------------------------------------------------------------------------


def journalgen_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("journalgen")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "journalgen"]


def serve_available() -> bool:
    result = subprocess.run([*journalgen_cmd(), "serve", "--help"], capture_output=True, text=True)
    return result.returncode == 0


def pelican_cmd(install: bool) -> list[str] | None:
    exe = PELICAN_VENV / "bin" / "pelican"
    if not exe.exists() and install:
        subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True)
        subprocess.run(
            [str(PELICAN_VENV / "bin" / "pip"), "install", "--quiet", "pelican", "markdown"], check=True
        )
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pelican")
    return [found] if found else None


def tool_version(cmd: list[str]) -> str:
    result = subprocess.run(
        [*cmd, "version" if cmd[0].endswith("hugo") else "--version"], capture_output=True, text=True
    )
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else "?"


@dataclass
class Results:
    entries: int
    series: dict[str, Series] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, run: Run, changed: int | None = None) -> None:
        series = self.series.setdefault(name, Series())
        series.runs.append(run)
        if changed is not None:
            series.changed.append(changed)


def bench_serve(n: int, runs: int, log: Callable[[str], None]) -> Results:
    """Only the save-to-served latency, on the corpus a full run left (or a new one)."""
    base = HERE / ".corpus" / str(n)
    items = gen_corpus.generate(n)
    if not (base / "journal").is_dir():
        gen_corpus.write_journalgen(items, base / "journal")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    measure([*journalgen_cmd(), "build", "--quiet", "--root", str(base / "journal")], base, env)
    edited = [items[(n // 3 + 41 * r) % n] for r in range(runs)]
    results = Results(n)
    latencies = serve_latency(base / "journal", edited, runs, env, log)
    results.add("journalgen serve: save to served", Run(statistics.median(latencies), 0, 0))
    return results


READING_STEP = """
import sys, time
from pathlib import Path
from journalgen.build.fresh import parse_key
from journalgen.build.workers import Workers
from journalgen.config import load_config
from journalgen.model import Journal
from journalgen.site.links import Targets
from journalgen.site.theme import Theme
from journalgen.site.views import Views
from journalgen.source.reader import Previous, convert_bodies, read_journal
config = load_config(Path(sys.argv[1]))
questions = Theme.of(config).questions()
workers = Workers()
source = read_journal(config, None, Previous({}), questions=questions, mapper=workers.map)
journal = Journal(source.chosen(config.drafts), config.routes)
targets = Targets(journal, source.files, Views(journal, config))
linked = [targets.job(e) for e in journal.pages if e.inline_tags or e.wikilinks]
convert_bodies(linked, questions, workers.map)
"""
"""What a cold build does before planning its pages (pipeline.build: read_journal on every core, then
the bodies that link across the journal), with nothing in the cache: what a cold check is held to."""


def bench_check(
    n: int, runs: int, results: Results, log: Callable[[str], None], inline: float | None
) -> None:
    """check cold and after a one-entry edit, the hook for a one-entry commit and an export of every
    entry (warm), on a copy of the corpus of its own (a git repository for the hook)."""
    base = HERE / ".corpus" / str(n)
    journal = base / "check-journal"
    items = gen_corpus.generate(n, inline=inline)
    clean(journal)
    gen_corpus.write_journalgen(items, journal)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.invalid")
    env.update(GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.invalid", HOME=str(base))
    jg, root = journalgen_cmd(), ["--root", str(journal)]
    cache = journal / ".journalgen-cache"
    reading = [sys.executable, "-c", READING_STEP, str(journal)]
    for r in range(runs):
        clean(cache)
        results.add("journalgen build cold: reading step", measure(reading, base, env))
        clean(cache)
        results.add("journalgen check cold", measure([*jg, "check", "-q", *root], base, env))
        log(f"  run {r + 1}/{runs}: the reading step of a cold build, check cold")
    edited = [items[(n // 3 + 29 * r) % n] for r in range(runs)]
    for r in range(runs):
        append(journal / "entries" / edited[r].path, r)
        results.add(
            "journalgen check after a one-entry edit", measure([*jg, "check", "-q", *root], base, env)
        )
    log("  journalgen check after one-entry edits")
    git = ["git", "-C", str(journal)]
    subprocess.run([*git, "init", "-q"], check=True, env=env)
    subprocess.run([*jg, "init", "-q", str(journal), "--git"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "--no-verify", "-m", "The journal"], check=True, env=env)
    measure([*jg, "check", "-q", *root], base, env)  # the cache, as the last commit left it
    for r in range(runs):
        append(journal / "entries" / edited[r].path, runs + r)
        subprocess.run([*git, "add", f"entries/{edited[r].path}"], check=True, env=env)
        results.add(
            "journalgen hook: one-entry commit", measure([*git, "commit", "-q", "-m", f"Edit {r}"], base, env)
        )
    log("  journalgen hook: one-entry commits")
    measure([*jg, "build", "-q", *root], base, env)
    out = base / "everything.html"
    out.unlink(missing_ok=True)  # one of an earlier run, which this journal's export did not write
    for _ in range(runs):
        results.add(
            "journalgen export everything (warm)", measure([*jg, "export", "-q", "-o", out, *root], base, env)
        )
    log("  journalgen export of every entry")


def bench_size(
    n: int,
    runs: int,
    pelican: list[str] | None,
    hugo: str | None,
    log: Callable[[str], None],
    inline: float | None = None,
) -> Results:
    base = HERE / ".corpus" / str(n)
    log(f"generating {n} entries into {base}")
    items = gen_corpus.generate(n, inline=inline)
    clean(base)
    gen_corpus.write_journalgen(items, base / "journal")
    gen_corpus.write_pelican(items, base / "pelican")
    gen_corpus.write_hugo(items, base / "hugo")
    results = Results(n)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as on a user's machine
    jg = [*journalgen_cmd(), "build", "--quiet", "--root", str(base / "journal")]
    site, cache = base / "journal" / "site", base / "journal" / ".journalgen-cache"
    edited = [items[(n // 2 + 37 * r) % n] for r in range(runs)]

    def jg_cold() -> None:
        clean(site, cache)
        results.add("journalgen cold", measure(jg, base, env))

    def pelican_cold() -> None:
        assert pelican is not None
        clean(base / "pelican" / "output", base / "pelican" / "cache")
        cmd = [*pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        results.add("pelican cold", measure(cmd, base / "pelican", env))

    def hugo_cold() -> None:
        assert hugo is not None
        clean(base / "hugo" / "public", base / "hugo" / "resources")
        results.add("hugo cold", measure([hugo, "--quiet", "-d", "public"], base / "hugo", env))

    colds = [jg_cold] + ([pelican_cold] if pelican else []) + ([hugo_cold] if hugo else [])
    for r in range(runs):
        for cold in colds:
            log(f"  run {r + 1}/{runs}: {cold.__name__.replace('_', ' ')}")
            cold()

    # journalgen rebuilds: no-op and one-entry edit, counting the files each one changes.
    measure(jg, base, env)  # make sure the cache and site are current
    for r in range(runs):
        before = mtimes(site)
        results.add("journalgen no-op", measure(jg, base, env), changed_files(before, mtimes(site)))
        append(base / "journal" / "entries" / edited[r].path, r)
        before = mtimes(site)
        results.add("journalgen edit", measure(jg, base, env), changed_files(before, mtimes(site)))
        retag(base / "journal" / "entries" / edited[r].path, r)
        before = mtimes(site)
        results.add(
            "journalgen edit front matter", measure(jg, base, env), changed_files(before, mtimes(site))
        )
        add_step(base / "journal" / "entries" / edited[r].path, r)
        before = mtimes(site)
        results.add("journalgen edit steps", measure(jg, base, env), changed_files(before, mtimes(site)))
        log(f"  run {r + 1}/{runs}: journalgen no-op, edit, front-matter edit and a step added")

    if serve_available():
        latencies = serve_latency(base / "journal", edited, runs, env, log)
        results.add("journalgen serve: save to served", Run(statistics.median(latencies), 0, 0))
    else:
        results.notes.append("serve: not available (`journalgen serve` does not exist yet).")

    if pelican:
        cmd = [*pelican, "content", "-s", "pelicanconf_cached.py", "-o", "output", "-q"]
        clean(base / "pelican" / "output", base / "pelican" / "cache")
        log("  pelican: warming its cache")
        measure(cmd, base / "pelican", env)
        for r in range(runs):
            append(base / "pelican" / "content" / edited[r].path, r)
            results.add("pelican edit", measure(cmd, base / "pelican", env))
            log(f"  run {r + 1}/{runs}: pelican edit")
    if hugo:
        for r in range(runs):
            append(base / "hugo" / "content" / "posts" / f"{edited[r].slug}.md", r)
            results.add("hugo edit", measure([hugo, "--quiet", "-d", "public"], base / "hugo", env))
            log(f"  run {r + 1}/{runs}: hugo edit")

    results.notes.append(_page_counts(base))
    return results


def serve_latency(
    journal: Path, edited: list[gen_corpus.Item], runs: int, env: dict[str, str], log: Callable[[str], None]
) -> list[float]:
    """Seconds from saving an entry to `journalgen serve` serving its new page, once per run."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [*journalgen_cmd(), "serve", "--root", str(journal), "--port", str(port)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    latencies: list[float] = []
    try:
        assert server.stdout is not None
        for line in server.stdout:  # wait for the first build and the server
            if line.startswith("Serving"):
                break
        else:
            raise RuntimeError("journalgen serve stopped before serving")
        threading.Thread(target=server.stdout.read, daemon=True).start()  # keep its pipe drained
        for run, item in enumerate(edited[:runs]):
            marker = f"Served again {run} {time.time_ns()}."
            url = f"http://127.0.0.1:{port}/entries/{item.path[:-3]}.html"
            started = time.perf_counter()
            append_text(journal / "entries" / item.path, f"\n{marker}\n")
            while time.perf_counter() - started < 120:
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if marker.encode() in response.read():
                            break
                except OSError:
                    pass
                time.sleep(0.01)
            latencies.append(time.perf_counter() - started)
            log(f"  run {run + 1}/{runs}: journalgen serve, save to served {latencies[-1]:.2f} s")
            time.sleep(0.5)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return latencies


def append_text(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _page_counts(base: Path) -> str:
    counts = []
    for name, folder in (
        ("journalgen", "journal/site"),
        ("pelican", "pelican/output"),
        ("hugo", "hugo/public"),
    ):
        path = base / folder
        if path.is_dir():
            counts.append(f"{name} {sum(1 for _ in path.rglob('*.html'))}")
    return "HTML pages written: " + ", ".join(counts) + "."


# -- report -----------------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc)",
        f"- RAM: {mem}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_version()}",
    ]


def report(all_results: list[Results], versions: list[str], runs: int, load: list[str]) -> str:
    lines = ["## Machine", "", *machine(), *(f"- {v}" for v in versions), *load, "", "## Figures", ""]
    lines.append(f"Medians of {runs} runs; memory is the highest of the runs.")
    lines.append("")
    lines.append(
        "| entries | build | time (s) | peak RSS, largest process (MB) | peak PSS, all processes (MB) "
        "| files changed |"
    )
    lines.append("|---:|---|---:|---:|---:|---|")
    for res in all_results:
        for name, series in res.series.items():
            changed = ", ".join(map(str, series.changed)) if series.changed else ""
            memory = f"{series.max_rss:.0f} | {series.tree_rss:.0f}" if series.max_rss else "– | –"
            figures = f"{series.seconds:.2f} | {memory}"
            lines.append(f"| {res.entries} | {name} | {figures} | {changed} |")
    lines += ["", "## Ratios", ""]
    for res in all_results:
        s = res.series
        jg = s["journalgen cold"].seconds
        parts = []
        if "pelican cold" in s:
            parts.append(f"Pelican cold / journalgen cold = {s['pelican cold'].seconds / jg:.2f}×")
        if "hugo cold" in s:
            parts.append(f"journalgen cold / Hugo cold = {jg / s['hugo cold'].seconds:.2f}×")
        edit = s["journalgen edit"].seconds
        if "hugo edit" in s:
            parts.append(f"Hugo edit / journalgen edit = {s['hugo edit'].seconds / edit:.1f}×")
        if "pelican edit" in s:
            parts.append(f"Pelican edit / journalgen edit = {s['pelican edit'].seconds / edit:.1f}×")
        lines.append(f"- {res.entries} entries: " + "; ".join(parts))
        for note in res.notes:
            lines.append(f"  - {note}")
    return "\n".join(lines) + "\n"


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--install-pelican", action="store_true", help="pip install pelican into bench/.venv-pelican"
    )
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--out", type=Path, help="also write the report (Markdown) to this file")
    parser.add_argument("--serve-only", action="store_true", help="measure only save-to-served in serve")
    parser.add_argument("--check-only", action="store_true", help="measure only check, the hook and export")
    parser.add_argument(
        "--inline",
        type=float,
        default=None,
        help="the share of paragraphs with inline markup in the corpus every tool builds",
    )
    args = parser.parse_args()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.serve_only:
        for n in args.entries:
            for name, series in bench_serve(n, args.runs, log).series.items():
                print(f"{n} entries: {name}: median {series.seconds:.2f} s of {args.runs} runs")
        return

    if args.check_only:
        for n in args.entries:
            checked = Results(n)
            bench_check(n, args.runs, checked, log, args.inline)
            for name, series in checked.series.items():
                print(f"{n} entries: {name}: median {series.seconds:.2f} s of {args.runs} runs")
        return

    pelican = None if args.no_pelican else pelican_cmd(args.install_pelican)
    hugo = None if args.no_hugo else shutil.which("hugo")
    versions = [tool_version(journalgen_cmd())]
    if pelican:
        versions.append(f"Pelican {tool_version(pelican)}")
    else:
        log("Pelican: not found; run with --install-pelican (pip install pelican into bench/.venv-pelican)")
    if hugo:
        versions.append(tool_version([hugo]))
    else:
        log("Hugo: not found; install it with `apt-get install -y hugo` (Debian) and run again")
    load = [f"- load average (1, 5, 15 min) at the start: {_load()}"]
    all_results = [bench_size(n, args.runs, pelican, hugo, log, args.inline) for n in args.entries]
    for res in all_results:
        bench_check(res.entries, args.runs, res, log, args.inline)
    load.append(f"- load average at the end: {_load()} (other work on the machine slows every tool alike)")
    text = report(all_results, versions, args.runs, load)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
