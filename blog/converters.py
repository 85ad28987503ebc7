"""Path converters for WordPress-style permalinks: /2015/10/27/slug/."""


class FourDigitYear:
    regex = "[1-9][0-9]{3}"  # 1000-9999: year 0 does not exist and cannot be dated (was a 500)

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return f"{int(value):02d}"


class UnicodeSlug:
    """A slug in any script (Greek, Cyrillic, Arabic, Persian...), as WordPress keeps them.

    Anything but a slash: the address is looked up, never trusted, and an unknown one is a 404.
    """

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SlugPath:
    """Slugs in any script joined by "/" (a nested page or category: about/team). Looked up,
    never trusted: an unknown one is a 404 (and the old-address table's turn). No dots, as
    WordPress's slugs have none: a stray file's address (/wp-content/x.jpg) is not taken for
    a page, nor sent to x.jpg/ by the slash-adding redirect."""

    regex = "[^/.]+(?:/[^/.]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
