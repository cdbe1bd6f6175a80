"""A document that stands alone, locked: the whole export sealed into one encrypted blob inside a
standalone unlock page (the same cipher as a locked site, lock/cipher.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets

from journalgen.lock.cipher import SALT_BYTES, SiteKey
from journalgen.site.theme import Theme

LOCK_TEMPLATE = "lock/export.html"
LOCK_STYLE = "lock/lock.css"
LOCK_SCRIPT = "lock/export-unlock.js"
SEALED_PATH = "export.html"
CSP_REST = "img-src data:; form-action 'none'; base-uri 'none'"
"""The end of a standalone document's Content-Security-Policy: images only as data: URIs, no forms."""


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def lock_document(
    theme: Theme,
    language: str,
    document: str,
    password: str,
    *,
    generator: str,
    style: str,
    crisis_text: str,
) -> str:
    """Seal a whole document into one encrypted blob inside a standalone unlock page.

    `style`: the document's own stylesheet, allowed by the page's policy once it is opened.
    `crisis_text`: shown under the password field, readable before it opens.
    """
    key = SiteKey.derive(password, secrets.token_bytes(SALT_BYTES))
    blob = base64.b64encode(key.seal(SEALED_PATH, document.encode("utf-8"))).decode("ascii")
    data = {
        "format": 1,
        "kdf": "PBKDF2-HMAC-SHA256",
        "iterations": key.iterations,
        "salt": key.salt.hex(),
        "path": SEALED_PATH,
        "blob": blob,
    }
    lock_style = theme.source(LOCK_STYLE)
    script = theme.source(LOCK_SCRIPT)
    csp = (
        f"default-src 'none'; script-src {csp_hash(script)}; "
        f"style-src {csp_hash(lock_style)} {csp_hash(style)}; {CSP_REST}"
    )
    return (
        theme.environment()
        .get_template(LOCK_TEMPLATE)
        .render(
            language=language,
            crisis_text=crisis_text,
            generator=generator,
            csp=csp,
            style=lock_style,
            script=script,
            data=json.dumps(data, sort_keys=True),
        )
    )
