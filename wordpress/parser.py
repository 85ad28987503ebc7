"""Read a WordPress eXtended RSS file (WXR 1.0 to 1.2) as a stream of plain records.

The file is parsed with ``iterparse`` behind defusedxml (no DTDs, no entity expansion): each
channel-level element (an author, a category, a tag, an item) is turned into a dataclass when it
closes, then cleared, so memory stays flat however long the file is.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import iterparse

# Namespaces are compared without their scheme and trailing slash: WordPress writes
# "http://wordpress.org/export/1.2/", its own published exports "https://...", and hand-edited
# files drop the slash. Anything else under the same prefix is a foreign namespace.
WP_NAMESPACE_RE = re.compile(r"^wordpress\.org/export/(?P<version>\d+\.\d+)(?P<excerpt>/excerpt)?$")
CONTENT_NAMESPACE = "purl.org/rss/1.0/modules/content"
DC_NAMESPACE = "purl.org/dc/elements/1.1"
WFW_NAMESPACE = "wellformedweb.org/CommentAPI"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# The WXR versions WordPress has written (1.0 in 2.5, 1.1 in 3.1, 1.2 in 3.4 and ever since).
KNOWN_VERSIONS = {"1.0", "1.1", "1.2"}


class WXRError(Exception):
    """The file is not a WXR export we can read; the message says where and why."""


@dataclass
class Author:
    wp_id: str
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category (``parent`` is the parent's slug) or a tag."""

    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: str = ""  # WordPress's id of the term (menus name categories by it)


@dataclass
class WPComment:
    wp_id: str
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: str = "0"
    user_id: str = "0"
    # wp:commentmeta: plugins keep what a comment from elsewhere was there ("protocol", ...).
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Item:
    """One ``<item>``. ``wp_id`` is the key it is known by: its ``wp:post_id`` when that is there
    and not already taken in the file, else a key made from its guid, link or title and date
    (``original_id`` keeps what the file said)."""

    wp_id: str
    original_id: str = ""
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    slug: str = ""
    status: str = ""
    comment_status: str = "open"
    post_parent: str = "0"
    menu_order: str = "0"
    is_sticky: bool = False
    attachment_url: str = ""
    password: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WPComment] = field(default_factory=list)


@dataclass
class Channel:
    """The blog's own addresses, used to tell internal links from external ones."""

    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    #: What the reader noticed about the file as a whole (an unknown version...).
    warnings: list[str] = field(default_factory=list)


def normalized_namespace(uri: str) -> str:
    """``https://wordpress.org/export/1.2/`` → ``wordpress.org/export/1.2``."""
    return re.sub(r"^https?://", "", uri.strip(), flags=re.I).rstrip("/")


def local_name(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id`` (any WXR version, http or
    https, with or without the trailing slash)."""
    if not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    namespace = normalized_namespace(uri)
    if match := WP_NAMESPACE_RE.match(namespace):
        prefix = "excerpt" if match.group("excerpt") else "wp"
    elif namespace == CONTENT_NAMESPACE:
        prefix = "content"
    elif namespace == DC_NAMESPACE:
        prefix = "dc"
    elif namespace == WFW_NAMESPACE:
        prefix = "wfw"
    else:
        prefix = "other"
    return f"{prefix}:{name}"


def _text(element: Element) -> str:
    return (element.text or "").strip()


def _children(element: Element) -> dict[str, str]:
    return {local_name(child.tag): (child.text or "") for child in element}


def _author(element: Element) -> Author:
    values = {key: value.strip() for key, value in _children(element).items()}
    return Author(
        wp_id=values.get("wp:author_id", ""),
        login=values.get("wp:author_login", ""),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
    )


def _category(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy="category",
        slug=values.get("wp:category_nicename", "").strip(),
        name=values.get("wp:cat_name", "").strip(),
        parent=values.get("wp:category_parent", "").strip(),
        description=values.get("wp:category_description", "").strip(),
        term_id=values.get("wp:term_id", "").strip(),
    )


def _term(element: Element) -> Term:
    """A ``wp:term`` of another taxonomy (a menu, a post format...)."""
    values = _children(element)
    return Term(
        taxonomy=values.get("wp:term_taxonomy", "").strip(),
        slug=values.get("wp:term_slug", "").strip(),
        name=values.get("wp:term_name", "").strip(),
        parent=values.get("wp:term_parent", "").strip(),
        description=values.get("wp:term_description", "").strip(),
    )


def _tag(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy="post_tag",
        slug=values.get("wp:tag_slug", "").strip(),
        name=values.get("wp:tag_name", "").strip(),
        description=values.get("wp:tag_description", "").strip(),
    )


def _comment(element: Element) -> WPComment:
    values = _children(element)
    return WPComment(
        wp_id=values.get("wp:comment_id", "").strip(),
        author=values.get("wp:comment_author", "").strip(),
        author_email=values.get("wp:comment_author_email", "").strip(),
        author_url=values.get("wp:comment_author_url", "").strip(),
        author_ip=values.get("wp:comment_author_IP", "").strip(),
        date=values.get("wp:comment_date", "").strip(),
        date_gmt=values.get("wp:comment_date_gmt", "").strip(),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "1").strip(),
        type=values.get("wp:comment_type", "").strip(),
        parent=values.get("wp:comment_parent", "0").strip() or "0",
        user_id=values.get("wp:comment_user_id", "0").strip() or "0",
        meta=_meta(element, "wp:commentmeta"),
    )


def _meta(element: Element, name: str) -> dict[str, str]:
    """The meta_key → meta_value pairs of an element's ``name`` children."""
    meta = {}
    for child in element:
        if local_name(child.tag) == name:
            values = _children(child)
            meta[values.get("wp:meta_key", "").strip()] = values.get("wp:meta_value", "")
    return meta


ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_id": "wp_id",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_name": "slug",
    "wp:status": "status",
    "wp:comment_status": "comment_status",
    "wp:post_parent": "post_parent",
    "wp:menu_order": "menu_order",
    "wp:post_type": "post_type",
    "wp:attachment_url": "attachment_url",
    "wp:post_password": "password",
}
UNSTRIPPED_FIELDS = {"content", "excerpt"}


def _item(element: Element) -> Item:
    item = Item(wp_id="")
    for child in element:
        name = local_name(child.tag)
        if name in ITEM_FIELDS:
            attribute = ITEM_FIELDS[name]
            value = child.text or ""
            setattr(item, attribute, value if attribute in UNSTRIPPED_FIELDS else value.strip())
        elif name == "wp:is_sticky":
            item.is_sticky = _text(child) == "1"
        elif name == "category":
            taxonomy = child.get("domain", "category")
            name_text = _text(child)
            item.terms.append(
                Term(taxonomy=taxonomy, slug=child.get("nicename", "").strip(), name=name_text)
            )
        elif name == "wp:postmeta":
            values = _children(child)
            item.meta[values.get("wp:meta_key", "").strip()] = values.get("wp:meta_value", "")
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    return item


Record = Channel | Author | Term | Item


class CountingReader:
    """A file wrapper that remembers how many bytes were read, for progress reports."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.bytes_read += len(data)
        return data


class PeekedReader:
    """Reads the first bytes ahead (to tell an HTML page from XML), then hands them on."""

    def __init__(self, raw: BinaryIO, size: int = 1024) -> None:
        self.raw = raw
        self.head = raw.read(size)
        self._pending = self.head

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self.raw.read(size)


class ItemKeys:
    """Gives every item a key of its own, the same on every read of the same file.

    The item's ``wp:post_id`` when it has one not seen before in the file; otherwise its guid,
    its link, or its title and date (an item with none of them is numbered by its place)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.position = 0

    def assign(self, item: Item) -> None:
        self.position += 1
        item.original_id = item.wp_id
        candidates = [item.wp_id] if item.wp_id.isdigit() else []
        candidates += [
            self._made("guid", item.guid),
            self._made("link", item.link),
            self._made("title", f"{item.title}|{item.date_gmt or item.date}")
            if item.title or item.date
            else "",
            f"item:{self.position}",
        ]
        key = next(key for key in candidates if key and key not in self.taken)
        self.taken.add(key)
        item.wp_id = key

    @staticmethod
    def _made(kind: str, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        if len(value) > 200:
            value = hashlib.sha256(value.encode()).hexdigest()
        return f"{kind}:{value}"


NOT_WXR_HINT = "export the site with WordPress's Tools → Export and import that .xml file"
NOT_HTML = f"Not a WordPress export: this is an HTML page; {NOT_WXR_HINT}."


def read_wxr(source: BinaryIO) -> Iterator[Record]:
    """Yield the channel's addresses first, then authors, terms and items in file order.

    Raises WXRError (one sentence, with the line number where there is one) on malformed XML,
    forbidden DTDs or entities, or a file that is not a WordPress export: an HTML page, an Atom
    feed, a plain RSS feed, or one whose ``wp:`` namespace is not WordPress's.
    """
    reader = PeekedReader(source)
    head = reader.head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise WXRError(NOT_HTML)
    channel = Channel()
    channel_sent = False
    depth = 0
    channel_element: Element | None = None
    wp_prefix_uris: list[str] = []
    keys = ItemKeys()
    try:
        for event, element in iterparse(reader, events=("start-ns", "start", "end")):
            if event == "start-ns":
                prefix, uri = element
                if prefix in ("wp", "excerpt"):
                    wp_prefix_uris.append(uri)
                continue
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WXRError(_not_rss(element.tag))
                if depth == 2 and element.tag == "channel":
                    channel_element = element
                continue
            depth -= 1
            if depth != 2 or channel_element is None:
                continue
            name = local_name(element.tag)
            record: Record | None = None
            if name == "link":
                channel.link = _text(element)
            elif name == "wp:base_site_url":
                channel.base_site_url = _text(element)
            elif name == "wp:base_blog_url":
                channel.base_blog_url = _text(element)
            elif name == "wp:wxr_version":
                channel.wxr_version = _text(element)
            elif name == "wp:author":
                record = _author(element)
            elif name in ("wp:category", "wp:term"):
                record = _category(element) if name == "wp:category" else _term(element)
            elif name == "wp:tag":
                record = _tag(element)
            elif name == "item":
                if not channel_sent and not channel.wxr_version:
                    _check_item_is_wordpress(element, wp_prefix_uris)
                record = _item(element)
                keys.assign(record)
            if record is not None:
                if not channel_sent:
                    _check_channel(channel, wp_prefix_uris)
                    channel_sent = True
                    yield channel
                yield record
            # Drop what was read: the channel keeps no children, so memory stays flat.
            channel_element.clear()
    except ParseError as error:
        line, column = error.position
        raise WXRError(
            f"The file is not well-formed XML at line {line}, column {column + 1}: "
            f"{_reason(error)}."
        ) from error
    except DTDForbidden as error:
        if (error.name or "").lower() == "html":
            raise WXRError(NOT_HTML) from error
        raise WXRError(f"The file was refused for safety: {error}.") from error
    except DefusedXmlException as error:
        raise WXRError(f"The file was refused for safety: {error}.") from error
    if channel_element is None:
        raise WXRError(f"Not a WordPress export: there is no RSS <channel> in it; {NOT_WXR_HINT}.")
    if not channel_sent:
        _check_channel(channel, wp_prefix_uris)
        yield channel


def _not_rss(tag: str) -> str:
    if tag in (f"{{{ATOM_NAMESPACE}}}feed", "feed"):
        return f"Not a WordPress export: this is an Atom feed; {NOT_WXR_HINT}."
    if local_name(tag).rpartition(":")[2].lower() == "html":
        return NOT_HTML
    return f"Not a WordPress export: the root element is <{tag}>, not <rss>; {NOT_WXR_HINT}."


def _foreign(uris: list[str]) -> str | None:
    for uri in uris:
        if not WP_NAMESPACE_RE.match(normalized_namespace(uri)):
            return uri
    return None


def _not_wordpress(uris: list[str]) -> WXRError:
    if foreign := _foreign(uris):
        return WXRError(
            f"Not a WordPress export: its wp: namespace is {foreign}, not WordPress's "
            f"(http://wordpress.org/export/1.2/); {NOT_WXR_HINT}."
        )
    return WXRError(
        "Not a WordPress export: this is a plain RSS feed, without WordPress's export elements "
        f"(wp:wxr_version, wp:post_id); {NOT_WXR_HINT}."
    )


def _check_item_is_wordpress(element: Element, uris: list[str]) -> None:
    if not any(local_name(child.tag).startswith("wp:") for child in element):
        raise _not_wordpress(uris)


def _check_channel(channel: Channel, uris: list[str]) -> None:
    """A WXR file names its version; one without it is read if its items are WordPress's."""
    version = channel.wxr_version
    if not version and _foreign(uris):
        raise _not_wordpress(uris)
    if not version:
        channel.warnings.append("the file names no WXR version: read as WXR 1.2")
    elif version not in KNOWN_VERSIONS:
        channel.warnings.append(
            f"WXR version {version} is not one this importer knows (1.0 to 1.2): read as 1.2, "
            "check the result"
        )


def _reason(error: ParseError) -> str:
    message = str(error)
    return message.split(":")[0] if ":" in message else message


def file_size(source: BinaryIO) -> int:
    try:
        return os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return 0
