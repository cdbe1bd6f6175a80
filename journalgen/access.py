"""What a loopback server may answer: requests to its own host names, for files inside its folder.

A Host header must name exactly one host (a name, an IPv4 address, an IPv6 address in brackets)
with an optional port, so `127.0.0.1:8000@evil.example` or `[::1]evil.example` are not taken for
this computer; a request addressed to another host (absolute-form) is refused; a path never
leads out of the folder, by `..`, a NUL, a backslash or a symlink.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::[0-9]{1,5})?")
"""A Host header: a name, an IPv4 address or an IPv6 address in brackets, then an optional port."""


def host_name(header: str) -> str | None:
    """The host a Host header names (lower case), or None when it is anything but one host and a port."""
    found = _HOST.fullmatch(header.strip().lower())
    return found.group(1) if found else None


def request_path(target: str, hosts: set[str]) -> str | None:
    """The path of a request target: origin-form (`/a/b?q`), or absolute-form (`http://host/a/b`)
    naming one of `hosts`; None for anything else (a request meant for another host)."""
    if target.startswith("/"):
        return target.split("#", 1)[0].split("?", 1)[0]
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme != "http" or host_name(parts.netloc) not in hosts:
        return None
    return parts.path or "/"


def resolve_request_path(root: Path, url_path: str) -> Path | None:
    """The file a URL's (quoted) path names inside root, or None: no `..`, no escape through symlinks."""
    path = unquote(url_path)
    if "\0" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    try:
        real = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    base = root.resolve()
    if real != base and base not in real.parents:
        return None
    if real.is_dir():
        real = real / "index.html"
        if not real.is_file():
            return None
    if any(p.startswith(".") for p in parts):
        return None
    return real if real.is_file() else None
