"""Text that leaves the site in another format."""

import re

# XML 1.0 cannot carry these; a stray one in a post or a comment must not break a feed.
XML_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters that XML 1.0 cannot carry."""
    return XML_CONTROL_CHARS_RE.sub("", text)
