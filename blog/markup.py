"""Markdown in, sanitized HTML out: the one road from an author's text to a reader's page."""

import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from html import unescape
from typing import Any

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from blog.images import figure_html, picture_html

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small", "source",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "class", "lang", "dir"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"},
}
URL_SCHEMES = {"http", "https", "mailto"}

MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "toc", "smarty"]
MARKDOWN_CONFIG = {"smarty": {"smart_angled_quotes": False}}


# `![alt](image:42)`: an Image from the library, by its id (see blog/images.py).
IMAGE_REF_RE = re.compile(r"!\[[^\]\n]*\]\(\s*image:(\d{1,18})\b")
FIGURE_BLOCK_RE = re.compile(
    r"^ {0,3}!\[(?P<alt>[^\]\n]*)\]\(\s*image:(?P<id>\d+)(?:\s+\"[^\"\n]*\")?\s*\)\s*$"
)
IMAGE_SRC_RE = re.compile(r"^image:(\d*)")


def _image_id(digits: str) -> int | None:
    return int(digits) if digits and len(digits) <= 18 else None


def image_references(text: str) -> set[int]:
    """The ids of the library images a Markdown text refers to, to fetch them in one query."""
    return {int(found) for found in IMAGE_REF_RE.findall(text or "")}


class FigureProcessor(BlockProcessor):
    """A paragraph that is only an image reference becomes the image's <figure>."""

    def __init__(self, parser, images: Mapping[int, Any], lead_image_eager: bool) -> None:
        super().__init__(parser)
        self.images = images
        self.lead_image_eager = lead_image_eager

    def test(self, parent, block) -> bool:
        return FIGURE_BLOCK_RE.match(block) is not None

    def run(self, parent, blocks) -> None:
        match = FIGURE_BLOCK_RE.match(blocks.pop(0))
        image = self.images.get(_image_id(match["id"]))
        if image is None:
            return  # A missing image renders nothing at all.
        # Only an image that opens the text (and is not under a featured image) is above the fold.
        lazy = not (self.lead_image_eager and parent is self.parser.root and len(parent) == 0)
        html = figure_html(image, alt=match["alt"].strip(), lazy=lazy)
        etree.SubElement(parent, "p").text = self.parser.md.htmlStash.store(html)


class InlineImageProcessor(Treeprocessor):
    """An image reference inside a sentence becomes a bare <picture>, or vanishes if missing."""

    def __init__(self, md, images: Mapping[int, Any]) -> None:
        super().__init__(md)
        self.images = images

    def run(self, root) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for parent in list(root.iter()):
            for index, child in reversed(list(enumerate(parent))):
                match = child.tag == "img" and IMAGE_SRC_RE.match(child.get("src", ""))
                if not match:
                    continue
                image = self.images.get(_image_id(match[1]))
                html = picture_html(image, alt=child.get("alt", "").strip()) if image else ""
                replacement = (self.md.htmlStash.store(html) if html else "") + (child.tail or "")
                if index == 0:
                    parent.text = (parent.text or "") + replacement
                else:
                    previous = parent[index - 1]
                    previous.tail = (previous.tail or "") + replacement
                parent.remove(child)
            emptied = parent.tag == "p" and len(parent) == 0 and not (parent.text or "").strip()
            if emptied and parent in parents:  # a paragraph that held only a missing image
                parents[parent].remove(parent)


class ImageReferenceExtension(Extension):
    def __init__(self, images: Mapping[int, Any], lead_image_eager: bool) -> None:
        super().__init__()
        self.images = images
        self.lead_image_eager = lead_image_eager

    def extendMarkdown(self, md) -> None:
        md.parser.blockprocessors.register(
            FigureProcessor(md.parser, self.images, self.lead_image_eager), "image_figure", 17
        )
        md.treeprocessors.register(InlineImageProcessor(md, self.images), "image_inline", 5)


def _markdown_converter(
    images: Mapping[int, Any] | None = None, lead_image_eager: bool = False
) -> markdown.Markdown:
    # A fresh converter per call: markdown.Markdown keeps state between conversions.
    extensions = [*MARKDOWN_EXTENSIONS, ImageReferenceExtension(images or {}, lead_image_eager)]
    return markdown.Markdown(extensions=extensions, extension_configs=MARKDOWN_CONFIG)


def sanitize_html(html: str) -> str:
    """Keep the structure of an article; drop scripts, styles, event handlers and unsafe URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


# WordPress's markers, kept in the rendered body (the sanitizer drops every other comment, so
# these spellings appear in rendered HTML only where we put them).
MORE_MARKER = "<!--more-->"
NEXTPAGE_MARKER = "<!--nextpage-->"
MARKERS_RE = re.compile(r"<!--\s*(more|nextpage)\b[^>]*?-->")
HEADING_TAG_RE = re.compile(r"<(/?)h([1-6])\b", re.I)
TABLE_TAG_RE = re.compile(r"<(/?)table\b[^>]*>", re.I)
PRE_OPEN_RE = re.compile(r"<pre(?=[\s>])", re.I)
TABLE_WRAPPER = '<div class="table-scroll" role="region" aria-label="Table" tabindex="0">'
# Our own wrapper, as the sanitizer leaves it in HTML that was rendered here before (a body
# exported and imported again): taken off, so the table gets one wrapper, not two.
OLD_WRAPPER_RE = re.compile(
    r'<div class="table-scroll">\s*(<table\b(?:(?!<table\b).)*?</table>)\s*</div>', re.I | re.S
)


def _headings_under_title(html: str) -> str:
    """Every heading one level down (for a body that uses <h1>), so the body's headings keep
    their order under the page's own <h1>, the title."""
    return HEADING_TAG_RE.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html)


def _scrolling_tables(html: str) -> str:
    """Each outermost table in a box that scrolls sideways, so it never widens the page."""
    html = OLD_WRAPPER_RE.sub(r"\1", html)
    out, depth, position = [], 0, 0
    for match in TABLE_TAG_RE.finditer(html):
        closing = match[1] == "/"
        if not closing and depth == 0:
            out.append(html[position : match.start()] + TABLE_WRAPPER)
            position = match.start()
        depth += -1 if closing else 1
        if closing and depth == 0:
            out.append(html[position : match.end()] + "</div>")
            position = match.end()
        depth = max(depth, 0)
    if depth:  # unbalanced (the sanitizer closes tables, so this should not happen)
        return html
    return "".join(out) + html[position:]


def _focusable_pre(html: str) -> str:
    """Code and preformatted text scroll sideways when long: a keyboard must reach them too."""
    return PRE_OPEN_RE.sub('<pre tabindex="0"', html)


def render_markdown(
    text: str, *, images: Mapping[int, Any] | None = None, lead_image_eager: bool = False
) -> str:
    """Render an author's Markdown to HTML that is safe to show as it is.

    ``images`` maps the ids that ``image_references(text)`` found to blog Images (fetched by the
    caller in one query); references to ids not in it render nothing. ``lead_image_eager`` lets
    an image that opens the text load eagerly (when no featured image sits above it).
    WordPress's ``<!--more-->`` (the first) and ``<!--nextpage-->`` stay in the result as
    MORE_MARKER and NEXTPAGE_MARKER between the separately rendered parts.
    """
    parts = MARKERS_RE.split(text or "")
    rendered = [
        _markdown_converter(images, lead_image_eager and index == 0).convert(parts[index])
        for index in range(0, len(parts), 2)
    ]
    shift = any(re.search(r"<h1\b", part, re.I) for part in rendered)
    html, seen_more = [], False
    for number, part in enumerate(rendered):
        if number:
            marker = parts[2 * number - 1]
            if marker == "nextpage":
                html.append(NEXTPAGE_MARKER)
            elif not seen_more:
                html.append(MORE_MARKER)
                seen_more = True
        part = _headings_under_title(part) if shift else part
        html.append(_focusable_pre(_scrolling_tables(sanitize_html(part))))
    return "".join(html)


BLOCK_BOUNDARY_RE = re.compile(
    r"<br\s*/?>|</(?:p|h[1-6]|li|blockquote|div|figure|tr|td|th)>|<!--\w+-->", re.I
)
TAG_RE = re.compile(r"<[^>]+>")
FIGURE_RE = re.compile(r"<figure\b.*?</figure>", re.I | re.S)
SPACE_RE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Plain text of some HTML: block ends become spaces, inline tags vanish."""
    text = TAG_RE.sub("", BLOCK_BOUNDARY_RE.sub(" ", html))
    return SPACE_RE.sub(" ", unescape(text)).strip()


@functools.lru_cache(maxsize=512)
def excerpt_from_html(html: str, words: int = 55) -> str:
    """The first ``words`` words of the rendered text, WordPress style, ending in an ellipsis.

    Remembered per body (lists show the same posts again and again; stripping tags is the
    costliest part of rendering them)."""
    tokens = html_to_text(FIGURE_RE.sub(" ", html)).split(" ")  # captions are not the story
    if len(tokens) <= words:
        return " ".join(tokens)
    return " ".join(tokens[:words]).rstrip(",;:.") + "…"
