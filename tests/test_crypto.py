"""The locked journal (`build --encrypt`): what an outsider can see, and the format, checked from
outside: the decryption here is written from the README's description, not from crypto.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from journalgen.config import load_config
from journalgen.source.reader import read_journal
from journalgen.write import MARKER, MARKER_TEXT
from tests.conftest import REPO, BuiltJournal, entry, journalgen_exe, run_cli
from tests.helpers import tree

PASSWORD = "a quiet harbour at seven"
ENV = {"JOURNALGEN_PASSWORD": PASSWORD}
BLOB_FILE = re.compile(r'window\.__jg && __jg\.blob\("(\d{25})", "([A-Za-z0-9+/]+=*)"\);\n')
KEYINFO = re.compile(r"window\.__jgKey = (\{.*\});\n")
WORD = re.compile(r"[^\W\d_]{4,}")
CHECK_FILE = f"x/{'0' * 25}.js"
PLAIN_FILES = {"index.html", "robots.txt", MARKER, "assets/keyinfo.js", "assets/lock.css", "assets/unlock.js"}
SHELL_SOURCES = [
    REPO / "templates" / "lock" / name for name in ("index.html", "_form.html", "lock.css", "unlock.js")
]
SHELL_SOURCES.append(REPO / "templates" / "_private_head.html")  # included by the unlock page
"""The files a locked site shows in plain text (with keyinfo.js, robots.txt and the build marker).
They are the same for every journal (checked below), so their own words, such as "password",
"remember", "locked", "window", "function" or "journal", may occur in an entry without leaking it."""


def shell_words(root: Path) -> set[str]:
    """The words of the unlock page's shipped source and its crisis text (from journal.toml, shown
    before unlocking on purpose), the build marker and the blob wrapper."""
    texts = [p.read_text(encoding="utf-8") for p in SHELL_SOURCES] + [load_config(root).crisis_text]
    texts += [MARKER_TEXT, MARKER, 'window.__jg && __jg.blob("", "");', "window.__jgKey", "robots.txt"]
    return {w.casefold() for text in texts for w in WORD.findall(text)}


def journal_words(root: Path) -> set[str]:
    """Every word longer than three letters of every entry's body, title, tags and emotions."""
    config = load_config(root)
    words: set[str] = set()
    for e in read_journal(config, convert=False).chosen(config.drafts):
        for text in (e.body, e.title, *e.tags, *e.emotions):
            words |= {w.casefold() for w in WORD.findall(text)}
    return words


def locked_build(root: Path, *extra: str, env: dict[str, str] | None = None) -> dict[str, bytes]:
    done = run_cli("build", "--root", root, "--encrypt", *extra, env=ENV if env is None else env)
    assert done.returncode == 0, done.stderr
    return tree(root / "site")


def key_info(files: dict[str, bytes]) -> dict[str, object]:
    match = KEYINFO.fullmatch(files["assets/keyinfo.js"].decode("ascii"))
    assert match, files["assets/keyinfo.js"]
    return json.loads(match.group(1))


class Reader:
    """A locked site's key, derived from the password exactly as the README describes."""

    def __init__(self, password: str, files: dict[str, bytes]) -> None:
        info = key_info(files)
        self.iterations = int(info["iterations"])  # type: ignore[arg-type]
        self.salt = bytes.fromhex(str(info["salt"]))
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=self.salt, iterations=self.iterations)
        master = kdf.derive(password.encode("utf-8"))
        self.aes = HKDF(hashes.SHA256(), 32, self.salt, b"journalgen/1 aes-gcm").derive(master)
        self.names = HKDF(hashes.SHA256(), 32, self.salt, b"journalgen/1 names").derive(master)
        self.files = files

    def name(self, path: str) -> str:
        digest = hmac.new(self.names, path.encode("utf-8"), hashlib.sha256).digest()
        return f"x/{int.from_bytes(digest[:10], 'big'):025d}.js"

    def blob(self, path: str) -> bytes:
        match = BLOB_FILE.fullmatch(self.files[self.name(path)].decode("ascii"))
        assert match
        return base64.b64decode(match.group(2))

    def open_blob(self, path: str, blob: bytes) -> bytes:
        assert blob[0] == 1
        padded = AESGCM(self.aes).decrypt(blob[1:13], blob[13:], b"journalgen/1:" + path.encode("utf-8"))
        return padded[4 : 4 + int.from_bytes(padded[:4], "big")]

    def read(self, path: str) -> bytes:
        return self.open_blob(path, self.blob(path))


@pytest.fixture(scope="module")
def sample_site(built_journal: BuiltJournal) -> tuple[Path, dict[str, bytes]]:
    """The sample journal locked with PASSWORD, built once for the session: its root and files."""
    locked = built_journal(password=PASSWORD)
    return locked.root, tree(locked.site)


def test_no_word_of_the_journal_is_readable_in_any_file(sample_site):
    root, files = sample_site
    words = journal_words(root)
    fixed = shell_words(root)
    assert len(words) > 500  # the sample journal really is being searched
    leaks: dict[str, list[str]] = {}
    for path, data in files.items():
        text = data.decode("utf-8", errors="ignore")
        if path.startswith("x/"):
            match = BLOB_FILE.fullmatch(text)
            assert match, f"{path} is not exactly one blob"
            text = text.replace(match.group(2), "")  # the ciphertext, checked by the format tests
        low = text.casefold()
        for word in words:
            if re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", low):
                leaks.setdefault(word, []).append(path)
    readable = {w: p for w, p in leaks.items() if w not in fixed}
    assert readable == {}
    # A blob's file holds nothing but the fixed wrapper around the ciphertext.
    assert {w for w, paths in leaks.items() if any(p.startswith("x/") for p in paths)} <= {"window", "blob"}


def test_no_path_names_anything_of_the_journal(sample_site):
    root, files = sample_site
    words = journal_words(root)
    assert set(files) - PLAIN_FILES == {p for p in files if re.fullmatch(r"x/\d{25}\.js", p)}
    fixed = shell_words(root)
    for path in files:
        named = {w for w in words if w in path.casefold()}
        assert named <= fixed, path
        if path.startswith("x/"):
            assert named == set()


def test_the_plain_files_are_the_same_for_every_journal(sample_site, make_journal):
    _, files = sample_site
    other = make_journal({"2026/2026-01-02-x.md": entry("title: Other", "Nothing alike.\n")})
    other_files = locked_build(other)
    for path in PLAIN_FILES - {"assets/keyinfo.js"}:
        assert files[path] == other_files[path], path
    for name in ("lock.css", "unlock.js"):
        assert files[f"assets/{name}"] == (REPO / "templates" / "lock" / name).read_bytes()
    assert key_info(files).keys() == {"format", "kdf", "iterations", "salt"}


def test_a_page_decrypts_with_the_documented_format(sample_site, built_journal):
    root, files = sample_site
    reader = Reader(PASSWORD, files)
    assert key_info(files)["kdf"] == "PBKDF2-HMAC-SHA256"
    assert reader.iterations >= 600_000
    assert len(reader.salt) == 16 and len(reader.aes) == 32  # AES-256
    plain = built_journal().site  # the same sample journal, built without a password
    page = "entries/2026/2026-08-19-first-infusion.html"
    assert reader.read(page) == (plain / page).read_bytes()
    assert reader.read("index.html") == (plain / "index.html").read_bytes()
    image = "entries/2026/images/after-session-sketch.png"
    assert reader.read(image) == (root / "entries/2026/images/after-session-sketch.png").read_bytes()
    assert reader.read("assets/style.css") == (plain / "assets/style.css").read_bytes()
    # Every blob of the site opens, and there is one per file of the plain site plus the check.
    plain_files = set(tree(plain)) - {"robots.txt", MARKER}
    assert {reader.name(p) for p in plain_files} | {CHECK_FILE} == {p for p in files if p.startswith("x/")}
    check = BLOB_FILE.fullmatch(files[CHECK_FILE].decode()).group(2)  # type: ignore[union-attr]
    assert reader.open_blob(".journalgen-check", base64.b64decode(check)) == b"journalgen check\n"


def test_a_tampered_or_swapped_blob_fails(sample_site):
    _, files = sample_site
    reader = Reader(PASSWORD, files)
    page = "entries/2026/2026-08-19-first-infusion.html"
    blob = bytearray(reader.blob(page))
    for at in (5, 40, len(blob) // 2, len(blob) - 1):  # nonce, ciphertext, tag
        bad = bytearray(blob)
        bad[at] ^= 0x01
        with pytest.raises(InvalidTag):
            reader.open_blob(page, bytes(bad))
    with pytest.raises(InvalidTag):  # a blob moved to another page's name does not open there
        reader.open_blob("index.html", bytes(blob))
    with pytest.raises(InvalidTag):
        Reader("a quiet harbour at eight", files).open_blob(page, bytes(blob))


def test_same_password_same_salt_and_names_new_password_new_salt(tmp_path, sample_journal):
    first = locked_build(sample_journal)
    second = locked_build(sample_journal)
    assert key_info(first) == key_info(second)
    assert set(first) == set(second)
    for path in PLAIN_FILES:
        assert first[path] == second[path]
    assert first == second  # unchanged files keep their blobs: nothing to sync, nothing for git
    elsewhere = sample_journal.parent / "elsewhere"
    fresh = tree(elsewhere) if locked_build(sample_journal, "--output", str(elsewhere)) else {}
    blobs = [p for p in first if p.startswith("x/")]
    assert all(fresh[p] != first[p] for p in blobs)  # a new site folder: fresh nonces everywhere
    assert all(len(fresh[p]) == len(first[p]) for p in first)
    cache = json.loads((sample_journal / ".journalgen-cache" / "lock.json").read_text())
    assert cache.keys() == {"format", "salt", "iterations", "check"}
    assert PASSWORD not in (sample_journal / ".journalgen-cache" / "lock.json").read_text()

    third = locked_build(sample_journal, env={"JOURNALGEN_PASSWORD": "another long passphrase"})
    assert key_info(third)["salt"] != key_info(first)["salt"]
    assert (set(third) - PLAIN_FILES) & (set(first) - PLAIN_FILES) == {CHECK_FILE}
    Reader("another long passphrase", third).read("index.html")


def test_a_rebuild_reseals_only_what_changed(sample_journal):
    first = locked_build(sample_journal)
    entry_file = sample_journal / "entries/2026/2026-09-09-third-infusion.md"
    entry_file.write_text(entry_file.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    second = locked_build(sample_journal)
    reader = Reader(PASSWORD, second)
    page = "entries/2026/2026-09-09-third-infusion.html"
    changed = sorted(p for p in first if first[p] != second.get(p))
    # its page, its words in search, and the page of its last question (the line ends its answer)
    last = "threads/session-one-small-step-this-week.html"
    assert changed == sorted(reader.name(p) for p in (page, "assets/search/2026-09.js", last))
    assert "One more line." in reader.read(page).decode("utf-8")


def test_padding_hides_how_long_an_entry_is(make_journal):
    long_body = "\n\n".join(
        f"Paragraph {n}: the afternoon went slowly, and I wrote it all down as it came." for n in range(90)
    )
    root = make_journal(
        {
            "2026/2026-03-01-short.md": entry("title: Short", "Fine.\n"),
            "2026/2026-03-02-long.md": entry("title: Long", long_body + "\n"),
        }
    )
    files = locked_build(root)
    reader = Reader(PASSWORD, files)
    short = "entries/2026/2026-03-01-short.html"
    long = "entries/2026/2026-03-02-long.html"
    assert len(reader.read(long)) > 4 * len(reader.read(short))
    assert len(files[reader.name(short)]) == len(files[reader.name(long)])


def test_a_short_password_is_warned_about_not_refused(make_journal):
    root = make_journal({"a.md": entry("date: 2026-01-01")})
    done = run_cli("build", "--root", root, "--encrypt", env={"JOURNALGEN_PASSWORD": "tiny"})
    assert done.returncode == 0
    assert "14" in done.stderr and "warning" in done.stderr
    assert (root / "site" / "assets" / "keyinfo.js").is_file()


def test_no_password_is_a_clear_error_and_writes_nothing(make_journal):
    root = make_journal({"a.md": entry("date: 2026-01-01")})
    env = {k: v for k, v in os.environ.items() if k != "JOURNALGEN_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-m", "journalgen", "build", "--root", str(root), "--encrypt"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "JOURNALGEN_PASSWORD" in done.stderr and "Traceback" not in done.stderr
    assert not (root / "site").exists()
    done = run_cli("build", "--root", root, "--encrypt", env={"JOURNALGEN_PASSWORD": ""})
    assert done.returncode == 1 and "empty" in done.stderr
    assert not (root / "site").exists()


def on_a_terminal(root: Path, answers: list[str]) -> tuple[int, str, int]:
    """Run `build --encrypt` on a pseudo-terminal, typing one answer per password prompt.

    Returns the exit code, everything the terminal showed, and how many prompts there were."""
    env = {k: v for k, v in os.environ.items() if k != "JOURNALGEN_PASSWORD"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command, with the pty as its terminal
        os.execve(journalgen_exe(), [journalgen_exe(), "build", "--root", str(root), "--encrypt"], env)
    shown, prompts, pending = b"", 0, list(answers)
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        assert ready, f"no output for 30 s: {shown!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child is gone
            break
        if not chunk:
            break
        shown += chunk
        if shown.rstrip().endswith(b":") and shown.count(b":") > prompts and pending:
            prompts = shown.count(b":")
            os.write(fd, pending.pop(0).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace"), len(answers) - len(pending)


def test_asks_on_a_terminal_twice_for_a_new_password_once_for_a_known_one(make_journal):
    root = make_journal({"a.md": entry("date: 2026-01-01")})
    code, shown, asked = on_a_terminal(root, [PASSWORD, PASSWORD])
    assert (code, asked) == (0, 2), shown
    assert PASSWORD not in shown  # typed without echo
    salt = key_info(tree(root / "site"))["salt"]
    code, shown, asked = on_a_terminal(root, [PASSWORD])
    assert (code, asked) == (0, 1), shown
    assert key_info(tree(root / "site"))["salt"] == salt
    code, shown, asked = on_a_terminal(root, ["a different passphrase", "a different passfrase"])
    assert (code, asked) == (1, 2), shown
    assert "the two passwords differ" in shown
    assert key_info(tree(root / "site"))["salt"] == salt  # nothing was written


def test_encrypt_and_password_env_in_journal_toml(make_journal):
    root = make_journal(
        {"a.md": entry("date: 2026-01-01\ntags: [garden]")},
        config='encrypt = true\npassword_env = "MY_JOURNAL_KEY"\n',
    )
    done = run_cli("build", "--root", root, env={"MY_JOURNAL_KEY": PASSWORD})
    assert done.returncode == 0, done.stderr
    assert "locked" in done.stdout
    files = tree(root / "site")
    assert "tags/garden.html" not in files
    assert b"<h1>" in Reader(PASSWORD, files).read("tags/garden.html")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('encrypt = "yes"', "journal.toml:1: encrypt must be true or false"),
        ('password_env = "my key"', "journal.toml:1: password_env 'my key' is not an environment variable"),
    ],
)
def test_bad_lock_settings_are_errors(make_journal, setting, message):
    root = make_journal({"a.md": entry("date: 2026-01-01")}, config=setting + "\n")
    done = run_cli("build", "--root", root)
    assert done.returncode == 1
    assert message in done.stderr


def test_a_plain_build_over_a_locked_site_is_refused_unless_unlock(make_journal):
    root = make_journal({"a.md": entry("date: 2026-01-01")})
    locked_build(root)
    locked = tree(root / "site")
    done = run_cli("build", "--root", root, env={"JOURNALGEN_PASSWORD": None})
    assert done.returncode == 1
    assert done.stderr.startswith(
        "site: this site is locked with a password, and this build would write it readable; build with "
        "--encrypt (or set encrypt = true in journal.toml) to keep it locked, or with --unlock to write "
        "it readable on purpose\n"
    )
    assert tree(root / "site") == locked
    served = run_cli("serve", "--root", root, "--port", "0", env={"JOURNALGEN_PASSWORD": None})
    assert served.returncode == 1 and "this site is locked with a password" in served.stderr
    assert tree(root / "site") == locked

    done = run_cli("build", "--root", root, "--unlock", env={"JOURNALGEN_PASSWORD": None})
    assert done.returncode == 0, done.stderr
    assert done.stderr == "journalgen: writing site readable, as --unlock asks.\n"
    assert b"Some words." in tree(root / "site")["entries/a.html"]
    again = run_cli("build", "--root", root)  # readable now: no more --unlock needed
    assert again.returncode == 0 and again.stderr == ""


def test_plain_builds_never_load_cryptography(make_journal):
    root = make_journal({"a.md": entry("date: 2026-01-01")})
    code = (
        "import sys; from journalgen.build import build; from journalgen.config import load_config; "
        f"build(load_config(__import__('pathlib').Path({str(root)!r}))); "
        "print('cryptography' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
