"""Numbers as each language writes them.

Django formats dates and numbers per language, but always with the digits 0-9. A Persian reader
expects Persian digits (۰۱۲۳۴۵۶۷۸۹) in dates, counts and page numbers. ``DIGITS`` holds the digits
of each language that does not write 0-9: the ones CLDR gives the language without a region, which
is also what a browser's ``Intl.NumberFormat`` writes for the page's ``lang`` (static/js/likes.js
relies on that). Arabic is not in it: CLDR writes plain ``ar`` with 0-9 (since 2018; Egypt, the
Levant and the Gulf use ٠١٢٣٤٥٦٧٨٩, the Maghreb 0-9, and every Arabic reader reads 0-9), and so
does WordPress's Arabic translation. docs/translations.md says more.

Only what the interface prints goes through here (the ``digits`` template filter): never the
text of a post or a comment, an address, a ``datetime`` attribute, an id or a form's value.
"""

from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

WESTERN = "0123456789"
DIGITS = {
    "fa": "۰۱۲۳۴۵۶۷۸۹",  # U+06F0-U+06F9, Extended Arabic-Indic (not Arabic's U+0660-U+0669)
}


def digits_of(language: str | None = None) -> str:
    """The ten digits of ``language`` (default: the active one), 0 to 9."""
    code = (language or translation.get_language() or "").lower().split("-")[0]
    return DIGITS.get(code, WESTERN)


def in_digits(text: str, language: str | None = None) -> str:
    """``text`` with 0-9 written in the language's digits (safe text stays safe)."""
    written = str(text).translate(str.maketrans(WESTERN, digits_of(language)))
    return mark_safe(written) if isinstance(text, SafeData) else written  # noqa: S308 (digits only)


class LocalNumber(int):
    """A whole number that prints in the language's digits. Still an int, so
    ``{% blocktranslate count n=... %}`` chooses its plural form by it and Django's number
    formatting (``{{ n }}``) writes it with ``str()``, which gives the language's digits."""

    def __new__(cls, value: int, digits: str):
        number = super().__new__(cls, value)
        number.digits = digits
        return number

    def __str__(self) -> str:
        return int.__repr__(self).translate(str.maketrans(WESTERN, self.digits))
