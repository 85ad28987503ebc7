"""The moderation rules, one row per case: facts in, a status out."""

from dataclasses import dataclass, field

import pytest

from comments.moderation import (
    APPROVED,
    DUPLICATE_MESSAGE,
    PENDING,
    REFUSED,
    SPAM,
    Facts,
    decide,
)


@dataclass
class Rules:
    hold_all: bool = False
    trust_approved_authors: bool = True
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


CASES = [
    # (what, facts, rules, expected status)
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
    ("the honeypot filled is spam", facts(honeypot_filled=True), Rules(), SPAM),
    ("sent back in under 3 s is spam", facts(form_age_seconds=1.5), Rules(), SPAM),
    ("a form older than two days is spam", facts(form_age_seconds=2 * 86400 + 1), Rules(), SPAM),
    ("a missing or forged timestamp is spam", facts(form_age_seconds=None), Rules(), SPAM),
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
