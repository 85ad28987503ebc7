"""What a webmention's source says, read from its microformats (mf2py): the h-entry that links
to our post, its author (name, photo, URL), content, date, and whether it replies to the post,
likes it or reposts it. A page without an h-entry is a plain mention."""

import datetime
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import mf2py
from django.utils import dateparse, timezone

REPLY, LIKE, REPOST, MENTION = "reply", "like", "repost", "mention"


@dataclass(frozen=True)
class Entry:
    kind: str  # reply, like, repost or mention
    author_name: str = ""
    author_url: str = ""
    author_photo_url: str = ""
    content_html: str = ""
    published: datetime.datetime | None = None


def same_url(first: str, second: str) -> bool:
    """Two addresses of one resource: equal but for the fragment, the host's case and the
    path's trailing slash."""
    a, b = urlsplit(urldefrag(first)[0]), urlsplit(urldefrag(second)[0])
    return a.scheme.lower() in {"http", "https"} and (
        a.scheme.lower(),
        (a.netloc or "").lower(),
        a.path.rstrip("/") or "/",
        a.query,
    ) == (b.scheme.lower(), (b.netloc or "").lower(), b.path.rstrip("/") or "/", b.query)


def _values(properties: dict, name: str) -> list:
    return properties.get(name) or []


def _url_of(value) -> str:
    """A property's URL: a string, or an embedded h-cite / h-card's url (or its value)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("type"):
            urls = _values(value.get("properties", {}), "url")
            if urls and isinstance(urls[0], str):
                return urls[0]
        inner = value.get("value")
        return inner if isinstance(inner, str) else ""
    return ""


def _text_of(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        if "html" in value:
            return str(value.get("value", "")).strip()
        inner = value.get("value")
        if isinstance(inner, str):
            return inner.strip()
        names = _values(value.get("properties", {}), "name")
        return _text_of(names[0]) if names else ""
    return ""


def _entries(items: list) -> list[dict]:
    """Every h-entry, top-level first, then nested ones (children and property values)."""
    found, queue = [], list(items)
    while queue:
        item = queue.pop(0)
        if not isinstance(item, dict):
            continue
        if "h-entry" in item.get("type", []):
            found.append(item)
        queue.extend(item.get("children", []))
        for values in item.get("properties", {}).values():
            queue.extend(value for value in values if isinstance(value, dict) and value.get("type"))
    return found


def _links_to(entry: dict, target: str) -> bool:
    properties = entry.get("properties", {})
    for name in ("in-reply-to", "like-of", "repost-of", "url", "bookmark-of", "mention-of"):
        if any(same_url(_url_of(value), target) for value in _values(properties, name)):
            return True
    return any(target in value.get("html", "") for value in _values(properties, "content")
               if isinstance(value, dict))  # fmt: skip


def _kind(properties: dict, target: str) -> str:
    for name, kind in (("in-reply-to", REPLY), ("like-of", LIKE), ("repost-of", REPOST)):
        if any(same_url(_url_of(value), target) for value in _values(properties, name)):
            return kind
    return MENTION


def _author(entry: dict, document: dict, base: str) -> tuple[str, str, str]:
    """(name, url, photo url) of the entry's author: its u-author, else the page's h-card."""
    authors = _values(entry.get("properties", {}), "author")
    if not authors:
        cards = [item for item in document.get("items", []) if "h-card" in item.get("type", [])]
        authors = cards[:1]
    if not authors:
        return "", "", ""
    author = authors[0]
    if isinstance(author, str):  # u-author with a URL only
        return "", urljoin(base, author), ""
    properties = author.get("properties", {}) if isinstance(author, dict) else {}
    names = _values(properties, "name")
    urls = _values(properties, "url")
    photos = _values(properties, "photo")
    url = _url_of(urls[0]) if urls else _url_of(author)
    photo = photos[0] if photos else ""
    photo = photo.get("value", "") if isinstance(photo, dict) else photo
    return (
        _text_of(names[0]) if names else "",
        urljoin(base, url) if url else "",
        urljoin(base, photo) if isinstance(photo, str) and photo else "",
    )


def _published(properties: dict) -> datetime.datetime | None:
    for value in _values(properties, "published"):
        text = _text_of(value)
        try:
            when = datetime.datetime.fromisoformat(text)
        except ValueError:
            when = dateparse.parse_datetime(text.replace(" ", "T", 1))
        if when is not None:
            return when if timezone.is_aware(when) else when.replace(tzinfo=datetime.UTC)
    return None


def _content(properties: dict) -> str:
    for value in _values(properties, "content"):
        if isinstance(value, dict) and value.get("html"):
            return value["html"]
        if text := _text_of(value):
            return f"<p>{_escape(text)}</p>"
    for name in ("summary", "name"):
        for value in _values(properties, name):
            if text := _text_of(value):
                return f"<p>{_escape(text)}</p>"
    return ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def read_entry(html: str, *, url: str, target: str) -> Entry:
    """What the page at ``url`` says about ``target``: the h-entry that links to it (else the
    page's first h-entry), or a plain mention when the page has none."""
    document = mf2py.parse(doc=html, url=url, metaformats=False)
    entries = _entries(document.get("items", []))
    if not entries:
        return Entry(kind=MENTION)
    entry = next((entry for entry in entries if _links_to(entry, target)), entries[0])
    properties = entry.get("properties", {})
    name, author_url, photo = _author(entry, document, url)
    return Entry(
        kind=_kind(properties, target),
        author_name=name,
        author_url=author_url,
        author_photo_url=photo,
        content_html=_content(properties),
        published=_published(properties),
    )
