"""Markdown in, sanitized HTML out: the one road from an author's text to a reader's page."""

import functools
import re
from html import unescape

import markdown
import nh3

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


def _markdown_converter() -> markdown.Markdown:
    # A fresh converter per call: markdown.Markdown keeps state between conversions.
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)


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


def render_markdown(text: str) -> str:
    """Render an author's Markdown to HTML that is safe to show as it is."""
    return sanitize_html(_markdown_converter().convert(text or ""))


BLOCK_BOUNDARY_RE = re.compile(r"<br\s*/?>|</(?:p|h[1-6]|li|blockquote|div|figure|tr|td|th)>", re.I)
TAG_RE = re.compile(r"<[^>]+>")
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
    tokens = html_to_text(html).split(" ")
    if len(tokens) <= words:
        return " ".join(tokens)
    return " ".join(tokens[:words]).rstrip(",;:.") + "…"
