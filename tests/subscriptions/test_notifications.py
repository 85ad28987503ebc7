"""Who is told of what, and when: moderators, the post's author, follow-up subscribers."""

import pytest
from django.core import mail

from comments.models import Comment
from subscriptions import receivers
from subscriptions.models import FollowUpSubscription
from tests.factories import (
    FollowUpSubscriptionFactory,
    NoticeCommentFactory,
    PostFactory,
    UserFactory,
)
from tests.subscriptions.helpers import link_path, links, sent_to

pytestmark = pytest.mark.django_db


def test_a_held_comment_sends_one_message_to_each_moderator_with_an_email(
    post, moderator, moderators_group, change_comment_permission
):
    # post's author is the superuser "writer" (writer@example.com).
    by_permission = UserFactory(username="perm", email="perm@example.com", is_staff=True)
    by_permission.user_permissions.add(change_comment_permission)
    UserFactory(username="nomail", email="", is_staff=True).groups.add(moderators_group)
    UserFactory(username="reader", email="reader@example.com").groups.add(moderators_group)
    UserFactory(username="clerk", email="clerk@example.com", is_staff=True)
    UserFactory(username="gone", email="gone@example.com", is_superuser=True, is_active=False)
    comment = NoticeCommentFactory(
        post=post, status=Comment.Status.PENDING, body="Is this <b>true</b>?"
    )

    receivers.comment_pending(comment)

    assert sent_to(mail.outbox) == ["mod@example.com", "perm@example.com", "writer@example.com"]
    message = mail.outbox[0]
    assert message.subject == "[Broadsheet] Please moderate: “A Published Post”"
    assert "Is this <b>true</b>?" in message.body
    assert comment.author_email in message.body
    assert "http://127.0.0.1:8000/moderation/" in links(message)
    assert f"http://127.0.0.1:8000/admin/comments/comment/{comment.pk}/change/" in links(message)
    html = message.alternatives[0].content
    assert "Is this &lt;b&gt;true&lt;/b&gt;?" in html
    assert "<b>true</b>" not in html


def test_a_held_comment_tells_no_subscriber_and_not_the_author_as_such(post, moderator):
    FollowUpSubscriptionFactory(post=post, email="follower@example.org")
    comment = NoticeCommentFactory(post=post, status=Comment.Status.PENDING)

    receivers.comment_pending(comment)

    assert "follower@example.org" not in sent_to(mail.outbox)
    assert all("Please moderate" in message.subject for message in mail.outbox)


def test_no_moderation_message_once_the_comment_is_no_longer_pending(post, moderator):
    comment = NoticeCommentFactory(post=post, status=Comment.Status.APPROVED)

    receivers.comment_pending(comment)

    assert mail.outbox == []


def test_an_approved_comment_tells_the_posts_author(post):
    comment = NoticeCommentFactory(post=post, author_name="Ann", body="Well argued.")

    receivers.comment_approved(comment)

    assert sent_to(mail.outbox) == ["writer@example.com"]
    message = mail.outbox[0]
    assert message.subject == "[Broadsheet] New comment on your post “A Published Post”"
    assert "Ann wrote:" in message.body
    assert "Well argued." in message.body
    assert f"http://127.0.0.1:8000{post.get_absolute_url()}#comment-{comment.pk}" in links(message)


def test_the_author_is_not_told_of_their_own_comment(post, author):
    comment = NoticeCommentFactory(post=post, user=author, author_name="", author_email="")

    receivers.comment_approved(comment)

    assert mail.outbox == []


def test_followers_are_told_of_each_approved_comment_but_never_of_their_own(post):
    FollowUpSubscriptionFactory(post=post, email="ann@example.org")
    FollowUpSubscriptionFactory(post=post, email="bob@example.org")
    FollowUpSubscriptionFactory(email="elsewhere@example.org")  # another post

    receivers.comment_approved(
        NoticeCommentFactory(post=post, author_email="Ann@Example.org", author_name="Ann")
    )
    assert sent_to(mail.outbox) == ["bob@example.org", "writer@example.com"]
    to_bob = next(message for message in mail.outbox if message.to == ["bob@example.org"])
    assert to_bob.subject == "[Broadsheet] New comment on “A Published Post”"
    assert "New comment on “A Published Post” by Ann:" in to_bob.body

    mail.outbox.clear()
    receivers.comment_approved(NoticeCommentFactory(post=post, author_email="c@example.org"))
    assert sent_to(mail.outbox) == ["ann@example.org", "bob@example.org", "writer@example.com"]


def test_unconfirmed_followers_get_nothing(post):
    FollowUpSubscriptionFactory(post=post, email="maybe@example.org", confirmed_at=None)

    receivers.comment_approved(NoticeCommentFactory(post=post))

    assert "maybe@example.org" not in sent_to(mail.outbox)


def test_a_replies_only_follower_hears_of_replies_to_their_comment_and_nothing_else(post):
    FollowUpSubscriptionFactory(
        post=post, email="ann@example.org", mode=FollowUpSubscription.Mode.REPLIES
    )
    anns = NoticeCommentFactory(post=post, author_email="ann@example.org")
    someone_elses = NoticeCommentFactory(post=post)

    receivers.comment_approved(NoticeCommentFactory(post=post))
    receivers.comment_approved(NoticeCommentFactory(post=post, parent=someone_elses))
    assert "ann@example.org" not in sent_to(mail.outbox)

    receivers.comment_approved(
        NoticeCommentFactory(post=post, parent=anns, author_name="Bob", body="I disagree.")
    )
    to_ann = [message for message in mail.outbox if message.to == ["ann@example.org"]]
    assert len(to_ann) == 1
    assert to_ann[0].subject == ("[Broadsheet] Bob replied to your comment on “A Published Post”")
    assert "I disagree." in to_ann[0].body


def test_the_parent_comments_author_is_told_of_a_reply_only_when_subscribed(post):
    signed_in = UserFactory(username="sam", email="sam@example.org")
    sams = NoticeCommentFactory(post=post, user=signed_in, author_email="")
    unsubscribed = NoticeCommentFactory(post=post, author_email="quiet@example.org")

    receivers.comment_approved(NoticeCommentFactory(post=post, parent=unsubscribed))
    assert "quiet@example.org" not in sent_to(mail.outbox)

    FollowUpSubscriptionFactory(
        post=post, email="sam@example.org", mode=FollowUpSubscription.Mode.REPLIES
    )
    receivers.comment_approved(NoticeCommentFactory(post=post, parent=sams))
    assert "sam@example.org" in sent_to(mail.outbox)


def test_nothing_is_sent_for_a_comment_that_is_not_approved(post):
    FollowUpSubscriptionFactory(post=post)

    receivers.comment_approved(NoticeCommentFactory(post=post, status=Comment.Status.SPAM))

    assert mail.outbox == []


def test_every_message_is_text_and_html_in_the_blogs_name_with_one_click_unsubscribe(post):
    from blog.models import Blog

    Blog.objects.create(name="Middle East Notes")
    FollowUpSubscriptionFactory(post=post, email="ann@example.org")

    receivers.comment_approved(NoticeCommentFactory(post=post))

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.from_email == "Middle East Notes <noreply@localhost>"
        assert message.subject.startswith("[Middle East Notes] ")
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        unsubscribe = next(url for url in links(message) if "/unsubscribe/" in url)
        assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe in html


def test_a_post_author_who_also_follows_the_post_gets_one_message(post):
    FollowUpSubscriptionFactory(post=post, email="writer@example.com")

    receivers.comment_approved(NoticeCommentFactory(post=post))

    assert sent_to(mail.outbox) == ["writer@example.com"]


def test_a_moderator_can_unsubscribe_from_moderation_messages(client, post, moderator):
    receivers.comment_pending(NoticeCommentFactory(post=post, status=Comment.Status.PENDING))
    to_moderator = next(message for message in mail.outbox if message.to == ["mod@example.com"])
    mail.outbox.clear()

    response = client.post(link_path(to_moderator, "/unsubscribe/"))

    assert response.status_code == 200
    assert "No more e-mails about comments awaiting moderation" in response.content.decode()
    receivers.comment_pending(NoticeCommentFactory(post=post, status=Comment.Status.PENDING))
    assert sent_to(mail.outbox) == ["writer@example.com"]


def test_a_post_author_can_unsubscribe_from_new_comment_messages(client, post):
    receivers.comment_approved(NoticeCommentFactory(post=post))
    response = client.post(link_path(mail.outbox[0], "/unsubscribe/"))
    assert response.status_code == 200
    mail.outbox.clear()

    receivers.comment_approved(NoticeCommentFactory(post=post))
    other_post = PostFactory(author=post.author)
    receivers.comment_approved(NoticeCommentFactory(post=other_post))

    assert mail.outbox == []


def test_asking_for_followups_creates_an_unconfirmed_subscription_and_a_clean_confirmation(post):
    comment = NoticeCommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        author_name="Eve <script>alert(1)</script>",
        author_email="Eve@Example.org",
        body="Buy cheap things at http://spam.example/",
    )

    receivers.followups_requested_for(comment=comment, mode="replies")

    subscription = FollowUpSubscription.objects.get()
    assert (subscription.email, subscription.mode) == ("eve@example.org", "replies")
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eve@example.org"]
    assert "Confirm your subscription" in message.subject
    everything = message.subject + message.body + message.alternatives[0].content
    assert "Eve" not in everything.replace("eve@example.org", "")
    assert "spam.example" not in everything
    assert "cheap" not in everything
    assert any("/subscriptions/confirm/" in url for url in links(message))


def test_followups_for_a_comment_without_an_address_do_nothing(post):
    comment = NoticeCommentFactory(post=post, author_email="")

    receivers.followups_requested_for(comment=comment, mode="all")

    assert FollowUpSubscription.objects.count() == 0
    assert mail.outbox == []


def test_a_comment_approved_twice_is_announced_once(post):
    FollowUpSubscriptionFactory(post=post, email="f@example.org")
    comment = NoticeCommentFactory(post=post)

    receivers.comment_approved(comment)
    comment.status = Comment.Status.PENDING
    comment.save()
    comment.status = Comment.Status.APPROVED
    comment.save()
    receivers.comment_approved(comment)

    assert sent_to(mail.outbox) == ["f@example.org", "writer@example.com"]


def test_a_name_with_line_breaks_cannot_add_headers(post):
    FollowUpSubscriptionFactory(post=post, email="ann@example.org", mode="replies")
    anns = NoticeCommentFactory(post=post, author_email="ann@example.org")

    receivers.comment_approved(
        NoticeCommentFactory(post=post, parent=anns, author_name="Bob\r\nBcc: victim@example.org")
    )

    to_ann = next(message for message in mail.outbox if message.to == ["ann@example.org"])
    assert to_ann.subject.startswith("[Broadsheet] Bob Bcc: victim@example.org replied")
    assert to_ann.message()["Bcc"] is None
    assert to_ann.bcc == []


def test_followups_from_the_comment_form_are_rate_limited_by_the_comments_ip(post, settings):
    settings.SUBSCRIPTIONS_PER_IP = 2
    for n in range(3):
        comment = NoticeCommentFactory(
            post=post, author_email=f"r{n}@example.org", ip_address="192.0.2.7"
        )
        receivers.followups_requested_for(comment=comment, mode="all")

    assert sent_to(mail.outbox) == ["r0@example.org", "r1@example.org"]
    assert FollowUpSubscription.objects.count() == 2
