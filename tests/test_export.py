"""`journalgen export`: the right entries, one file that stands alone, a PDF, a locked variant."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import CHROMIUM, REPO, entry, run_cli

PASSWORD = "a quiet harbour at seven"

JOURNAL = {
    "2026/2026-03-01-intention.md": entry(
        "title: Before the first\nkind: intention\ntags: [family]", "Hopes.\n"
    ),
    "2026/2026-03-02-first.md": entry(
        "title: First session\nkind: session\nroute: iv\nemotions: [calm]\ntags: [family]",
        "Soft blue. See [the walk](2026-03-05-walk.md) and [the secret](2026-03-04-private.md)."
        "[^1]\n\n[^1]: A footnote.\n",
    ),
    "2026/2026-03-03-after.md": entry(
        "title: The day after\nkind: follow-up\nemotions: [grief, calm]",
        "Tears, then quiet.[^1]\n\n[^1]: Two.\n",
    ),
    "2026/2026-03-04-private.md": entry(
        "title: Unshareable thoughts\nkind: follow-up\nshare: false\ntags: [family]\nemotions: [grief]",
        "Only for me.\n",
    ),
    "2026/2026-03-05-walk.md": entry(
        "title: A walk\ntags: [nature, work]\nemotions: [relief]",
        "Leaves. A [strange link](http://[not-an-address]/a.md) kept as written.\n",
    ),
    "2026/2026-03-09-second.md": entry(
        "title: Second session\nkind: session\nroute: nasal\nemotions: [grief]\nscores: {phq9: 12}",
        "Heavier.\n",
    ),
    "2026/2026-03-10-after-second.md": entry(
        "title: After the second\nkind: follow-up\ntags: [work]\nshare: no", "Not this either.\n"
    ),
    "2026/2026-03-11-later.md": entry("title: Later on\nkind: follow-up\ntags: [work]", "Settling.\n"),
}
SHAREABLE = [
    "Before the first",
    "First session",
    "The day after",
    "A walk",
    "Second session",
    "Later on",
]


@pytest.fixture
def journal(make_journal) -> Path:
    return make_journal(JOURNAL, config='title = "Sam\'s journal"\nauthor = "Sam"\n')


def export(root: Path, *args: str, env: dict[str, str] | None = None, name: str = "out.html"):
    target = root.parent / name
    done = run_cli("export", "--root", root, *args, "-o", target, env=env)
    return done, target


def titles(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
    return [a.h2.get_text(strip=True) for a in soup.select("main > article")]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), SHAREABLE),
        (("--tag", "family"), ["Before the first", "First session"]),
        (("--tag", "Family", "--tag", "nature"), ["Before the first", "First session", "A walk"]),
        (("--emotion", "grief"), ["The day after", "Second session"]),
        (("--emotion", "calm", "--tag", "family"), ["First session"]),
        (("--kind", "follow-up"), ["The day after", "Later on"]),
        (
            ("--kind", "session", "--kind", "intention"),
            ["Before the first", "First session", "Second session"],
        ),
        (("--session", "1"), ["Before the first", "First session", "The day after"]),  # not the reflection
        (("--session", "2"), ["Second session", "Later on"]),
        (("--from", "2026-03-03", "--to", "2026-03-09"), ["The day after", "A walk", "Second session"]),
        (("--from", "2026-03-05"), ["A walk", "Second session", "Later on"]),
        (("--to", "2026-03-02", "--kind", "session"), ["First session"]),
    ],
)
def test_filters_select_exactly_the_right_entries(journal, args, expected):
    done, target = export(journal, *args)
    assert done.returncode == 0, done.stderr
    assert titles(target) == expected


def test_share_false_is_never_exported_whatever_the_filters(journal):
    for args in ((), ("--tag", "family"), ("--emotion", "grief"), ("--session", "1"), ("--tag", "work")):
        done, target = export(journal, *args)
        assert done.returncode == 0, done.stderr
        text = target.read_text(encoding="utf-8")
        for word in ("Unshareable", "Only for me", "After the second", "Not this either"):
            assert word not in text
    done, target = export(journal, "--from", "2026-03-10", "--to", "2026-03-10", name="none.html")
    assert done.returncode == 1
    assert "no entry that may be shared" in done.stderr
    assert not target.exists()


def test_header_links_and_ids(journal):
    done, target = export(journal)
    assert done.returncode == 0, done.stderr
    assert "Exported 6 entries" in done.stdout
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html5lib")
    header = soup.select_one("body > header").get_text(" ", strip=True)
    assert "6 entries from Sunday, 1 March 2026 to Wednesday, 11 March 2026" in header
    assert "Session #1: Monday, 2 March 2026, IV infusion" in header
    assert "Session #2: Monday, 9 March 2026, Nasal spray" in header
    assert "Shared by Sam" in header
    assert soup.find("nav") is None
    first = soup.find("h2", string="First session").find_parent("article")
    links = {a.get_text(): a.get("href") for a in first.select(".entry-body a")}
    walk = soup.find("h2", string="A walk").find_parent("article")
    assert links["the walk"] == f"#{walk['id']}"
    assert links["the secret"] is None  # the text stays; the unexported page is not linked
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))  # footnotes of two entries do not collide
    for a in soup.select('a[href^="#"]'):
        assert soup.find(id=a["href"][1:]) is not None, a
    assert soup.select(".entry-body h2") == []  # entry headings sit under the entry's title
    second = soup.find("h2", string="Second session").find_parent("article")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in second.select(".facts dt")}
    assert facts["PHQ-9"] == "12 of 27 · moderate"  # as on the entry's page


def test_unknown_filters_are_clear_errors(journal):
    for args, message in (
        (("--tag", "gardening"), "--tag: no entry has the tag 'gardening'"),
        (("--emotion", "joy"), "--emotion: no entry names 'joy'"),
        (("--session", "3"), "--session: there is no session #3; the journal has 2"),
        (("--from", "2026-04-01", "--to", "2026-03-01"), "--from: the start date is after the --to date"),
    ):
        done, target = export(journal, *args, name="x.html")
        assert done.returncode == 1
        assert message in done.stderr
        assert not target.exists()


def test_never_overwrites_or_writes_where_it_must_not(journal):
    mine = journal.parent / "letter.html"
    mine.write_text("<p>my own letter</p>", encoding="utf-8")
    done = run_cli("export", "--root", journal, "-o", mine)
    assert done.returncode == 1 and "not written by journalgen export" in done.stderr
    assert mine.read_text(encoding="utf-8") == "<p>my own letter</p>"
    done = run_cli("export", "--root", journal, "-o", journal / "entries" / "x.html")
    assert done.returncode == 1 and "inside entries/" in done.stderr
    assert not (journal / "entries" / "x.html").exists()
    done, target = export(journal)
    assert done.returncode == 0
    done, target = export(journal, "--tag", "work")
    assert done.returncode == 0  # its own earlier export may be replaced
    assert titles(target) == ["A walk", "Later on"]


NOT_OURS = "exists and was not written by journalgen export (or was changed since)"


def test_a_file_that_only_looks_like_an_export_is_never_overwritten(journal):
    forged = journal.parent / "notes.html"
    forged.write_text('<meta name="generator" content="journalgen export"><p>my notes</p>', encoding="utf-8")
    done = run_cli("export", "--root", journal, "-o", forged)
    assert done.returncode == 1 and f"{forged}: {NOT_OURS}" in done.stderr
    assert "my notes" in forged.read_text(encoding="utf-8")
    done, target = export(journal, name="notes-2.html")
    assert done.returncode == 0, done.stderr
    target.write_text(target.read_text(encoding="utf-8") + "<p>added by hand</p>", encoding="utf-8")
    done, _ = export(journal, name="notes-2.html")  # its own export, changed since: not replaced
    assert done.returncode == 1 and NOT_OURS in done.stderr
    assert "added by hand" in target.read_text(encoding="utf-8")


@pytest.fixture
def fake_chromium(tmp_path: Path) -> dict[str, str]:
    """A stand-in for Chromium that prints any page to the same small PDF (fast, no browser)."""
    script = tmp_path / "fake-chromium"
    script.write_text(
        '#!/bin/sh\nfor arg; do case "$arg" in --print-to-pdf=*) '
        'printf "%%PDF-1.4 printed\\n" > "${arg#--print-to-pdf=}";; esac; done\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return {"JOURNALGEN_CHROMIUM": str(script)}


def test_a_pdf_journalgen_did_not_write_is_never_overwritten(journal, fake_chromium):
    pdf = journal.parent / "lab.pdf"
    pdf.write_bytes(b"%PDF-1.4 mine")  # the user's own PDF, of the same name
    done, target = export(journal, "--session", "1", "--pdf", env=fake_chromium, name="lab.html")
    assert done.returncode == 1 and f"{pdf}: {NOT_OURS}" in done.stderr
    assert pdf.read_bytes() == b"%PDF-1.4 mine" and not target.exists()
    pdf.unlink()
    for _ in range(2):  # the second export replaces the first one's files: journalgen wrote them
        done, target = export(journal, "--session", "1", "--pdf", env=fake_chromium, name="lab.html")
        assert done.returncode == 0, done.stderr
        assert pdf.read_bytes() == b"%PDF-1.4 printed\n"
        assert oct(pdf.stat().st_mode & 0o777) == oct(0o600)
    pdf.write_bytes(b"%PDF-1.4 printed\nwith my notes")
    done, _ = export(journal, "--session", "1", "--pdf", env=fake_chromium, name="lab.html")
    assert done.returncode == 1 and NOT_OURS in done.stderr
    assert pdf.read_bytes().endswith(b"with my notes")


@pytest.mark.browser
def test_the_file_opens_alone_with_its_images(sample_journal, tmp_path, browser):
    done, target = export(sample_journal, "--from", "2026-10-24", "--to", "2026-10-25")
    assert done.returncode == 0, done.stderr
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(target, alone / "export.html")
    assert os.listdir(alone) == ["export.html"]
    page = browser.new_page()
    try:
        requests: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((alone / "export.html").as_uri(), wait_until="load")
        image = page.locator(".entry-body img")
        assert image.count() == 1
        assert image.get_attribute("src").startswith("data:image/png;base64,")
        assert image.evaluate("img => img.complete && img.naturalWidth") > 0
        assert page.locator("article").count() == 2
        style = page.evaluate("getComputedStyle(document.body).maxWidth")
        assert style != "none"  # the inline stylesheet applied under the CSP
        assert failed == [] and errors == []
        assert {u for u in requests if not u.startswith("data:")} == {(alone / "export.html").as_uri()}
    finally:
        page.close()


@pytest.mark.browser
def test_pdf_is_printed_with_chromium(journal):
    done, target = export(journal, "--pdf")  # finds chromium on PATH
    assert done.returncode == 0, done.stderr
    pdf = target.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert f"Printed it to {pdf} with Chromium ({shutil.which('chromium')})." in done.stdout


@pytest.mark.browser
def test_pdf_finds_chromium_where_it_is_installed_without_the_path(journal, tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    done, target = export(journal, "--pdf", env={"PATH": str(empty)})
    assert done.returncode == 0, done.stderr
    assert f"Printed it to {target.with_suffix('.pdf')} with Chromium (/usr/bin/chromium)." in done.stdout


@pytest.mark.browser
def test_pdf_with_the_browser_journalgen_chrome_names(journal, tmp_path):
    done, _ = export(journal, "--pdf", env={"JOURNALGEN_CHROME": CHROMIUM})
    assert done.returncode == 0, done.stderr
    assert f"with the browser JOURNALGEN_CHROME names ({CHROMIUM})." in done.stdout


def test_pdf_with_a_journalgen_chrome_that_is_not_there_says_so_and_keeps_the_html(journal, tmp_path):
    done, target = export(journal, "--pdf", env={"JOURNALGEN_CHROME": str(tmp_path / "no-chrome")})
    assert done.returncode == 1
    assert f"JOURNALGEN_CHROME: is set to '{tmp_path / 'no-chrome'}', which is not a program" in done.stderr
    assert target.is_file() and not target.with_suffix(".pdf").exists()


def test_locked_export_cannot_be_read_without_the_password(journal):
    done, target = export(journal, "--encrypt", env={"JOURNALGEN_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert "locked" in done.stdout
    text = target.read_text(encoding="utf-8")
    for word in ("First session", "Soft blue", "Leaves", "family", "grief", "relief", "Sam's journal"):
        assert word not in text
    soup = BeautifulSoup(text, "html5lib")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "'unsafe-inline'" not in csp and re.search(r"script-src 'sha256-[^']+'", csp)
    done, _ = export(journal, "--encrypt", "--pdf", env={"JOURNALGEN_PASSWORD": PASSWORD}, name="y.html")
    assert done.returncode == 1 and "cannot be locked" in done.stderr


@pytest.mark.browser
def test_locked_export_opens_with_the_password(journal, tmp_path, browser):
    from playwright.sync_api import expect

    done, target = export(journal, "--encrypt", env={"JOURNALGEN_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(target, alone / "export.html")
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((alone / "export.html").as_uri())
        page.fill("#jg-password", "the wrong one")
        page.click("#jg-unlock")
        expect(page.get_by_role("alert")).to_contain_text("does not open")
        assert page.locator("article").count() == 0
        page.fill("#jg-password", PASSWORD)
        page.click("#jg-unlock")
        expect(page.locator("article")).to_have_count(len(SHAREABLE))
        expect(page.locator("h1")).to_have_text("Sam's journal")
        assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
        assert errors == []
    finally:
        page.close()


def test_export_lock_page_and_locked_export_are_valid_html(journal, tmp_path):
    """The Nu HTML checker (installed by `make test`, like test_validity's) finds no error."""
    vnu = REPO / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
    java = shutil.which("java")
    assert java and vnu.is_file(), "run `make test` once: it installs Java and the Nu HTML checker"
    done, plain = export(journal)
    assert done.returncode == 0, done.stderr
    done, locked = export(journal, "--encrypt", env={"JOURNALGEN_PASSWORD": PASSWORD}, name="locked.html")
    assert done.returncode == 0, done.stderr
    done = run_cli("build", "--root", journal, "--encrypt", env={"JOURNALGEN_PASSWORD": PASSWORD})
    assert done.returncode == 0, done.stderr
    pages = [str(plain), str(locked), str(journal / "site" / "index.html")]
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    assert [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")] == []
