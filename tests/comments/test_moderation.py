"""The moderation rules, one row per case: facts in, a status out."""

from dataclasses import dataclass, field

import pytest

from comments.moderation import (
    APPROVED,
    DUPLICATE_MESSAGE,
    PENDING,
    REFUSED,
    SPAM,
    SPAM_RULES,
    Bans,
    Facts,
    Rule,
    decide,
)


@dataclass
class Rules:
    hold_all: bool = False
    trust_approved_authors: bool = True
    trust_remote_replies: bool = False
    hold_links: int = 2
    hold_word_list: list[str] = field(default_factory=list)
    blocked_word_list: list[str] = field(default_factory=list)
    blocked_email_list: list[str] = field(default_factory=list)
    blocked_ip_list: list[str] = field(default_factory=list)


def facts(**changes) -> Facts:
    base = {
        "body": "Nice post.",
        "name": "Ada",
        "email": "ada@example.org",
        "ip_address": "192.0.2.1",
        "user_agent": "Firefox",
        "has_approved_comment": True,
        "form_age_seconds": 30,
    }
    return Facts(**{**base, **changes})


REMOTE = {"from_elsewhere": True, "form_age_seconds": None, "email": "", "ip_address": ""}

CASES = [
    # (what, facts, rules, expected status)
    ("a reply from elsewhere is held", facts(**REMOTE), Rules(), PENDING),
    (
        "a reply from elsewhere has no form timestamp and is not spam for it",
        facts(**REMOTE, honeypot_filled=False),
        Rules(trust_remote_replies=True),
        APPROVED,
    ),
    (
        "a trusted reply from elsewhere is not held for its links",
        facts(**REMOTE, body="https://a.example and https://b.example"),
        Rules(trust_remote_replies=True),
        APPROVED,
    ),
    (
        "a trusted reply from elsewhere is held when everything is",
        facts(**REMOTE),
        Rules(trust_remote_replies=True, hold_all=True),
        PENDING,
    ),
    (
        "a trusted reply from elsewhere with a held word is held",
        facts(**REMOTE, body="about casinos"),
        Rules(trust_remote_replies=True, hold_word_list=["casino"]),
        PENDING,
    ),
    (
        "a reply from elsewhere with a blocked word is spam",
        facts(**REMOTE, body="about casinos"),
        Rules(trust_remote_replies=True, blocked_word_list=["casino"]),
        SPAM,
    ),
    ("a returning commenter is approved", facts(), Rules(), APPROVED),
    ("a first comment is held", facts(has_approved_comment=False), Rules(), PENDING),
    (
        "a first comment is approved when authors need no earlier approval",
        facts(has_approved_comment=False),
        Rules(trust_approved_authors=False),
        APPROVED,
    ),
    ("hold all holds a returning commenter", facts(), Rules(hold_all=True), PENDING),
    ("two links hold it", facts(body="https://a.example and https://b.example"), Rules(), PENDING),
    ("one link passes", facts(body="see https://a.example"), Rules(), APPROVED),
    (
        "markdown links count too",
        facts(body="[a](https://a.example) [b](http://b.example)"),
        Rules(),
        PENDING,
    ),
    (
        "links never hold with 0",
        facts(body="https://a.x https://b.x"),
        Rules(hold_links=0),
        APPROVED,
    ),
    ("a held word holds it", facts(body="Buy VIAGRA"), Rules(hold_word_list=["viagra"]), PENDING),
    (
        "a held word in the name",
        facts(name="casino king"),
        Rules(hold_word_list=["casino"]),
        PENDING,
    ),
    ("a blocked word is spam", facts(body="cheap pills"), Rules(blocked_word_list=["pills"]), SPAM),
    (
        "a blocked e-mail is spam",
        facts(email="bad@spam.example"),
        Rules(blocked_email_list=["bad@spam.example"]),
        SPAM,
    ),
    (
        "a blocked IP is spam",
        facts(ip_address="203.0.113.9"),
        Rules(blocked_ip_list=["203.0.113.9"]),
        SPAM,
    ),
    (
        "a blocked IP does not match a longer one",
        facts(ip_address="203.0.113.90"),
        Rules(blocked_ip_list=["203.0.113.9"]),
        APPROVED,
    ),
    ("the honeypot alone holds it", facts(honeypot_filled=True), Rules(), PENDING),
    (
        "the honeypot with a form sent back at once is spam",
        facts(honeypot_filled=True, form_age_seconds=0.4),
        Rules(),
        SPAM,
    ),
    ("sent back in under 3 s is held, not spam", facts(form_age_seconds=1.5), Rules(), PENDING),
    (
        "sent back fast is held even from a returning commenter",
        facts(form_age_seconds=0.2, has_approved_comment=True),
        Rules(trust_approved_authors=False),
        PENDING,
    ),
    ("a form older than two days is held", facts(form_age_seconds=2 * 86400 + 1), Rules(), PENDING),
    (
        "a page open for days with a freshly fetched token passes",
        facts(form_age_seconds=3 * 86400, token_age_seconds=20),
        Rules(),
        APPROVED,
    ),
    (
        "a fresh token keeps the page's time: sent fast is still held",
        facts(form_age_seconds=1.0, token_age_seconds=0.5),
        Rules(),
        PENDING,
    ),
    ("a missing or forged timestamp is spam", facts(form_age_seconds=None), Rules(), SPAM),
    ("a banned e-mail address is spam", facts(bans=Bans(email=True)), Rules(), SPAM),
    ("a banned account is spam", facts(bans=Bans(account=True)), Rules(), SPAM),
    ("a banned IP address is spam", facts(bans=Bans(ip=True)), Rules(), SPAM),
    (
        "a ban wins over a slow, trusted-looking returning commenter",
        facts(bans=Bans(email=True), form_age_seconds=600),
        Rules(trust_approved_authors=False),
        SPAM,
    ),
    (
        "two links hold it even when sent fast",
        facts(body="https://a.example https://b.example", form_age_seconds=1),
        Rules(),
        PENDING,
    ),
    (
        "staff are approved even with links and held words",
        facts(body="https://a.x https://b.x casino", is_trusted=True, has_approved_comment=False),
        Rules(hold_all=True, hold_word_list=["casino"]),
        APPROVED,
    ),
    ("a duplicate is refused", facts(is_duplicate=True), Rules(), REFUSED),
    (
        "a duplicate is refused even from staff",
        facts(is_duplicate=True, is_trusted=True),
        Rules(),
        REFUSED,
    ),
    (
        "spam wins over held",
        facts(body="casino pills"),
        Rules(hold_word_list=["casino"], blocked_word_list=["pills"]),
        SPAM,
    ),
]


@pytest.mark.parametrize(("what", "given", "rules", "expected"), CASES, ids=[c[0] for c in CASES])
def test_moderation_rule(what, given, rules, expected):
    assert decide(given, rules).status == expected


def test_a_duplicate_is_refused_with_wordpress_s_message():
    assert decide(facts(is_duplicate=True), Rules()).reason == DUPLICATE_MESSAGE
    assert DUPLICATE_MESSAGE == (
        "Duplicate comment detected; it looks as though you\u2019ve already said that!"
    )


def test_the_blocklist_is_case_insensitive():
    assert decide(facts(body="Cheap PILLS"), Rules(blocked_word_list=["pills"])).status == SPAM


RULE_CASES = [
    # (facts, rules, the rule recorded on the comment)
    (facts(form_age_seconds=1.5), Rules(), Rule.TOO_FAST),
    (facts(honeypot_filled=True), Rules(), Rule.HONEYPOT),
    (facts(honeypot_filled=True, form_age_seconds=0.1), Rules(), Rule.BOT_HONEYPOT_FAST),
    (facts(form_age_seconds=None), Rules(), Rule.NO_TIMESTAMP),
    (facts(form_age_seconds=9 * 86400), Rules(), Rule.TOO_OLD),
    (facts(bans=Bans(account=True, ip=True)), Rules(), Rule.BANNED_ACCOUNT),
    (facts(bans=Bans(ip=True)), Rules(), Rule.BANNED_IP),
    (facts(body="cheap pills"), Rules(blocked_word_list=["pills"]), Rule.BLOCKED_WORD),
    (facts(body="https://a.x https://b.x"), Rules(), Rule.LINKS),
    (facts(has_approved_comment=False), Rules(), Rule.FIRST_COMMENT),
    (facts(), Rules(hold_all=True), Rule.HOLD_ALL),
    (facts(), Rules(), Rule.PASSED),
]


@pytest.mark.parametrize(("given", "rules", "rule"), RULE_CASES, ids=[c[2] for c in RULE_CASES])
def test_the_verdict_names_the_rule_that_fired(given, rules, rule):
    verdict = decide(given, rules)
    assert verdict.rule == rule
    assert (verdict.status == SPAM) == (rule in SPAM_RULES)


def test_only_bans_blocklists_and_certain_bots_file_as_spam():
    """Every rule that can catch a person holds: the spam rules are exactly these."""
    assert {
        Rule.BANNED_EMAIL,
        Rule.BANNED_ACCOUNT,
        Rule.BANNED_IP,
        Rule.BLOCKED_EMAIL,
        Rule.BLOCKED_IP,
        Rule.BLOCKED_WORD,
        Rule.NO_TIMESTAMP,
        Rule.BOT_HONEYPOT_FAST,
    } == SPAM_RULES


def test_the_reason_says_how_fast_the_form_came_back():
    assert decide(facts(form_age_seconds=1.25), Rules()).reason.endswith("(1.2 s)")
