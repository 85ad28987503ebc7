"""Bans that aim: the e-mail address and the account by default, the IP address only when asked
(with a warning when it could silence everyone), every ban listed with Unban (issue 17)."""

import pytest
from django.test import Client

from comments.models import Ban, Comment, DiscussionSettings
from tests.comments.conftest import form_timestamp
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bad(post):
    return CommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        author_name="Spammy",
        author_email="ada@example.org",
        ip_address="198.51.100.7",
        body="Buy my things",
    )


def test_one_click_ban_blocks_the_email_address_not_the_ip(
    client, moderator, bad, comment_data, create_url
):
    client.force_login(moderator)
    response = client.post(f"/comments/{bad.pk}/ban/", {"next": "/moderation/"})
    assert response["Location"] == "/moderation/"
    bad.refresh_from_db()
    assert bad.status == Comment.Status.SPAM
    assert list(Ban.objects.values_list("kind", "value", "created_by")) == [
        ("email", "ada@example.org", moderator.pk)
    ]
    assert DiscussionSettings.load().blocked_ip_list == []

    Client(REMOTE_ADDR="192.0.2.99").post(create_url, comment_data(comment="Back again"))
    back = Comment.objects.latest("pk")
    assert (back.status, back.moderation_rule) == (Comment.Status.SPAM, "banned-email")
    # Someone else behind the same address (a café, a school, the proxy) is not silenced.
    Client(REMOTE_ADDR="198.51.100.7").post(
        create_url, comment_data(comment="A neighbour", email="other@example.org")
    )
    assert Comment.objects.latest("pk").status != Comment.Status.SPAM


def test_a_ban_makes_their_held_comments_spam_and_leaves_others(client, moderator, bad, post):
    theirs = CommentFactory(post=post, status=Comment.Status.PENDING, author_email=bad.email)
    approved = CommentFactory(post=post, author_email=bad.email)
    someone_else = CommentFactory(
        post=post, status=Comment.Status.PENDING, ip_address=bad.ip_address
    )
    client.force_login(moderator)
    client.post(f"/comments/{bad.pk}/ban/")
    for comment, status in [
        (theirs, Comment.Status.SPAM),
        (approved, Comment.Status.APPROVED),
        (someone_else, Comment.Status.PENDING),
    ]:
        comment.refresh_from_db()
        assert comment.status == status


def test_banning_a_signed_in_reader_bans_the_account(client, moderator, reader, post, create_url):
    theirs = CommentFactory(post=post, user=reader, author_email="", status=Comment.Status.PENDING)
    client.force_login(moderator)
    client.post(f"/comments/{theirs.pk}/ban/")
    assert sorted(Ban.objects.values_list("kind", "value")) == [
        ("account", str(reader.pk)),
        ("email", "reader@example.org"),
    ]
    # The account's e-mail address changes: the account is still banned.
    reader.email = "new-address@example.org"
    reader.save()
    signed_in = Client()
    signed_in.force_login(reader)
    signed_in.post(create_url, {"comment": "Still me", "ts": form_timestamp(post)})
    latest = Comment.objects.latest("pk")
    assert (latest.status, latest.moderation_rule) == (Comment.Status.SPAM, "banned-account")


def test_the_ban_form_offers_the_ip_address_unticked(client, moderator, bad):
    client.force_login(moderator)
    html = client.get(f"/comments/{bad.pk}/ban/").content.decode()
    assert 'name="email" class="checkboxinput form-check-input" id="id_email" checked' in html
    assert 'name="ip" class="checkboxinput form-check-input" id="id_ip">' in html
    assert "IP address: 198.51.100.7" in html


def test_an_ip_ban_is_an_explicit_choice(
    client, moderator, bad, settings, comment_data, create_url
):
    settings.BEHIND_PROXY = True
    client.force_login(moderator)
    response = client.post(
        f"/comments/{bad.pk}/ban/", {"chosen": "1", "ip": "on", "reason": "Floods the blog"}
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert (ban.kind, ban.value, ban.reason) == ("ip", "198.51.100.7", "Floods the blog")
    Client(REMOTE_ADDR="198.51.100.7").post(
        create_url, comment_data(comment="Another name", email="someone@example.org")
    )
    latest = Comment.objects.latest("pk")
    assert (latest.status, latest.moderation_rule) == (Comment.Status.SPAM, "banned-ip")


@pytest.mark.parametrize(
    ("ip", "behind_proxy", "warning"),
    [
        ("127.0.0.1", True, "127.0.0.1 is a loopback or private address"),
        ("10.1.2.3", True, "10.1.2.3 is a loopback or private address"),
        ("198.51.100.7", False, "not configured as BEHIND_PROXY"),
    ],
)
def test_a_risky_ip_ban_warns_and_needs_confirming(
    client, moderator, post, settings, ip, behind_proxy, warning
):
    settings.BEHIND_PROXY = behind_proxy
    comment = CommentFactory(post=post, ip_address=ip, status=Comment.Status.PENDING)
    client.force_login(moderator)
    assert warning in client.get(f"/comments/{comment.pk}/ban/").content.decode()
    response = client.post(f"/comments/{comment.pk}/ban/", {"chosen": "1", "ip": "on"})
    assert response.status_code == 400
    assert "Banning this IP address may silence other readers: confirm it." in (
        response.content.decode()
    )
    assert not Ban.objects.exists()
    response = client.post(
        f"/comments/{comment.pk}/ban/", {"chosen": "1", "ip": "on", "ip_confirmed": "on"}
    )
    assert response.status_code == 302
    assert list(Ban.objects.values_list("kind", "value")) == [("ip", ip)]


def test_a_public_address_behind_the_proxy_gives_no_warning(client, moderator, bad, settings):
    settings.BEHIND_PROXY = True
    client.force_login(moderator)
    html = client.get(f"/comments/{bad.pk}/ban/").content.decode()
    assert "Think twice" not in html and 'name="ip_confirmed"' not in html


def test_ticking_nothing_bans_nothing_and_says_so(client, moderator, bad):
    client.force_login(moderator)
    response = client.post(f"/comments/{bad.pk}/ban/", {"chosen": "1", "reason": "kept"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one thing to ban." in html and "kept</textarea>" in html
    assert not Ban.objects.exists()
    bad.refresh_from_db()
    assert bad.status == Comment.Status.PENDING


def test_the_list_of_bans_shows_what_who_when_and_why(client, moderator, bad, reader, post):
    client.force_login(moderator)
    client.post(f"/comments/{bad.pk}/ban/", {"chosen": "1", "email": "on", "reason": "Ads <b>"})
    theirs = CommentFactory(post=post, user=reader, author_email="")
    client.post(f"/comments/{theirs.pk}/ban/", {"chosen": "1", "account": "on"})
    html = client.get("/moderation/bans/").content.decode()
    assert "2 bans, newest first." in html
    assert "ada@example.org" in html and "Ads &lt;b&gt;" in html
    assert reader.get_display_name() in html
    assert html.count(f"<td>{moderator.get_display_name()}</td>") == 2
    assert html.index(reader.get_display_name()) < html.index("ada@example.org")
    for ban in Ban.objects.all():
        assert f'action="/moderation/bans/{ban.pk}/unban/"' in html


def test_unban_lifts_the_ban(client, moderator, bad, comment_data, create_url):
    client.force_login(moderator)
    client.post(f"/comments/{bad.pk}/ban/")
    ban = Ban.objects.get()
    response = client.post(f"/moderation/bans/{ban.pk}/unban/", follow=True)
    assert response.redirect_chain == [("/moderation/bans/", 302)]
    assert "Unbanned e-mail address ada@example.org." in response.content.decode()
    assert not Ban.objects.exists()
    Client().post(create_url, comment_data(comment="Forgiven"))
    assert Comment.objects.latest("pk").status != Comment.Status.SPAM


def test_bans_are_for_moderators_only(client, reader, moderator, bad):
    ban = Ban.objects.create(kind=Ban.Kind.EMAIL, value="ada@example.org")
    staff_without_permission = UserFactory(is_staff=True)
    for who in (None, reader, staff_without_permission):
        if who:
            client.force_login(who)
        assert client.get("/moderation/bans/").status_code == 403
        assert client.get(f"/comments/{bad.pk}/ban/").status_code == 403
        assert (
            client.post(f"/comments/{bad.pk}/ban/", {"chosen": "1", "ip": "on"}).status_code == 403
        )
        assert client.post(f"/moderation/bans/{ban.pk}/unban/").status_code == 403
    assert list(Ban.objects.values_list("pk", flat=True)) == [ban.pk]


def test_unban_only_accepts_post_with_csrf(moderator):
    ban = Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.5")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(moderator)
    assert csrf_client.get(f"/moderation/bans/{ban.pk}/unban/").status_code == 405
    assert csrf_client.post(f"/moderation/bans/{ban.pk}/unban/").status_code == 403
    assert Ban.objects.filter(pk=ban.pk).exists()


def test_unbanning_a_missing_ban_is_404(client, moderator):
    client.force_login(moderator)
    assert client.post("/moderation/bans/999/unban/").status_code == 404


def test_the_blocklist_text_boxes_still_work(client, comment_data, create_url):
    DiscussionSettings.objects.create(blocked_emails="ada@example.org")
    client.post(create_url, comment_data())
    latest = Comment.objects.latest("pk")
    assert (latest.status, latest.moderation_rule) == (Comment.Status.SPAM, "blocked-email")


def test_an_approved_comment_edited_after_its_author_was_banned_is_set_aside(post, moderator):
    """A ban reaches the banned reader's edits too: an approved comment can't be rewritten into
    an advert in its edit window once its author is banned."""
    from comments import services

    approved = CommentFactory(
        post=post, status=Comment.Status.APPROVED, author_email="ada@example.org"
    )
    other = CommentFactory(post=post, status=Comment.Status.PENDING, author_email="ada@example.org")
    services.ban_create(comment=other, by=moderator)
    approved.refresh_from_db()
    assert approved.status == Comment.Status.APPROVED  # what was approved before stays

    services.comment_edit(comment=approved, body="Now buy my things")

    approved.refresh_from_db()
    assert approved.status == Comment.Status.SPAM
