"""The cipher of a locked site or export, pure: keys from a password, opaque names, sealed blobs.

The format (version 1; the README's "Locked journal" section says the same for people):

- master key = PBKDF2-HMAC-SHA256(password in NFC, salt, ITERATIONS), 32 bytes; the 16-byte
  random salt and the count are stored in plain text in `assets/keyinfo.js`;
- AES-256-GCM key and name key = HKDF-SHA256(master key, salt, info "journalgen/1 aes-gcm" or
  "journalgen/1 names"), 32 bytes each;
- a file at site path P is stored as `x/N.js`, N = the first 10 bytes of HMAC-SHA256(name key, P)
  as a 25-digit number (25 zeros for the password check blob, CHECK_PATH), holding
  `window.__jg && __jg.blob("N", "<base64 blob>");`, so it loads with `<script src>` from file://
  (where fetch does not work);
- blob = version byte 1 | 12-byte random nonce | AES-GCM ciphertext with tag, additional data
  "journalgen/1:" + P (a blob cannot be swapped for another); the plaintext is the length as 4
  bytes big-endian, the file, then zeros up to the bucket size (`bucket_size`).

The salt is kept in the journal's cache folder with a check value, so the same password gives the
same key on every build (a browser that remembered it stays unlocked) and a new password gets a new
salt. The password and the keys are never written anywhere. `cryptography` is imported only here,
and only when something is locked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
ITERATIONS = 600_000
"""PBKDF2-HMAC-SHA256 rounds: OWASP's current figure. Never lower (tests check it)."""
SALT_BYTES = 16
NONCE_BYTES = 12
NAME_BYTES = 10
NAME_DIGITS = 25
"""Opaque names are digits only, so no word can ever show in a file name, even by chance."""
MIN_PASSWORD_LENGTH = 14

MIN_BUCKET = 16 * 1024
"""Every blob's plaintext is at least this big: all ordinary entry pages look alike."""
_MIB = 1024 * 1024

BLOB_FOLDER = "x"
CHECK_PATH = ".journalgen-check"
"""The logical path of the small blob the browser opens first to test a password."""
CHECK_TEXT = b"journalgen check\n"
CHECK_NAME = "0" * NAME_DIGITS
"""The check blob's fixed file stem: a wrong password finds it and fails to decrypt it, so the
browser can say "wrong password" instead of "missing file"."""
KEY_CACHE = "lock.json"
AAD_PREFIX = b"journalgen/1:"
INFO_AES = b"journalgen/1 aes-gcm"
INFO_NAMES = b"journalgen/1 names"
INFO_CHECK = b"journalgen/1 check"


def bucket_size(length: int) -> int:
    """The padded plaintext size for `length` bytes: 16 KiB, then powers of two up to 1 MiB, then
    whole MiB. A one-line entry and a long one land in the same bucket."""
    if length <= MIN_BUCKET:
        return MIN_BUCKET
    if length <= _MIB:
        return 1 << (length - 1).bit_length()
    return -(-length // _MIB) * _MIB


def password_warning(password: str) -> str | None:
    """A gentle word about a short password (never a refusal)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"warning: the password has {len(password)} characters; one of at least "
            f"{MIN_PASSWORD_LENGTH} (a few unrelated words) is much harder to guess."
        )
    return None


def _hkdf(master: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(master)


@dataclass(frozen=True)
class SiteKey:
    """The keys of one locked site, derived from a password and a salt; held in memory only."""

    salt: bytes
    iterations: int
    master: bytes = field(repr=False)
    aes: bytes = field(repr=False)
    names: bytes = field(repr=False)

    @classmethod
    def derive(cls, password: str, salt: bytes, iterations: int = ITERATIONS) -> SiteKey:
        """Run PBKDF2 (about half a second) and HKDF; the password is not kept."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

        text = unicodedata.normalize("NFC", password).encode("utf-8")
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
        master = kdf.derive(text)
        return cls(
            salt=salt,
            iterations=iterations,
            master=master,
            aes=_hkdf(master, salt, INFO_AES),
            names=_hkdf(master, salt, INFO_NAMES),
        )

    @property
    def check(self) -> str:
        """A value that tells whether a password gives this key, without revealing the key."""
        return _hkdf(self.master, self.salt, INFO_CHECK).hex()

    def name(self, path: str) -> str:
        """The opaque file stem of a site path: 25 digits, the same in the browser."""
        if path == CHECK_PATH:
            return CHECK_NAME
        digest = hmac.new(self.names, path.encode("utf-8"), hashlib.sha256).digest()
        return str(int.from_bytes(digest[:NAME_BYTES], "big")).zfill(NAME_DIGITS)

    def seal(self, path: str, data: bytes) -> bytes:
        """Pad and encrypt one file for site path `path` with a fresh random nonce."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        body = len(data).to_bytes(4, "big") + data
        padded = body + bytes(bucket_size(len(body)) - len(body))
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self.aes).encrypt(nonce, padded, AAD_PREFIX + path.encode("utf-8"))
        return bytes([FORMAT]) + nonce + sealed

    def open(self, path: str, blob: bytes) -> bytes:
        """Decrypt a blob made by `seal` for the same path; raises InvalidTag if anything differs."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not blob or blob[0] != FORMAT:
            raise ValueError("not a journalgen blob of format 1")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        padded = AESGCM(self.aes).decrypt(nonce, sealed, AAD_PREFIX + path.encode("utf-8"))
        length = int.from_bytes(padded[:4], "big")
        return padded[4 : 4 + length]

    def blob_file(self, path: str, data: bytes, previous: Path | None = None) -> tuple[str, bytes]:
        """The site file that carries `data` for `path`: (x/N.js, script text).

        When `previous` (the site as last built) holds this path's blob and it opens to the same
        bytes, that blob is kept as it is: an unchanged file stays byte-identical between builds
        (good for git and for syncing), and a nonce is only ever reused with the same plaintext.
        """
        name = self.name(path)
        site_path = f"{BLOB_FOLDER}/{name}.js"
        if previous is not None:
            kept = self._reusable(previous / BLOB_FOLDER / f"{name}.js", name, path, data)
            if kept is not None:
                return site_path, kept
        payload = base64.b64encode(self.seal(path, data)).decode("ascii")
        script = f'window.__jg && __jg.blob("{name}", "{payload}");\n'
        return site_path, script.encode("ascii")

    def _reusable(self, file: Path, name: str, path: str, data: bytes) -> bytes | None:
        from cryptography.exceptions import InvalidTag

        prefix = f'window.__jg && __jg.blob("{name}", "'.encode("ascii")
        try:
            script = file.read_bytes()
        except OSError:
            return None
        if not script.startswith(prefix) or not script.endswith(b'");\n'):
            return None
        try:
            same = self.open(path, base64.b64decode(script[len(prefix) : -4], validate=True)) == data
        except (InvalidTag, ValueError):
            return None
        return script if same else None
