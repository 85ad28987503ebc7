"""Assertions that hostile input came back inert in a page's HTML.

``assert_escaped(html, payload)``: the payload shows as text (HTML-escaped), never as markup.
``assert_no_active_content(html, nonce=...)``: nothing in the page could run script: no event
handler attribute, no ``javascript:``/``vbscript:``/``data:`` URL (except ``data:image/`` in an
``<img>``), no ``<script>``/``<style>`` that the CSP would run other than our own script
files, JSON-LD data, or elements carrying the response's nonce, no frames, plugins,
``<base>`` or meta refresh. (Inline SVG as such is allowed, the admin draws its icons with it;
its scripts, handlers and links are checked like any others.) Parsed with the standard
library's HTML parser.
"""

import re
from html.parser import HTMLParser

from django.utils.html import escape

FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "noscript",
}  # fmt: skip
NONCE_TAGS = {"script", "style"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "srcset", "ping", "cite", "codebase", "manifest", "lowsrc", "dynsrc",
}  # fmt: skip
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def _scheme(value: str) -> str:
    """The scheme a browser's URL parser would see (WHATWG URL): leading and trailing C0 controls
    and spaces are dropped, tabs and newlines anywhere are removed, case is ignored. Anything
    else in front of the colon (say a zero-width joiner) makes it a relative path, not a scheme."""
    cleaned = TAB_OR_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21))))).lower()
    match = SCHEME.match(cleaned)
    return match.group(1) if match else ""


def _is_data_image(value: str) -> bool:
    return TAB_OR_NEWLINE.sub("", value).strip().lower().startswith("data:image/")


class _ActiveContentFinder(HTMLParser):
    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag in NONCE_TAGS and not self._allowed_by_policy(tag, attributes):
            self.problems.append(f"<{tag}> without the response's nonce")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES and value:
                scheme = _scheme(value)
                if scheme in {"javascript", "vbscript", "livescript"}:
                    self.problems.append(f"<{tag} {name}={value!r}>")
                image = tag == "img" and name == "src"
                if scheme == "data" and not (image and _is_data_image(value)):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def _allowed_by_policy(self, tag: str, attributes: dict) -> bool:
        """What the CSP lets run: an element with the response's nonce, a script file from this
        site (script-src 'self'), or JSON-LD data, which browsers never execute."""
        if self.nonce and attributes.get("nonce") == self.nonce:
            return True
        if tag != "script":
            return False
        source = attributes.get("src") or ""
        if source.startswith("/") and not source.startswith("//"):
            return True
        return not source and (attributes.get("type") or "").lower() == "application/ld+json"


def csp_nonce(response) -> str | None:
    match = re.search(r"'nonce-([^']+)'", response.headers.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def assert_no_active_content(html: str, *, nonce: str | None = None) -> None:
    finder = _ActiveContentFinder(nonce)
    finder.feed(html)
    finder.close()
    assert not finder.problems, "Active content in the page: " + "; ".join(finder.problems)


def assert_escaped(html: str, payload: str) -> None:
    """The payload is in the page as text, and nowhere as raw markup."""
    escaped = str(escape(payload))
    assert escaped in html, f"{payload!r} is not in the page as escaped text"
    if escaped != payload:
        assert payload not in html, f"{payload!r} reached the page unescaped"


def page_is_inert(response, payload: str | None = None) -> None:
    """Both checks on a Django test response (``payload=None``: structure only)."""
    html = response.content.decode()
    if payload is not None:
        assert_escaped(html, payload)
    assert_no_active_content(html, nonce=csp_nonce(response))
