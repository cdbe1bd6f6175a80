"""Attachments a browser opens as documents (SVG, HTML), published so that they can only show.

An SVG or HTML file opened by itself (a link from an entry, the file opened from the site folder)
is a document: its scripts run, its links, refreshes and styles call out, with no
Content-Security-Policy to stop them. So:

- an SVG shown as an image (`<img>`, or SVG's own `<image>`) runs nothing and loads nothing: one
  with anything beyond shapes and text is published as a small SVG that shows the original as an
  image, at the original's size, so the drawing is all there wherever it is opened; an SVG of
  plain shapes is copied as it is;
- an HTML (or XHTML, XML) file is published as a page that shows the original inside a frame,
  sandboxed but for its origin, under a policy that lets it load only files of its folder: its
  words, styles and pictures show; its scripts, forms, refreshes and links to elsewhere do nothing.
"""

from __future__ import annotations

import base64
import re
from html import escape

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


_SVG = (".svg",)
_PAGES = (".html", ".htm", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".shtml")
FRAME_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
    "media-src 'self'; frame-src 'none'; form-action 'none'; base-uri 'none'"
)
"""The published page's policy, which its frame inherits: nothing from elsewhere, no script."""


def is_document(name: str) -> bool:
    """Whether a file of entries/ opens as a document that could run (by its name, as a browser decides)."""
    return name.lower().endswith(_SVG + _PAGES)


def published(name: str, data: bytes) -> bytes | None:
    """What the site holds for a document file of entries/: None for the file as it is."""
    if name.lower().endswith(_SVG):
        return inert_svg(data)
    return framed_page(name.rsplit("/", 1)[-1], data)


def framed_page(name: str, data: bytes) -> bytes:
    """A page showing an HTML file inside a sandboxed frame (see the module)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")  # what browsers take an HTML file without a charset for
    title = escape(name)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{FRAME_POLICY}">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{title}</title>\n"
        "<style>html,body{margin:0;height:100%}iframe{display:block;border:0;width:100%;height:100%}</style>\n"
        # sandboxed, but for its origin (so its folder's pictures show): no script, form, pop-up or
        # leaving the frame; the policy it inherits keeps it from loading or framing anything else.
        f'</head><body><iframe sandbox="allow-same-origin" title="{title}" '
        f'srcdoc="{escape(text, quote=True)}"></iframe>'
        "</body></html>\n"
    ).encode()


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


def document_warning(rel: str, data: bytes) -> Problem | None:
    """The warning for a document of entries/ (is_document) with these bytes, if it is published
    otherwise than as it is."""
    if published(rel, data) is None:
        return None
    if rel.lower().endswith(_SVG):
        return Problem(
            f"entries/{rel}",
            None,
            "warning: this SVG holds more than a drawing (a script, a link or a reference to another "
            "file), which would run or call out when it is opened; the site shows it as an image, so "
            "nothing in it runs",
        )
    return Problem(
        f"entries/{rel}",
        None,
        "warning: a page opened from the site runs its scripts and follows its refreshes and links; "
        "the site shows this one in a closed frame, where its words and pictures show and nothing "
        "runs or calls out (a PDF or a picture keeps it as it is)",
    )
