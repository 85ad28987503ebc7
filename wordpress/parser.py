"""Read a WordPress eXtended RSS file (WXR 1.0 to 1.2) as a stream of plain records.

The file is parsed with ``iterparse`` behind defusedxml (no DTDs, no entity expansion): each
channel-level element (an author, a category, a tag, an item) is turned into a dataclass when it
closes, then cleared, so memory stays flat however long the file is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
WFW_NAMESPACE = "http://wellformedweb.org/CommentAPI/"


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


@dataclass
class Item:
    wp_id: str
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


def local_name(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id`` (any WXR version)."""
    if not tag.startswith("{"):
        return tag
    namespace, _, name = tag[1:].partition("}")
    if namespace.startswith(WP_NAMESPACE_PREFIX):
        prefix = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
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
    )


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


def read_wxr(source: BinaryIO) -> Iterator[Record]:
    """Yield the channel's addresses first, then authors, terms and items in file order.

    Raises WXRError (with the line number) on malformed XML, forbidden DTDs or entities, or a
    file that is not an RSS export from WordPress.
    """
    channel = Channel()
    channel_sent = False
    depth = 0
    channel_element: Element | None = None
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WXRError(f"Not a WordPress export: the root element is <{element.tag}>.")
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
            elif name == "wp:category":
                record = _category(element)
            elif name == "wp:tag":
                record = _tag(element)
            elif name == "item":
                record = _item(element)
            if record is not None:
                if not channel_sent:
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
    except DefusedXmlException as error:
        raise WXRError(f"The file was refused for safety: {error}.") from error
    if channel_element is None:
        raise WXRError("Not a WordPress export: no <channel> in the file.")
    if not channel_sent:
        yield channel


def _reason(error: ParseError) -> str:
    message = str(error)
    return message.split(":")[0] if ":" in message else message


def file_size(source: BinaryIO) -> int:
    try:
        return os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return 0
