"""Finding a page's Webmention endpoint, as the W3C Recommendation says (3.1.2 "Sender
discovers receiver Webmention endpoint"):

1. an HTTP ``Link`` header with ``rel="webmention"`` wins (the first one, across every ``Link``
   header and every comma-separated value in each);
2. else the first ``<link>`` or ``<a>`` element in document order whose ``rel`` has the
   ``webmention`` token and which has an ``href`` (a ``<link>`` without one is passed over);
3. the address is resolved against the page's URL after redirects; an empty ``href`` is the
   page itself; a query string is kept as it is.

``rel`` is a space-separated set of tokens, compared without regard to case: "webmention" must
be one of them exactly ("not-webmention" is not). HTML comments and escaped markup are text,
never elements (the standard library's parser sees to that).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from core.fetch import Fetched

HTML_TYPES = {"text/html", "application/xhtml+xml"}
# One link-value of a Link header: <URI> followed by its ;-parameters (RFC 8288).
LINK_VALUE_RE = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,="\s]+\s*(?:=\s*(?:"[^"]*"|[^;,"\s]*))?)*)')
LINK_PARAM_RE = re.compile(r";\s*([^=;,\s]+)\s*(?:=\s*(?:\"([^\"]*)\"|([^;,\s]*)))?")


def _has_webmention(rel: str | None) -> bool:
    return "webmention" in (rel or "").lower().split()


def endpoint_from_link_headers(values: list[str], *, base: str) -> str | None:
    """The first ``rel="webmention"`` target among the ``Link`` header values, resolved."""
    for value in values:
        for match in LINK_VALUE_RE.finditer(value):
            for name, quoted, bare in LINK_PARAM_RE.findall(match.group(2)):
                if name.lower() == "rel" and _has_webmention(quoted or bare):
                    return urljoin(base, match.group(1).strip())
    return None


class _FirstWebmentionElement(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.href: str | None = None

    def handle_starttag(self, tag, attrs):
        if self.href is not None or tag not in {"link", "a"}:
            return
        attributes = dict(attrs)
        href = attributes.get("href")
        if "href" in attributes and _has_webmention(attributes.get("rel")):
            self.href = href or ""  # <a href> with no value: the page itself, as href=""

    handle_startendtag = handle_starttag


def endpoint_from_html(html: str, *, base: str) -> str | None:
    parser = _FirstWebmentionElement()
    parser.feed(html)
    parser.close()
    if parser.href is None:
        return None
    return urljoin(base, parser.href.strip())


def discover(page: Fetched) -> str | None:
    """The Webmention endpoint a fetched page advertises (http or https), or None."""
    if not 200 <= page.status < 300:
        return None
    found = endpoint_from_link_headers(page.headers.getlist("Link"), base=page.url)
    if found is None and page.content_type in HTML_TYPES:
        found = endpoint_from_html(page.text, base=page.url)
    if found is None or urlsplit(found).scheme.lower() not in {"http", "https"}:
        return None
    return found
