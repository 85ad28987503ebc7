"""What happens to a new comment, decided in one pure function.

Facts in, a verdict out: no queries, no settings reads, no clock. The service gathers the facts
(``comments.services.comment_create``) and passes the discussion settings in, so every rule can be
checked with a table of cases (tests/comments/test_moderation.py).
"""

from dataclasses import dataclass
from typing import Protocol

from comments.markup import count_links

APPROVED = "approved"
PENDING = "pending"
SPAM = "spam"
REFUSED = "refused"  # not saved at all: the duplicate rule

DUPLICATE_MESSAGE = "Duplicate comment detected; it looks as though you\u2019ve already said that!"


class Rules(Protocol):
    """The parts of the discussion settings that moderation reads."""

    hold_all: bool
    trust_approved_authors: bool
    hold_links: int
    hold_word_list: list[str]
    blocked_word_list: list[str]
    blocked_email_list: list[str]
    blocked_ip_list: list[str]


@dataclass(frozen=True)
class Facts:
    """Everything known about a new comment when it arrives."""

    body: str
    name: str = ""
    email: str = ""
    url: str = ""
    ip_address: str = ""
    user_agent: str = ""
    is_trusted: bool = False  # staff or a moderator
    has_approved_comment: bool = False  # this e-mail (or account) has an approved comment
    is_duplicate: bool = False  # the same text by the same author is already on the post
    honeypot_filled: bool = False
    form_age_seconds: float | None = None  # None: the signed timestamp was missing or forged
    min_form_seconds: float = 3
    max_form_age_seconds: float = 2 * 24 * 3600


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str


def _contains_any(haystacks: list[str], needles: list[str]) -> str | None:
    text = "\n".join(haystacks).lower()
    return next((needle for needle in needles if needle in text), None)


def decide(facts: Facts, rules: Rules) -> Verdict:
    """The status a new comment gets, and why (the reason is for moderators and logs)."""
    if facts.is_duplicate:
        return Verdict(REFUSED, DUPLICATE_MESSAGE)
    if facts.is_trusted:
        return Verdict(APPROVED, "written by staff or a moderator")
    if facts.honeypot_filled:
        return Verdict(SPAM, "the hidden field was filled in")
    if facts.form_age_seconds is None:
        return Verdict(SPAM, "the form's timestamp was missing or forged")
    if facts.form_age_seconds < facts.min_form_seconds:
        return Verdict(SPAM, "the form was sent back too quickly")
    if facts.form_age_seconds > facts.max_form_age_seconds:
        return Verdict(SPAM, "the form was too old")
    if facts.email and facts.email.lower() in rules.blocked_email_list:
        return Verdict(SPAM, "the e-mail address is blocked")
    if facts.ip_address and facts.ip_address.lower() in rules.blocked_ip_list:
        return Verdict(SPAM, "the IP address is blocked")
    everything = [facts.body, facts.name, facts.email, facts.url, facts.user_agent]
    if word := _contains_any(everything, rules.blocked_word_list):
        return Verdict(SPAM, f"contains the blocked word {word!r}")
    if rules.hold_all:
        return Verdict(PENDING, "every comment is held for moderation")
    if rules.hold_links and count_links(facts.body) >= rules.hold_links:
        return Verdict(PENDING, "too many links")
    if word := _contains_any([*everything, facts.ip_address], rules.hold_word_list):
        return Verdict(PENDING, f"contains the held word {word!r}")
    if rules.trust_approved_authors and not facts.has_approved_comment:
        return Verdict(PENDING, "the author has no approved comment yet")
    return Verdict(APPROVED, "passed every rule")
