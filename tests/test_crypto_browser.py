"""The locked journal in a real browser: unlock from file:// and when served, browse, lock again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import KEEP_EVENTS, BuiltJournal, entry, run_cli, wait_until_listening

pytestmark = pytest.mark.browser

PASSWORD = "a quiet harbour at seven"
ENV = {"JOURNALGEN_PASSWORD": PASSWORD}
STORED = "Object.keys({...sessionStorage, ...localStorage}).filter(k => k.startsWith('jg-key:'))"


@pytest.fixture(scope="module")
def locked_sample(built_journal: BuiltJournal) -> Path:
    return built_journal(password=PASSWORD).site


class Watch:
    """What a page asked for and complained about."""

    def __init__(self, page: Page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def blobs(self) -> set[str]:
        return {u.rsplit("/", 1)[1] for u in self.requests if "/x/" in u}


def unlock(page: Page, password: str = PASSWORD, remember: bool = False) -> None:
    page.fill("#jg-password", password)
    if remember:
        page.check("#jg-remember")
    page.click("#jg-unlock")


def test_wrong_then_right_password_browse_and_lock(browser, locked_sample):
    from playwright.sync_api import expect

    page = browser.new_page()
    watch = Watch(page)
    page.goto(locked_sample.joinpath("index.html").as_uri())
    expect(page).to_have_title("Locked")
    expect(page.get_by_label("Password")).to_be_visible()

    unlock(page, "not the right one at all")
    expect(page.get_by_role("alert")).to_contain_text("does not open")
    assert page.locator(".site-header").count() == 0
    assert watch.blobs() == {"0000000000000000000000000.js"}  # only the check blob was opened
    assert page.evaluate(STORED) == []

    unlock(page)
    expect(page.locator("h1")).to_have_text("My KAP journal")
    expect(page.get_by_label("Password")).to_be_hidden()
    assert page.evaluate(STORED) != []

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Timeline").click()
    expect(page.locator("h1")).to_have_text("Timeline")
    page.get_by_role("link", name="First infusion").first.click()
    expect(page.locator("h1")).to_have_text("First infusion")
    expect(page.locator(".entry-body")).to_contain_text("gentler than I had braced for")
    assert re.search(r"/index\.html#![\w-]+$", page.url)  # the address names nothing
    expect(page).to_have_title("Journal")  # nor does the title the browser's history keeps

    page.locator(".chips-tags").get_by_role("link", name="music").click()
    expect(page.locator("h1")).to_have_text("Tag: music")
    nav.get_by_role("link", name="Timeline").click()
    expect(page.locator("h1")).to_have_text("Timeline")
    expect(page).to_have_title("Journal")
    expect(page.get_by_label("Password")).to_be_hidden()

    page.go_back()
    expect(page.locator("h1")).to_have_text("Tag: music")
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Timeline")

    nav.get_by_role("link", name="Search").click()  # its index and script are blobs too
    expect(page.locator("#search-ui")).to_be_visible()
    page.get_by_label("Words in a title or entry").fill("sawdust")
    expect(page.get_by_role("status")).to_have_text("1 entry found.")
    page.locator("#search-results").get_by_role("link", name="Second infusion").click()
    expect(page.locator("h1")).to_have_text("Second infusion")
    expect(page.get_by_label("Password")).to_be_hidden()

    page.goto(  # a readable address still works, and is replaced by its encrypted form
        locked_sample.joinpath("index.html").as_uri()
        + "#/entries/2026/2026-10-25-morning-after-the-home-session.html"
    )
    expect(page).to_have_url(re.compile(r"/index\.html#![\w-]+$"))
    page.reload()  # a new load of the shell: the key from sessionStorage, no password asked
    image = page.locator(".entry-body img")
    expect(image).to_have_attribute("src", re.compile("^blob:"))
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_label("Password")).to_be_hidden()

    page.get_by_role("button", name="Lock").click()
    expect(page.get_by_label("Password")).to_be_visible()
    assert page.locator(".site-header").count() == 0
    assert page.evaluate(STORED) == []
    page.reload()
    expect(page.get_by_label("Password")).to_be_visible()
    assert page.evaluate(STORED) == []
    assert watch.errors == []
    assert all(u.startswith(("file://", "blob:", "data:")) for u in watch.requests)
    page.close()


def test_remember_on_this_device_survives_a_new_tab_until_locked(browser, locked_sample):
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    page.goto(locked_sample.joinpath("index.html").as_uri())
    unlock(page, remember=True)
    expect(page.locator("h1")).to_have_text("My KAP journal")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('jg-key:')).length") == 1
    stored = page.evaluate("Object.values(localStorage).join('')")
    assert PASSWORD not in stored and re.fullmatch(r"[0-9a-f]{64}", stored)

    other = context.new_page()
    other.goto(locked_sample.joinpath("index.html").as_uri() + "#/timeline.html")
    expect(other.locator("h1")).to_have_text("Timeline")
    other.get_by_role("button", name="Lock").click()
    expect(other.get_by_label("Password")).to_be_visible()
    assert other.evaluate("localStorage.length") == 0
    expect(page.get_by_label("Password")).to_be_visible()  # the first tab locks too
    context.close()


def test_page_scripts_run_and_the_links_they_make_stay_inside(browser, make_journal):
    """Pages that load scripts (the search page does) get them decrypted, in order, and links the
    scripts write into the page open inside the locked site."""
    from playwright.sync_api import expect

    root = make_journal(
        {
            "2026/2026-05-01-a.md": entry("title: A spring morning", "Birds.\n"),
            "/templates/index.html": (
                '{% extends "base.html" %}\n'
                '{% block main %}<h1>Home</h1><p id="said">not run</p><div id="found"></div>'
                "<script src=\"{{ url('assets/data.js') }}\"></script>"
                "<script src=\"{{ url('assets/find.js') }}\"></script>{% endblock %}\n"
            ),
            "/templates/static/data.js": (
                'window.FOUND = {title: "A spring morning", url: "entries/2026/2026-05-01-a.html"};\n'
            ),
            "/templates/static/find.js": (
                "var a = document.createElement('a');\n"
                "a.href = window.FOUND.url; a.textContent = window.FOUND.title;\n"
                "document.getElementById('found').append(a);\n"
                "document.getElementById('said').textContent = 'script ran';\n"
            ),
        }
    )
    done = run_cli("build", "--root", root, "--encrypt", env=ENV)
    assert done.returncode == 0, done.stderr
    assert not list((root / "site").rglob("find.js"))
    page = browser.new_page()
    watch = Watch(page)
    page.goto((root / "site" / "index.html").as_uri())
    unlock(page)
    expect(page.locator("#said")).to_have_text("script ran")
    page.locator("#found").get_by_role("link", name="A spring morning").click()
    expect(page.locator("h1")).to_have_text("A spring morning")
    assert re.search(r"/index\.html#![\w-]+$", page.url)
    assert watch.errors == []
    page.close()


def test_the_pages_that_say_whether_it_works_open_in_a_locked_site(browser, locked_sample):
    """Measures (the lift of each session), Body and Threads: charts, tables and answers, all
    from the encrypted blobs, nothing asked of the network."""
    from playwright.sync_api import expect

    page = browser.new_page()
    watch = Watch(page)
    page.goto(locked_sample.joinpath("index.html").as_uri())
    unlock(page)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Measures").click()
    expect(page.locator("h1")).to_have_text("Measures")
    lift = page.get_by_role("img", name="Mood by days after each session")
    expect(lift).to_be_visible()
    assert lift.locator("path, polyline").count() > 0
    expect(page.locator("#lifts-heading")).to_be_visible()
    assert page.locator("table.data tbody tr").count() > 3

    nav.get_by_role("link", name="Body").click()
    expect(page.locator("h1")).to_have_text("Body")
    expect(page.locator("#dissociation-heading")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    assert page.locator("table.data tbody tr").count() > 1

    nav.get_by_role("link", name="Threads").click()
    expect(page.locator("h1")).to_have_text("Threads")
    page.get_by_role("link", name="What do I want to invite in?").first.click()
    expect(page.locator("h1")).to_have_text("What do I want to invite in?")
    expect(page.locator("main")).to_contain_text("Slower mornings.")
    expect(page.get_by_label("Password")).to_be_hidden()
    assert watch.errors == []
    assert all(u.startswith(("file://", "blob:", "data:")) for u in watch.requests)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lock_page_and_unlocked_pages_pass_axe(browser, locked_sample, scheme):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page = browser.new_page(color_scheme=scheme)
    page.goto(locked_sample.joinpath("index.html").as_uri())
    found = {"form": Axe().run(page).response["violations"]}
    unlock(page, "not it")
    expect(page.get_by_role("alert")).to_contain_text("does not open")
    found["wrong password"] = Axe().run(page).response["violations"]
    unlock(page)
    expect(page.locator("h1")).to_have_text("My KAP journal")
    found["unlocked"] = Axe().run(page).response["violations"]
    page.get_by_role("link", name="Skip to content").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/index\.html#![\w-]+$"))  # "#main" made opaque too
    assert {k: [v["id"] for v in found[k]] for k in found} == {k: [] for k in found}
    page.close()


def test_without_webcrypto_the_page_says_why(browser, locked_sample):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.add_init_script("Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined});")
    page.goto(locked_sample.joinpath("index.html").as_uri())
    expect(page.get_by_role("alert")).to_contain_text("WebCrypto")
    expect(page.get_by_role("alert")).to_contain_text("plain HTTP")
    expect(page.get_by_role("button", name="Unlock")).to_be_disabled()
    page.close()


def test_a_served_locked_site_reloads_after_a_save_and_stays_unlocked(browser, make_journal, monkeypatch):
    from playwright.sync_api import expect

    from tests.test_serve import Server, free_port

    root = make_journal({"2026/2026-05-01-a.md": entry("title: A walk", "Leaves everywhere.\n")})
    monkeypatch.setenv("JOURNALGEN_PASSWORD", PASSWORD)
    server = Server(root, free_port(), "--encrypt")
    try:
        server.wait_for("Serving")
        page = browser.new_page()
        page.add_init_script(KEEP_EVENTS)
        watch = Watch(page)
        page.goto(f"http://127.0.0.1:{server.port}/#/entries/2026/2026-05-01-a.html")
        unlock(page)
        expect(page.locator(".entry-body")).to_contain_text("Leaves everywhere.")
        wait_until_listening(page)  # the page has subscribed to rebuild events
        (root / "entries/2026/2026-05-01-a.md").write_text(
            entry("title: A walk", "Changed while locked.\n"), encoding="utf-8"
        )
        expect(page.locator(".entry-body")).to_contain_text("Changed while locked.", timeout=15_000)
        expect(page.get_by_label("Password")).to_be_hidden()
        assert watch.errors == []
        wait_until_listening(page)  # the reloaded page has subscribed again
        (root / "entries/2026/2026-05-01-a.md").write_text(
            entry("title: A walk\nroute: teleport", "Broken.\n"), encoding="utf-8"
        )
        banner = page.locator(".journalgen-error")  # the same before and after the password: no entry named
        expect(banner).to_contain_text("Why is said in the terminal", timeout=15_000)
        assert "2026-05-01" not in (banner.text_content() or "")
        assert "2026-05-01-a.md:3: unknown route" in server.wait_for("unknown route")
        expect(page.locator(".entry-body")).to_contain_text("Changed while locked.")  # the last good one
        page.close()
    finally:
        code, output = server.stop()
    assert code == 0, output
    assert not (root / "site" / "entries").exists()
