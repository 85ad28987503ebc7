"""Reading the messages the tests catch in mail.outbox."""

import re


def links(message) -> list[str]:
    """The addresses in a message's plain-text body."""
    return re.findall(r"https?://\S+", message.body)


def link_path(message, fragment: str) -> str:
    """The path of the first link in the message that contains ``fragment``."""
    for url in links(message):
        if fragment in url:
            return "/" + url.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no link with {fragment!r} in {links(message)}")


def sent_to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)
