"""WordPress post HTML → what Broadsheet stores (HTML inside the Markdown body, sanitized on save).

The conversion is pure: the importer passes in how to find the new address of an old link and of
an uploaded file, and gets back the new body and a list of what could not be converted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from blog.markup import ALLOWED_TAGS
from wordpress import blocks
from wordpress.autop import wpautop
from wordpress.embeds import AUDIO, LINK, VIDEO, card_html, is_web_url, provider_for

BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
# WordPress's page breaks and "read more" marker split the content (each part is converted on its
# own, as WordPress formats each page); they are kept for blog.markup. <!--noteaser--> is dropped.
MARKER_RE = re.compile(r"<!--\s*(more|nextpage)\b.*?-->", re.S)
NOTEASER_RE = re.compile(r"<!--\s*noteaser\s*-->", re.S)
CAPTION_RE = re.compile(
    r"\[(?P<tag>wp_caption|caption)(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/(?P=tag)\]", re.S
)
GALLERY_RE = re.compile(r"\[gallery(?P<attrs>[^\]]*?)/?\]")
EMBED_RE = re.compile(r"\[embed(?P<attrs>[^\]]*)\](?P<url>.*?)\[/embed\]", re.S)
# [audio mp3="…"][/audio], [video mp4="…" poster="…"]…[/video] (the closing tag is optional).
MEDIA_RE = re.compile(
    r"\[(?P<kind>audio|video|playlist)(?P<attrs>[^\]]*)\](?:(?P<inner>.*?)\[/(?P=kind)\])?", re.S
)
AUDIO_KEYS = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac")
VIDEO_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
# WordPress embeds a URL that stands alone on its line (WP_Embed::autoembed).
BARE_URL_RE = re.compile(r"^(?P<lead>[ \t]*)(?P<url>https?://[^\s<>\"]+)[ \t]*$", re.M)
# The embed block: <figure class="wp-block-embed …"><div class="wp-block-embed__wrapper">URL</div>
BLOCK_EMBED_RE = re.compile(
    r"<figure\b[^>]*\bwp-block-embed\b[^>]*>\s*<div\b[^>]*wp-block-embed__wrapper[^>]*>\s*"
    r"(?P<url>[^<\s]+)\s*</div>\s*(?:<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>\s*)?</figure>",
    re.S | re.I,
)
IFRAME_RE = re.compile(r"<iframe\b[^>]*>.*?</iframe>|<iframe\b[^>]*/>", re.S | re.I)
SHORTCODE_RE = re.compile(r"\[(?P<name>[A-Za-z][\w-]*)(?:\s[^\]]*)?/?\]")
ATTR_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))""")
IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
# The block editor names the attachment shown: <img class="wp-image-302">.
ATTACHMENT_CLASS_RE = re.compile(r"\bwp-image-(\d+)\b")
LINK_OPEN_RE = re.compile(r"<a\b[^>]*>", re.I)
TAG_NAME_RE = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b")
FIRST_MEDIA_RE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)


def shortcode_attributes(text: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(next(g for g in match.groups()[1:] if g is not None))
        for match in ATTR_RE.finditer(text)
    }


def tag_attribute(tag: str, name: str) -> str | None:
    match = re.search(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
    if match is None:
        return None
    return html.unescape(next(g for g in match.groups() if g is not None))


def set_tag_attribute(tag: str, name: str, value: str) -> str:
    escaped = html.escape(value, quote=True)
    pattern = re.compile(rf"""(\s{name}\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
    if pattern.search(tag):
        return pattern.sub(lambda m: f'{m.group(1)}"{escaped}"', tag, count=1)
    return re.sub(r"\s*/?>$", lambda m: f' {name}="{escaped}"{m.group(0)}', tag, count=1)


def remove_tag_attribute(tag: str, name: str) -> str:
    return re.sub(rf"""\s{name}\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", "", tag, flags=re.I)


@dataclass
class Converted:
    body: str
    problems: list[str] = field(default_factory=list)


@dataclass
class ContentConverter:
    """Turns one post's WordPress content into Broadsheet's body.

    ``new_link(href)`` returns the new address of an internal link, or None to keep it.
    ``new_image(src, attachment_id)`` returns the address of the picture's local copy, or None
    when there is none (the importer records why): the picture's alt text then stands in its
    place, so no picture points at another host. ``gallery(attrs)`` returns the image addresses
    of a ``[gallery]`` (its ``ids``, or the post's attached images).
    """

    new_link: Callable[[str], str | None]
    new_image: Callable[[str, str], str | None]
    gallery: Callable[[dict[str, str]], list[tuple[str, str]]]
    #: addresses of local copies this converter wrote itself: kept as they are
    made: set[str] = field(default_factory=set)

    def convert(self, content: str, *, footnotes: str = "") -> Converted:
        """``footnotes`` is the post's ``footnotes`` meta (JSON), for the footnotes block."""
        problems: list[str] = []
        is_blocks = "<!-- wp:" in content
        if is_blocks:
            content = blocks.footnotes(blocks.group_layouts(content), footnotes)
        text = NOTEASER_RE.sub("", BLOCK_COMMENT_RE.sub("", content))
        parts = MARKER_RE.split(text)
        body = self._convert_part(parts[0], problems, is_blocks)
        for index in range(1, len(parts), 2):
            marker = f"<!--{parts[index]}-->"
            body += f"\n\n{marker}\n\n" + self._convert_part(parts[index + 1], problems, is_blocks)
        return Converted(body=body.strip("\n") + "\n" if body.strip() else "", problems=problems)

    def _convert_part(self, text: str, problems: list[str], is_blocks: bool) -> str:
        text = CAPTION_RE.sub(self._caption, text)
        text = GALLERY_RE.sub(lambda match: self._gallery(match, problems), text)
        text = MEDIA_RE.sub(lambda match: self._media(match, problems), text)
        text = EMBED_RE.sub(self._embed, text)
        text = BLOCK_EMBED_RE.sub(self._block_embed, text)
        text = IFRAME_RE.sub(lambda match: self._iframe(match, problems), text)
        text = BARE_URL_RE.sub(self._bare_url, text)
        text = blocks.file_previews(blocks.cover_backgrounds(blocks.column_widths(text)))
        for match in SHORTCODE_RE.finditer(text):
            problems.append(f"shortcode [{match.group('name')}] left as text: {match.group(0)}")
        if not is_blocks:
            text = wpautop(text)
        text = IMG_RE.sub(self._image, text)
        text = LINK_OPEN_RE.sub(self._link, text)
        removed = sorted(
            {
                name.lower()
                for name in TAG_NAME_RE.findall(text)
                if name.lower() not in ALLOWED_TAGS and name.lower() != "pre"
            }
        )
        problems.extend(f"<{name}> removed (not allowed in posts)" for name in removed)
        return self._markdown_safe(text).strip()

    def _caption(self, match: re.Match) -> str:
        # As WordPress's img_caption_shortcode() writes it for HTML5 themes.
        attrs = shortcode_attributes(match.group("attrs"))
        inner = match.group("inner").strip()
        media = FIRST_MEDIA_RE.match(inner)
        if media:
            image, caption = media.group(1), media.group(2).strip()
        else:
            image, caption = inner, ""
        caption = caption or attrs.get("caption", "")
        align = attrs.get("align", "")
        css = "wp-caption" + (f" {align}" if align and align != "none" else "")
        figcaption = caption and f'<figcaption class="wp-caption-text">{caption}</figcaption>'
        return f'<figure class="{html.escape(css)}">{image}{figcaption}</figure>'

    def _gallery(self, match: re.Match, problems: list[str]) -> str:
        # As gallery_shortcode() writes it: columns (default 3), size (default thumbnail) and
        # link (to the file, to nothing, or by default to the attachment page: here the file).
        attrs = shortcode_attributes(match.group("attrs"))
        images = self.gallery(attrs)
        if not images:
            problems.append(f"[gallery] with no images found: {match.group(0)}")
            return ""
        columns = attrs.get("columns", "3")
        columns = columns if columns.isdigit() and 0 < int(columns) <= 9 else "3"
        size = re.sub(r"[^\w-]", "", attrs.get("size", "thumbnail")) or "thumbnail"
        linked = attrs.get("link", "") != "none"
        items = []
        for src, alt, *_ in images:
            self.made.add(src)
            image = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
            if linked:
                image = f'<a href="{html.escape(src)}">{image}</a>'
            items.append(f'<figure class="gallery-item">{image}</figure>')
        css = f"gallery gallery-columns-{columns} gallery-size-{size}"
        return f'<div class="{css}">{"".join(items)}</div>'

    def _media(self, match: re.Match, problems: list[str]) -> str:
        """[audio] and [video]: a card linking to the file (no player: nothing is fetched)."""
        kind = match.group("kind")
        attrs = shortcode_attributes(match.group("attrs"))
        if kind == "playlist":
            problems.append(f"[playlist] left out: {match.group(0)[:200]}")
            return ""
        keys = AUDIO_KEYS if kind == "audio" else VIDEO_KEYS
        url = next((attrs[key] for key in keys if attrs.get(key)), "")
        if not url:
            found = re.search(r"""\ssrc=["']([^"']+)""", match.group("inner") or "")
            url = html.unescape(found.group(1)) if found else ""
        if not url:
            problems.append(f"[{kind}] without a file left out: {match.group(0)[:200]}")
            return ""
        # The card's link is rewritten like every other link (new_link), after this.
        provider = provider_for(url) or (AUDIO if kind == "audio" else VIDEO)
        name = url.rstrip("/").rsplit("/", 1)[-1]
        return "\n\n" + card_html(url, provider, title=name) + "\n\n"

    def _embed(self, match: re.Match) -> str:
        # Nothing from other sites is embedded in a page: the embed becomes a card.
        url = html.unescape(match.group("url").strip())
        return "\n\n" + self._card(url) + "\n\n"

    def _block_embed(self, match: re.Match) -> str:
        url = html.unescape(match.group("url").strip())
        caption = (match.group("caption") or "").strip()
        return self._card(url, caption_html=caption)

    def _iframe(self, match: re.Match, problems: list[str]) -> str:
        src = tag_attribute(match.group(0), "src") or ""
        if src.startswith("//"):
            src = "https:" + src
        if not is_web_url(src):
            problems.append(f"<iframe> removed: {match.group(0)[:200]}")
            return ""
        title = tag_attribute(match.group(0), "title") or ""
        return "\n\n" + self._card(src, title=title) + "\n\n"

    def _bare_url(self, match: re.Match) -> str:
        url = html.unescape(match.group("url"))
        if provider_for(url) is None:
            return match.group(0)  # WordPress would make it a link at most: the text stays
        return match.group("lead") + self._card(url)

    @staticmethod
    def _card(url: str, *, title: str = "", caption_html: str = "") -> str:
        if not is_web_url(url):
            return html.escape(url)
        provider = provider_for(url) or LINK
        return card_html(url, provider, title=title, caption_html=caption_html)

    def _image(self, match: re.Match) -> str:
        # srcset and sizes name the old site's resized copies: the local copy stands alone.
        tag = remove_tag_attribute(remove_tag_attribute(match.group(0), "srcset"), "sizes")
        src = tag_attribute(tag, "src") or ""
        if src in self.made:
            return tag
        attachment = ATTACHMENT_CLASS_RE.search(tag_attribute(tag, "class") or "")
        new_src = self.new_image(src, attachment.group(1) if attachment else "") if src else None
        if new_src is None:
            alt = (tag_attribute(tag, "alt") or "").strip()
            return f'<span class="image-missing">{html.escape(alt)}</span>' if alt else ""
        self.made.add(new_src)
        return set_tag_attribute(tag, "src", new_src)

    def _link(self, match: re.Match) -> str:
        tag = match.group(0)
        href = tag_attribute(tag, "href")
        if not href or href in self.made:
            return tag
        new_href = self.new_link(href)
        return tag if new_href is None else set_tag_attribute(tag, "href", new_href)

    @staticmethod
    def _markdown_safe(text: str) -> str:
        # Each top-level block on its own, separated by a blank line, so Markdown passes the
        # HTML through as raw blocks instead of reading it as Markdown.
        return re.sub(
            r"\n(?=<(?:p|div|figure|ul|ol|blockquote|h[1-6]|table|pre|hr)\b)", "\n\n", text
        )


def comment_text(content: str) -> str:
    """A WordPress comment's HTML → the plain text Broadsheet keeps for a comment body."""
    text = BLOCK_COMMENT_RE.sub("", content)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text, flags=re.I)
    text = re.sub(
        r"<a\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>",
        lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} ({m.group(1)})",
        text,
        flags=re.I | re.S,
    )
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()
