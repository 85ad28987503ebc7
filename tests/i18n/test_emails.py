"""Every e-mail in every shipped language: subject, plain text and HTML, with no English left."""

import pytest
from django.utils import timezone

from blog.models import Blog
from comments.models import Comment
from comments.moderation import Rule
from subscriptions import emails, tokens
from subscriptions.models import FollowUpSubscription
from tests.factories import (
    FollowUpSubscriptionFactory,
    NoticeCommentFactory,
    PostFactory,
    PostSubscriptionFactory,
)
from tests.i18n.english import english_left, same_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "es", "fa", "ar"]
SUBJECTS = {
    "fr": "[Notes] Nouveau commentaire sur votre article «\u00a0Alep, octobre\u00a0»",
    "de": "[Notes] Neuer Kommentar zu deinem Beitrag „Alep, octobre“",
    "es": "[Notes] Nuevo comentario en tu entrada «Alep, octobre»",
    "fa": "[Notes] دیدگاه تازه برای نوشتهٔ شما «Alep, octobre»",
    "ar": "[Notes] تعليق جديد على مقالتك «Alep, octobre»",
}


@pytest.fixture
def rows(author):
    Blog.objects.create(name="Notes")
    post = PostFactory(author=author, title="Alep, octobre", excerpt="Une lecture longue.")
    parent = NoticeCommentFactory(post=post, author_name="Ann", author_email="ann@example.org")
    reply = NoticeCommentFactory(
        post=post, parent=parent, author_name="Bob", body="Merci pour ce texte."
    )
    pending = NoticeCommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        author_name="Cy",
        author_email="cy@example.org",
        author_url="https://cy.example",
        body="Hm.",
    )
    spam = NoticeCommentFactory(
        post=post,
        status=Comment.Status.SPAM,
        author_name="Dan",
        author_email="dan@spam.example",
        moderation_rule=Rule.BANNED_EMAIL,
        body="Buy.",
    )
    followers = FollowUpSubscriptionFactory(post=post, email="ann@example.org")
    replies_only = FollowUpSubscriptionFactory(
        post=post, email="cy@example.org", mode=FollowUpSubscription.Mode.REPLIES
    )
    news = PostSubscriptionFactory(email="dee@example.org")
    since = (spam.created_at - timezone.timedelta(minutes=1)).isoformat()
    until = (spam.created_at + timezone.timedelta(minutes=1)).isoformat()
    content = [post.title, post.excerpt, "Notes", "Ann", "Bob", "Cy", "Dan", "Hm.", "Buy."]
    content += ["Merci pour ce texte.", "ann@example.org", "cy@example.org", "dan@spam.example"]
    content += ["A thoughtful comment."]
    return {
        "content": content,
        "messages": {
            "confirm-posts": ("confirm", {"subscription": news.pk, "kind": tokens.KIND_POSTS}),
            "confirm-followups": (
                "confirm",
                {"subscription": replies_only.pk, "kind": tokens.KIND_FOLLOWUPS, "mode": "replies"},
            ),
            "moderation": ("moderation", {"comment": pending.pk}),
            "author": ("author", {"comment": reply.pk}),
            "followup-reply": ("followup", {"comment": reply.pk, "subscription": followers.pk}),
            "followup-new": ("followup", {"comment": parent.pk, "subscription": followers.pk}),
            "announcement": ("announcement", {"post": post.pk, "subscription": news.pk}),
            "spam-digest": ("spam_digest", {"since": since, "until": until}),
        },
        "to": {
            "confirm-posts": "dee@example.org",
            "confirm-followups": "cy@example.org",
            "followup-reply": "ann@example.org",
            "followup-new": "ann@example.org",
            "announcement": "dee@example.org",
        },
    }


def render_all(rows, language: str) -> dict:
    blog = Blog.objects.get()
    blog.language = language
    blog.save()
    rendered = {}
    for name, (kind, ref) in rows["messages"].items():
        message = emails.build(kind, to=rows["to"].get(name, "mod@example.com"), ref=ref)
        assert message is not None, name
        html = message.alternatives[0].content
        rendered[name] = (message.subject, message.body, html)
    return rendered


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_in_the_blogs_language_with_no_english_left(rows, language):
    english = render_all(rows, "en")
    translated = render_all(rows, language)
    for name, parts in translated.items():
        assert parts[1:] != english[name][1:], name  # the subject may be the title alone
        for english_part, part in zip(english[name], parts, strict=True):
            left = english_left(english_part, part, content=rows["content"] + same_in(language))
            assert left == [], f"{name}: {left}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_subject_reads_as_the_language_writes_it(rows, language):
    subject = render_all(rows, language)["author"][0]
    assert subject == SUBJECTS[language]


@pytest.mark.parametrize(("language", "direction"), [("fa", "rtl"), ("ar", "rtl"), ("de", "ltr")])
def test_the_html_part_says_its_language_and_direction(rows, language, direction):
    html = render_all(rows, language)["moderation"][2]
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_the_messages_in_english_are_as_before(rows):
    subject, body, _html = render_all(rows, "en")["author"]
    assert subject == "[Notes] New comment on your post “Alep, octobre”"
    assert "Bob wrote:" in body


def test_the_spam_digest_counts_in_persian_digits(rows):
    _subject, body, html = render_all(rows, "fa")["spam-digest"]
    assert "۱" in body and "۱" in html  # noqa: RUF001 (one comment filed as spam, in Persian digits)
    assert not any(digit in body.split("\n")[0] for digit in "0123456789")
