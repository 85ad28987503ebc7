"""Finds template text a reader would see that is not marked for translation.

Each template is split by Django's own lexer. Text outside ``{% translate %}`` and
``{% blocktranslate %}`` (and outside comments) is read as HTML: every text node, and every
attribute a person reads or hears (alt, title, aria-label, placeholder, ...), that still has a
letter in it once the template's own tags and variables are taken out is reported.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

#: Attributes whose text is shown or read aloud.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder", "label"}
#: Words that stay as they are in every language (names of formats and of the software).
ALLOWED = {"RSS", "Atom", "Broadsheet", "Markdown", "HTML", "OK", "Mastodon", "Webmention"}
HOLE = "\x00"  # where a template tag or variable stood

_OPENERS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
            "comment": "endcomment", "verbatim": "endverbatim"}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    template: str
    line: int
    text: str


def template_text(source: str) -> str:
    """The template with translated text and comments removed, other tags and variables
    replaced by a hole; line breaks kept so line numbers stay true."""
    pieces: list[str] = []
    closing = None
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            pieces.append("\n" * token.contents.count("\n") + HOLE)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            closing = _OPENERS.get(name)
        pieces.append("\n" * token.contents.count("\n") + HOLE)
    return "".join(pieces)


def has_words(text: str) -> bool:
    text = text.replace(HOLE, " ").strip()
    if not any(character.isalpha() for character in text):
        return False
    words = {word.strip("()[]:,.·–—|/") for word in text.split()}  # noqa: RUF001
    return not words <= ALLOWED | {""}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and has_words(value):
                self.found.append((self.getpos()[0], value))
        if tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset"):
            value = dict(attrs).get("value") or ""
            if has_words(value):
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and has_words(data):
            self.found.append((self.getpos()[0], data.strip()))


def untranslated(path: Path, root: Path) -> list[Finding]:
    reader = _Reader()
    reader.feed(template_text(path.read_text(encoding="utf-8")))
    reader.close()
    name = str(path.relative_to(root))
    return [Finding(name, line, text.replace(HOLE, "…")) for line, text in reader.found]
