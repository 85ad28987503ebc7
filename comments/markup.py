"""A comment's text to safe HTML: paragraphs, line breaks, auto-linked URLs, and a small Markdown
subset (emphasis, code, quotes, links, lists). Raw HTML is shown as text, never interpreted."""

import re
import threading

import markdown
import nh3

ALLOWED_TAGS = {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# A bare http(s) URL that is not already the target of a Markdown link or an <autolink>.
BARE_URL_RE = re.compile(r"(?<![(<\[\"'=])\bhttps?://[^\s<>()\[\]\"']+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\""
# Markdown links and <autolinks>: how links are counted for moderation.
LINK_RE = re.compile(r"https?://|www\.", re.IGNORECASE)

UNWANTED_BLOCKS = ["hashheader", "setextheader", "table", "abbr", "footnote", "hr"]
UNWANTED_INLINES = ["html", "image_link", "image_reference", "short_image_ref"]


def _link_bare_urls(text: str) -> str:
    def replace(match: re.Match) -> str:
        url = match.group(0)
        stripped = url.rstrip(TRAILING_PUNCTUATION)
        return f"<{stripped}>{url[len(stripped) :]}"

    return BARE_URL_RE.sub(replace, text)


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["nl2br", "sane_lists"])
    # Raw HTML becomes text: a comment can't smuggle markup, and "<b>" reads as typed.
    md.preprocessors.deregister("html_block")
    for name in UNWANTED_INLINES:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    for name in UNWANTED_BLOCKS:
        if name in md.parser.blockprocessors:
            md.parser.blockprocessors.deregister(name)
    return md


# Setting up a converter (extensions, registries) costs more than converting a comment: each
# thread keeps one and resets it between comments (a Markdown instance is not thread-safe).
_local = threading.local()


def _shared_converter() -> markdown.Markdown:
    md = getattr(_local, "converter", None)
    if md is None:
        md = _local.converter = _converter()
    return md.reset()


def render_comment(text: str) -> str:
    """Safe HTML for a comment body; links get rel="nofollow ugc noopener"."""
    html = _shared_converter().convert(_link_bare_urls(text or ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def count_links(text: str) -> int:
    """How many links a comment carries (bare URLs, Markdown links, www. addresses)."""
    return len(LINK_RE.findall(text or ""))
