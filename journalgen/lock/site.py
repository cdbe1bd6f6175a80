"""Lock a rendered site with a password: every page, image, script and stylesheet becomes an
encrypted blob with an opaque name (lock/cipher.py), behind one plain unlock page.

The salt is kept in the journal's cache folder with a check value, so the same password gives the
same key on every build (a browser that remembered it stays unlocked) and a new password gets a
new salt. The password and the keys are never written anywhere.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Iterable
from pathlib import Path

from journalgen import write
from journalgen.config import Config
from journalgen.errors import JournalError
from journalgen.lock.cipher import (
    BLOB_FOLDER,
    CHECK_PATH,
    CHECK_TEXT,
    FORMAT,
    ITERATIONS,
    KEY_CACHE,
    SALT_BYTES,
    SiteKey,
)
from journalgen.site.theme import Theme

SHELL_TEMPLATE = "lock/index.html"
SHELL_FILES = {"assets/lock.css": "lock/lock.css", "assets/unlock.js": "lock/unlock.js"}
"""Plain files of a locked site besides index.html, keyinfo.js and robots.txt: site path → template."""
PLAIN_PAGES = ("robots.txt",)
"""Rendered files that stay readable in a locked site (they hold nothing of the journal)."""


def _cache_file(config: Config) -> Path:
    return config.cache_dir / KEY_CACHE


def known_key(config: Config, password: str) -> SiteKey | None:
    """The key for the salt kept in the cache, when this password made it; else None."""
    path = _cache_file(config)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        salt = bytes.fromhex(saved["salt"])
        iterations = int(saved["iterations"])
        check = str(saved["check"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if saved.get("format") != FORMAT or len(salt) != SALT_BYTES or iterations < ITERATIONS:
        return None
    key = SiteKey.derive(password, salt, iterations)
    return key if hmac.compare_digest(key.check, check) else None


def new_key(config: Config, password: str) -> SiteKey:
    """A key under a fresh random salt, remembered in the cache (salt and check value only)."""
    key = SiteKey.derive(password, secrets.token_bytes(SALT_BYTES))
    record = {"format": FORMAT, "salt": key.salt.hex(), "iterations": key.iterations, "check": key.check}
    folder = config.cache_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write.atomic_write(
            _cache_file(config), (json.dumps(record, indent=1) + "\n").encode("utf-8"), mode=0o600
        )
    except OSError as exc:
        raise JournalError.at(
            str(folder), None, f"cannot keep the lock's salt here ({exc.strerror}); check the folder"
        ) from None
    return key


def key_info_script(key: SiteKey) -> bytes:
    """`assets/keyinfo.js`: what the browser needs to derive the key (salt and count, no secret)."""
    info = {
        "format": FORMAT,
        "kdf": "PBKDF2-HMAC-SHA256",
        "iterations": key.iterations,
        "salt": key.salt.hex(),
    }
    return f"window.__jgKey = {json.dumps(info, sort_keys=True)};\n".encode("ascii")


def shell_files(config: Config, key: SiteKey) -> list[tuple[str, bytes]]:
    """The plain part of a locked site: the unlock page (with the crisis text, nothing of the
    journal), its stylesheet and script, the key info."""
    theme = Theme.of(config)
    shell = theme.environment().get_template(SHELL_TEMPLATE)
    page = shell.render(language=config.language, crisis_text=config.crisis_text)
    files = [("index.html", page.encode("utf-8")), ("assets/keyinfo.js", key_info_script(key))]
    for site_path, name in SHELL_FILES.items():
        files.append((site_path, theme.source(name).encode("utf-8")))
    return files


def encrypt_site(
    config: Config,
    pages: Iterable[tuple[str, bytes]],
    copies: Iterable[tuple[str, Path]],
    key: SiteKey,
    previous: Path | None = None,
) -> tuple[list[tuple[str, bytes]], list[tuple[str, Path]]]:
    """Turn a whole rendered site (pages and files to copy) into the locked site: same shape out.

    Every file becomes a blob except robots.txt; the shell's own files are added in plain text.
    `previous`: the locked site as last built, whose blobs are kept for files that did not change.
    """
    out: list[tuple[str, bytes]] = []
    for path, data in pages:
        out.append((path, data) if path in PLAIN_PAGES else key.blob_file(path, data, previous))
    for path, source in copies:
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise JournalError.at(str(source), None, f"cannot be read: {exc.strerror}") from None
        out.append(key.blob_file(path, data, previous))
    out.append(key.blob_file(CHECK_PATH, CHECK_TEXT, previous))
    out.extend(shell_files(config, key))
    return sorted(out), []


def is_locked_site(folder: Path) -> bool:
    """Whether a built site folder holds a locked site (so a plain build would unlock it)."""
    try:
        return (folder / "assets" / "keyinfo.js").is_file() and (folder / BLOB_FOLDER).is_dir()
    except OSError:  # a folder that cannot be: check_output says why
        return False
