"""What accounts asks the apps above it about a reader (accounts imports none of them: each app
connects its own receivers and answers with its own services).

Each signal is sent with ``sender=User`` and ``user=`` the reader.
"""

from dataclasses import dataclass

from django.dispatch import Signal

from accounts.models import User

# The reader is deleting their account (``keep=`` True: keep what they wrote, cut off from them;
# False: remove it). Sent inside the deletion's transaction, before the user row goes.
reader_leaving = Signal()
# "Download my data": each receiver returns a dict of sections for the JSON document.
reader_data_requested = Signal()
# What the reader has on the site, for /account/ and the deletion page: each receiver returns a
# list of Holding.
reader_holdings_requested = Signal()


@dataclass(frozen=True)
class Holding:
    """Something a reader has on the site, e.g. ``Holding("2 comments", 2, "/account/comments/")``.

    ``counted`` is the count with its noun, in the answering app's own plural forms (a language
    cannot make a plural by adding an "s")."""

    counted: str
    count: int
    url: str
    note: str = ""  # what the page at ``url`` shows besides the list, after a comma
    empty: str = ""  # what to say when count is 0


def reader_leaves(*, user: User, keep: bool) -> None:
    reader_leaving.send(User, user=user, keep=keep)


def reader_data(*, user: User) -> dict:
    sections: dict = {}
    for _, answer in reader_data_requested.send(User, user=user):
        sections.update(answer or {})
    return sections


def reader_holdings(*, user: User) -> list[Holding]:
    return [
        holding
        for _, answer in reader_holdings_requested.send(User, user=user)
        for holding in answer or []
    ]
