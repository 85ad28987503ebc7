"""A comment's text to safe HTML: paragraphs, line breaks, auto-linked URLs, and a small Markdown
subset (emphasis, code, quotes, links, lists). Raw HTML is shown as text, never interpreted.

Comments brought from WordPress are stored as the HTML WordPress kept (``Comment.body_format``
"html"): that is sanitized to the tags WordPress allows in comments, never read as Markdown (an
indented line there is not code, and ``<cite>`` is not text)."""

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


# What WordPress lets a commenter write ($allowedtags in wp-includes/kses.php), with the
# attributes it allows, plus the paragraphs and line breaks its wpautop() adds on display.
WORDPRESS_TAGS = {
    "a", "abbr", "acronym", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s",
    "strike", "strong", "p", "br",
}  # fmt: skip
WORDPRESS_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "q": {"cite"},
}


BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
BLOCK_START_RE = re.compile(r"<(?:p|blockquote|ul|ol|pre|div)\b", re.IGNORECASE)


def _paragraphs(text: str) -> str:
    """WordPress's display of a comment, in short: blank lines part paragraphs, a single newline
    is a line break; a chunk that is already a block is left as it is."""
    chunks = BLANK_LINE_RE.split(text.replace("\r\n", "\n").strip())
    blocks = []
    for chunk in (chunk.strip() for chunk in chunks):
        if not chunk:
            continue
        if BLOCK_START_RE.match(chunk):
            blocks.append(chunk)
        else:
            blocks.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(blocks)


def render_comment(text: str, *, body_format: str = "markdown") -> str:
    """Safe HTML for a comment body; links get rel="nofollow ugc noopener"."""
    if body_format == "html":
        return nh3.clean(
            _paragraphs(text or ""),
            tags=WORDPRESS_TAGS,
            attributes=WORDPRESS_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
            strip_comments=True,
        )
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
