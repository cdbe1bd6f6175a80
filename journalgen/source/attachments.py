"""SVG attachments that could do more than draw, published so that they can only draw.

An SVG opened by itself (a link from an entry, the file opened from the site folder) is a document:
its scripts run, its links and styles call out, with no Content-Security-Policy to stop them. The
same SVG shown as an image (`<img>`, or SVG's own `<image>`) runs nothing and loads nothing. So an
SVG with anything beyond shapes and text is published as a small SVG that shows the original as an
image, at the original's size: the drawing is all there, wherever and however it is opened, and
nothing in it runs. An SVG of plain shapes is copied as it is.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from journalgen.errors import Problem

_BEYOND_DRAWING = re.compile(
    r"<script|<foreignobject|<iframe|<embed|<object|<a[\s/>]|<handler|<listener|<set[\s/>]|<animate"
    r"|<!entity|<\?xml-stylesheet|xml:base|@import|javascript:|vbscript:|data:"
    r"|\son[a-z0-9_.:-]*\s*="  # onload= and every other event attribute
    r"|href\s*=\s*(?!['\"]#)"  # a link or reference to anything but a part of itself
    r"|url\(\s*(?!['\"]?#)",  # a style reference to another file
    re.IGNORECASE,
)
"""Anything that could run, navigate or call out when the SVG is opened as a document. Entities
cannot hide a name; a value hidden behind an entity (`href="&#106;avascript:"`) does not start with #."""
_ROOT = re.compile(r"<svg\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SIZE_ATTRIBUTES = ("width", "height", "viewBox", "preserveAspectRatio")
_SAFE_VALUE = re.compile(r"[\w\s.,%+-]*\Z")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_VIEW_BOX = re.compile(rf"\s*({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})\s*\Z")


def is_svg(name: str) -> bool:
    """Whether a file of entries/ is an SVG drawing (by its name, as a browser decides)."""
    return name.lower().endswith(".svg")


def inert_svg(data: bytes) -> bytes | None:
    """The SVG to publish for `data` when it could do more than draw (see the module), else None."""
    try:
        text: str | None = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None  # another encoding: it cannot be checked, so it is shown as an image
    if text is not None and not _BEYOND_DRAWING.search(text):
        return None
    root = _ROOT.search(text or "")
    size: dict[str, str] = {}
    for name, double, single in _ATTRIBUTE.findall(root.group(1) if root else ""):
        value = double or single
        if name in _SIZE_ATTRIBUTES and _SAFE_VALUE.match(value):
            size[name] = value.strip()
    view_box = _VIEW_BOX.match(size.get("viewBox", ""))
    if view_box:
        x, y, width, height = view_box.groups()
        box = f'x="{x}" y="{y}" width="{width}" height="{height}"'
    else:
        box = 'width="100%" height="100%"'
    outer = "".join(f' {name}="{size[name]}"' for name in _SIZE_ATTRIBUTES if name in size)
    fit = size.get("preserveAspectRatio", "xMidYMid meet")
    image = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{outer}>'
        "<!-- journalgen: the drawing, shown as an image so that nothing in it runs -->"
        f'<image href="{image}" {box} preserveAspectRatio="{fit}"/></svg>\n'
    ).encode()


def risky_drawings(entries_dir: Path, assets: Iterable[str]) -> Iterator[Problem]:
    """A warning for each SVG of entries/ that inert_svg() publishes as an image."""
    for rel in assets:
        try:
            risky = is_svg(rel) and inert_svg((entries_dir / rel).read_bytes()) is not None
        except OSError:
            continue
        if risky:
            yield Problem(
                f"entries/{rel}",
                None,
                "warning: this SVG holds more than a drawing (a script, a link or a reference to another "
                "file), which would run or call out when it is opened; the site shows it as an image, so "
                "nothing in it runs",
            )
