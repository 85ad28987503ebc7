"""Block-editor markup that needs more than its HTML to keep its layout on a Broadsheet page.

Broadsheet's sanitizer keeps classes but drops every ``style`` attribute (the CSP allows no
inline styles, and an author's CSS could dress a page up as another site's), so what a block
says only in a style becomes a class that static/css/broadsheet.css knows, or an element:

- a column's ``flex-basis`` becomes ``basis-NN`` (the nearest of a few common widths);
- an old cover block's ``background-image`` becomes the cover's background ``<img>``, as the
  block editor has saved covers since WordPress 5.7;
- a group saved with a row/stack layout gets WordPress's render-time ``is-layout-flex`` class;
- the footnotes block (dynamic: its notes live in the ``footnotes`` post meta) becomes the list.
"""

from __future__ import annotations

import html
import json
import re

COLUMN_RE = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\bwp-block-column\b[^\"]*\"[^>]*>", re.I)
FLEX_BASIS_RE = re.compile(r"flex-basis:\s*([\d.]+)%", re.I)
BASES = (25, 33, 40, 50, 60, 66, 75)
COVER_RE = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\bwp-block-cover\b[^\"]*\"[^>]*>", re.I)
BACKGROUND_RE = re.compile(r"background-image:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)
GROUP_LAYOUT_RE = re.compile(
    r"<!--\s*wp:group\s+(\{.*?\})\s*-->(\s*<div\b[^>]*\bclass=\")", re.S | re.I
)
FOOTNOTES_BLOCK_RE = re.compile(r"<!--\s*wp:footnotes\b[^>]*?/-->", re.S)
FILE_EMBED_RE = re.compile(r"<object\b[^>]*\bwp-block-file__embed\b[^>]*>.*?</object>", re.S | re.I)


def _add_class(tag: str, name: str) -> str:
    return re.sub(r'\bclass="([^"]*)"', lambda m: f'class="{m[1]} {name}"', tag, count=1)


def column_widths(text: str) -> str:
    def widen(match: re.Match) -> str:
        tag = match.group(0)
        basis = FLEX_BASIS_RE.search(tag)
        if basis is None:
            return tag
        nearest = min(BASES, key=lambda value: abs(value - float(basis.group(1))))
        return _add_class(tag, f"basis-{nearest}")

    return COLUMN_RE.sub(widen, text)


def cover_backgrounds(text: str) -> str:
    def background(match: re.Match) -> str:
        tag = match.group(0)
        found = BACKGROUND_RE.search(tag)
        if found is None:
            return tag
        src = html.escape(html.unescape(found.group(1)), quote=True)
        return f'{tag}<img class="wp-block-cover__image-background" alt="" src="{src}">'

    return COVER_RE.sub(background, text)


def group_layouts(text: str) -> str:
    def layout(match: re.Match) -> str:
        try:
            attributes = json.loads(match.group(1))
        except ValueError:
            return match.group(0)
        kind = (attributes.get("layout") or {}).get("type") if isinstance(attributes, dict) else ""
        if kind != "flex":
            return match.group(0)
        orientation = attributes["layout"].get("orientation", "horizontal")
        extra = "is-layout-flex" + (" is-vertical" if orientation == "vertical" else "")
        return f"{match.group(0)}{extra} "

    return GROUP_LAYOUT_RE.sub(layout, text)


def footnotes(text: str, meta: str) -> str:
    """The footnotes block rendered from the post meta's JSON (``[{"id", "content"}]``), as
    WordPress renders it: an ordered list whose items link back to their reference."""
    try:
        notes = json.loads(meta) if meta else []
    except ValueError:
        notes = []
    notes = [note for note in notes if isinstance(note, dict) and note.get("id")]
    items = "".join(
        f'<li id="{html.escape(str(note["id"]))}">{note.get("content", "")} '
        f'<a href="#{html.escape(str(note["id"]))}-link" '
        f'title="Back to the reference">↩︎</a></li>'
        for note in notes
    )
    rendered = f'<ol class="wp-block-footnotes">{items}</ol>' if items else ""
    return FOOTNOTES_BLOCK_RE.sub(lambda match: rendered, text)


def file_previews(text: str) -> str:
    """The file block's inline PDF preview (an <object>) goes; its link and button stay."""
    return FILE_EMBED_RE.sub("", text)
