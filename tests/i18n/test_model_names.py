"""What the admin calls each row (its ``__str__``: the change form's title, the breadcrumbs, the
delete page, the history) is in the staff member's language too, like the admin's own texts."""

import datetime

import pytest
from django.utils import translation

from blog.models import PostRevision
from comments.models import Comment, CommentLike, DiscussionSettings, PostLike, Reaction
from federation.models import FediverseProfile, SentWebmention
from subscriptions.models import (
    ApprovalNotice,
    EmailOptOut,
    FollowUpSubscription,
    PostAnnouncement,
    PostSubscription,
    SpamDigest,
)
from wordpress.models import WordPressItem

WHEN = datetime.datetime(2015, 10, 27, 14, 5, tzinfo=datetime.UTC)
ROWS = {
    "revision": lambda: PostRevision(title="Aleppo", created_at=WHEN),
    "autosave": lambda: PostRevision(title="Aleppo", created_at=WHEN, is_autosave=True),
    "comment": lambda: Comment(author_name="Ada", post_id=3, body="Well said."),
    "reaction": lambda: Reaction(kind="like", post_id=3, author_name="Ada"),
    "comment like": lambda: CommentLike(browser="x", comment_id=5),
    "post like": lambda: PostLike(post_id=3),
    "discussion settings": lambda: DiscussionSettings(),
    "fediverse profile": lambda: FediverseProfile(),
    "webmention sent": lambda: SentWebmention(post_id=3, target="https://example.org/"),
    "follow-up": lambda: FollowUpSubscription(email="a@example.org", post_id=3, mode="all"),
    "new posts": lambda: PostSubscription(email="a@example.org"),
    "opt-out": lambda: EmailOptOut(email="a@example.org", topic="moderation"),
    "spam digest": lambda: SpamDigest(email="a@example.org"),
    "announcement": lambda: PostAnnouncement(post_id=3),
    "approval notice": lambda: ApprovalNotice(comment_id=5),
    "wordpress item": lambda: WordPressItem(kind="post", key="12"),
}


@pytest.mark.parametrize("name", ROWS)
@pytest.mark.parametrize("language", ["fr", "fa"])
def test_a_row_is_named_in_the_staff_member_s_language(name, language):
    row = ROWS[name]()
    with translation.override("en"):
        english = str(row)
    with translation.override(language):
        translated = str(row)
    assert translated and translated != english, (name, english)
