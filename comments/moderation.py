"""What happens to a new comment, decided in one pure function.

Facts in, a verdict out: no queries, no settings reads, no clock. The service gathers the facts
(``comments.services.comment_create``) and passes the discussion settings in, so every rule can be
checked with a table of cases (tests/comments/test_moderation.py).

Failing safe: a rule that may catch a person (the timing rules, the hidden field on its own,
links, held words) *holds* the comment for a moderator. Only what no person sending our form can
trip files a comment as spam:

- a ban (its e-mail address, account or IP address, chosen by a moderator) or a blocklist line
  of the discussion settings (blocked words, e-mail or IP addresses);
- a form that did not come from our page: its signed timestamp missing, forged or made for
  another post (every page we show carries a valid one);
- two bot signals at once: the hidden field filled in *and* the form sent back sooner than
  ``min_form_seconds`` after the page was shown. Either alone is a person's doing often enough
  (autofill fills hidden fields; a pasted comment is sent at once), so either alone holds.

Every verdict names its rule (``Verdict.rule``, stored on the comment) so moderators see why.
"""

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from comments.markup import count_links

APPROVED = "approved"
PENDING = "pending"
SPAM = "spam"
REFUSED = "refused"  # not saved at all: the duplicate rule

DUPLICATE_MESSAGE = _(
    "Duplicate comment detected; it looks as though you’ve already said that!"  # noqa: RUF001
)


class Rule:
    """The rule that decided, kept on the comment (``Comment.moderation_rule``)."""

    DUPLICATE = "duplicate"
    TRUSTED = "trusted"
    BANNED_EMAIL = "banned-email"
    BANNED_ACCOUNT = "banned-account"
    BANNED_IP = "banned-ip"
    BLOCKED_EMAIL = "blocked-email"
    BLOCKED_IP = "blocked-ip"
    BLOCKED_WORD = "blocked-word"
    NO_TIMESTAMP = "no-timestamp"
    BOT_HONEYPOT_FAST = "honeypot-and-fast"
    HONEYPOT = "honeypot"
    TOO_FAST = "too-fast"
    TOO_OLD = "too-old"
    HOLD_ALL = "hold-all"
    LINKS = "links"
    HELD_WORD = "held-word"
    FIRST_COMMENT = "first-comment"
    FROM_ELSEWHERE = "from-elsewhere"
    TRUSTED_ELSEWHERE = "trusted-elsewhere"
    REMOVED_AT_SOURCE = "removed-at-source"  # not a decision: the reply was deleted where written
    PASSED = "passed"


# What moderators read beside a comment the rules set aside (and in the admin).
RULE_LABELS = {
    Rule.DUPLICATE: _("the same text was already posted"),
    Rule.TRUSTED: _("written by staff or a moderator"),
    Rule.BANNED_EMAIL: _("the e-mail address is banned"),
    Rule.BANNED_ACCOUNT: _("the account is banned"),
    Rule.BANNED_IP: _("the IP address is banned"),
    Rule.BLOCKED_EMAIL: _("the e-mail address is on the blocklist"),
    Rule.BLOCKED_IP: _("the IP address is on the blocklist"),
    Rule.BLOCKED_WORD: _("contains a blocked word"),
    Rule.NO_TIMESTAMP: _("the form's timestamp was missing or forged (not sent from our page)"),
    Rule.BOT_HONEYPOT_FAST: _("the hidden field was filled in and the form sent back at once"),
    Rule.HONEYPOT: _("the hidden field was filled in (autofill can do that)"),
    Rule.TOO_FAST: _("sent back very soon after the page was shown"),
    Rule.TOO_OLD: _("the page was open for a very long time"),
    Rule.HOLD_ALL: _("every comment is held for moderation"),
    Rule.LINKS: _("too many links"),
    Rule.HELD_WORD: _("contains a held word"),
    Rule.FIRST_COMMENT: _("the author has no approved comment yet"),
    Rule.FROM_ELSEWHERE: _(
        "a reply from another site (webmention, Fediverse) waits for a moderator"
    ),
    Rule.TRUSTED_ELSEWHERE: _(
        "a reply from another site, published as the discussion settings say"
    ),
    Rule.REMOVED_AT_SOURCE: _("deleted where it was written"),
    Rule.PASSED: _("passed every rule"),
}

# Rules that file a comment as spam: a ban, a blocklist, or a certain bot.
SPAM_RULES = frozenset(
    {
        Rule.BANNED_EMAIL,
        Rule.BANNED_ACCOUNT,
        Rule.BANNED_IP,
        Rule.BLOCKED_EMAIL,
        Rule.BLOCKED_IP,
        Rule.BLOCKED_WORD,
        Rule.NO_TIMESTAMP,
        Rule.BOT_HONEYPOT_FAST,
    }
)


class Rules(Protocol):
    """The parts of the discussion settings that moderation reads."""

    hold_all: bool
    trust_approved_authors: bool
    trust_remote_replies: bool
    hold_links: int
    hold_word_list: list[str]
    blocked_word_list: list[str]
    blocked_email_list: list[str]
    blocked_ip_list: list[str]


@dataclass(frozen=True)
class Bans:
    """Which of the comment's ban rows match (``comments.models.Ban``)."""

    email: bool = False
    account: bool = False
    ip: bool = False


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
    # Seconds since the page with the form was shown; None: the signed timestamp was missing,
    # forged or for another post.
    form_age_seconds: float | None = None
    # Seconds since the form's timestamp was last refreshed (comments.js fetches a fresh one
    # for a page from the page cache); None: as old as the form.
    token_age_seconds: float | None = None
    min_form_seconds: float = 3
    max_form_age_seconds: float = 2 * 24 * 3600
    bans: Bans = Bans()
    # Written on another site and sent here (a webmention, a Fediverse reply): no form, so no
    # timing or hidden-field rules; held unless the settings trust such replies.
    from_elsewhere: bool = False


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    rule: str = ""


def _contains_any(haystacks: list[str], needles: list[str]) -> str | None:
    text = "\n".join(haystacks).lower()
    return next((needle for needle in needles if needle in text), None)


def _verdict(status: str, rule: str, detail: str = "") -> Verdict:
    reason = str(RULE_LABELS[rule]) + (f" {detail}" if detail else "")
    return Verdict(status, reason, rule)


def _certain_spam(facts: Facts, rules: Rules) -> Verdict | None:
    """A ban, a blocklist line, or a submission no person sending our form could make."""
    if facts.bans.account:
        return _verdict(SPAM, Rule.BANNED_ACCOUNT)
    if facts.bans.email:
        return _verdict(SPAM, Rule.BANNED_EMAIL)
    if facts.bans.ip:
        return _verdict(SPAM, Rule.BANNED_IP)
    if facts.email and facts.email.lower() in rules.blocked_email_list:
        return _verdict(SPAM, Rule.BLOCKED_EMAIL)
    if facts.ip_address and facts.ip_address.lower() in rules.blocked_ip_list:
        return _verdict(SPAM, Rule.BLOCKED_IP)
    everything = [facts.body, facts.name, facts.email, facts.url, facts.user_agent]
    if word := _contains_any(everything, rules.blocked_word_list):
        return _verdict(SPAM, Rule.BLOCKED_WORD, f"({word!r})")
    if facts.from_elsewhere:
        return None
    if facts.form_age_seconds is None:
        return _verdict(SPAM, Rule.NO_TIMESTAMP)
    if facts.honeypot_filled and facts.form_age_seconds < facts.min_form_seconds:
        return _verdict(SPAM, Rule.BOT_HONEYPOT_FAST)
    return None


def _heuristic(facts: Facts) -> Verdict | None:
    """Signs of a bot that a person can show too: the comment waits for a moderator."""
    if facts.from_elsewhere:
        return None
    if facts.honeypot_filled:
        return _verdict(PENDING, Rule.HONEYPOT)
    age = facts.form_age_seconds
    if age is not None and age < facts.min_form_seconds:
        return _verdict(PENDING, Rule.TOO_FAST, f"({age:.1f} s)")
    token_age = age if facts.token_age_seconds is None else facts.token_age_seconds
    if token_age is not None and token_age > facts.max_form_age_seconds:
        return _verdict(PENDING, Rule.TOO_OLD)
    return None


def decide(facts: Facts, rules: Rules) -> Verdict:
    """The status a new comment gets, and why (the rule is kept on the comment)."""
    if facts.is_duplicate:
        return Verdict(REFUSED, DUPLICATE_MESSAGE, Rule.DUPLICATE)
    if facts.is_trusted:
        return _verdict(APPROVED, Rule.TRUSTED)
    if verdict := _certain_spam(facts, rules) or _heuristic(facts):
        return verdict
    everything = [facts.body, facts.name, facts.email, facts.url, facts.user_agent]
    if rules.hold_all:
        return _verdict(PENDING, Rule.HOLD_ALL)
    # A reply from another site links to what it answers: its links hold nothing.
    links_hold = rules.hold_links and not facts.from_elsewhere
    if links_hold and count_links(facts.body) >= rules.hold_links:
        return _verdict(PENDING, Rule.LINKS)
    if word := _contains_any([*everything, facts.ip_address], rules.hold_word_list):
        return _verdict(PENDING, Rule.HELD_WORD, f"({word!r})")
    if facts.from_elsewhere:
        if rules.trust_remote_replies:
            return _verdict(APPROVED, Rule.TRUSTED_ELSEWHERE)
        return _verdict(PENDING, Rule.FROM_ELSEWHERE)
    if rules.trust_approved_authors and not facts.has_approved_comment:
        return _verdict(PENDING, Rule.FIRST_COMMENT)
    return _verdict(APPROVED, Rule.PASSED)
