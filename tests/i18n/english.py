"""What is still English on a page or in a message shown in another language.

Two measures, both from what the reader gets: the same thing rendered in English and in the
other language is compared line by line (a line of interface text that comes out the same in
both was not translated), leaving out the content (titles, names, comment text, addresses),
which stays as written.
"""

import re
from html import unescape

TAG = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://\S+|/\S*")


def visible_lines(text: str) -> list[str]:
    """Text lines as a reader sees them: tags removed, entities read, blank lines dropped. The
    texts of alt, title, aria-label and placeholder count too."""
    attributes = re.findall(r'(?:alt|title|aria-label|placeholder)="([^"]*)"', text)
    text = re.sub(r"<(script|style)\b.*?</\1>", "\n", text, flags=re.S | re.I)
    text = TAG.sub("\n", text)
    lines = [unescape(line).strip() for line in text.splitlines() + attributes]
    return [line for line in lines if line]


def english_left(english: str, translated: str, *, content: list[str]) -> list[str]:
    """The lines of ``translated`` that also appear in ``english`` and are interface text: they
    have letters once the content, the addresses and the numbers are taken out."""
    seen_in_english = set(visible_lines(english))
    left = []
    for line in visible_lines(translated):
        if line not in seen_in_english:
            continue
        rest = URL.sub(" ", line)
        for value in sorted(content, key=len, reverse=True):
            rest = rest.replace(value, " ")
        if re.search(r"[^\W\d_]{2,}", rest):
            left.append(line)
    return left


def same_in(language: str) -> list[str]:
    """Texts the language's catalogue keeps as in English on purpose (German "Website",
    French "Pages"): the pieces between placeholders of each entry translated as itself."""
    from pathlib import Path

    import polib
    from django.conf import settings

    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    pieces = []
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgstr == entry.msgid:
            pieces += [p.strip() for p in re.split(r"%\(\w+\)s", entry.msgid) if p.strip()]
    return pieces
