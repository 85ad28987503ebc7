from django.conf import settings
from django.db import models
from django.urls import reverse


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def for_post(self, post) -> "CommentQuerySet":
        return self.filter(post=post)

    def conversation(self) -> "CommentQuerySet":
        """Comments people wrote, without pingbacks and trackbacks."""
        return self.filter(kind=Comment.Kind.COMMENT)

    def pings(self) -> "CommentQuerySet":
        """Pingbacks and trackbacks: other sites saying they linked here, shown apart."""
        return self.exclude(kind=Comment.Kind.COMMENT)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"

    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(max_length=100, blank=True)
    author_email = models.EmailField(blank=True)
    author_url = models.URLField(max_length=300, blank=True)
    body = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        max_length=10,
        choices=Kind,
        default=Kind.COMMENT,
        help_text="Pingbacks and trackbacks (imported from WordPress) are listed apart.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The post page's one query: a post's comments in a status, oldest first.
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status_idx"),
            # The moderation queue and the admin: by status, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} on {self.post_id}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def display_name(self) -> str:
        if self.user_id and self.user:
            return self.user.get_display_name()
        return self.author_name or "Anonymous"

    def get_moderation_url(self) -> str:
        return reverse("admin:comments_comment_change", args=[self.pk])


# ------------------------------------------------------------------------------------------------
# E-mail subscriptions and notification records (issue 5: notifications)
#
# Every subscription is double opt-in: a row is created unconfirmed, and nothing but the
# confirmation message is sent to it until its signed link is followed (``confirmed_at``).
# Addresses are stored lower-cased, so one reader has one row per post.
# ------------------------------------------------------------------------------------------------


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriptionQuerySet":
        return self.filter(confirmed_at__isnull=False)


class FollowUpSubscription(models.Model):
    """A reader who asked to hear about new comments on one post."""

    class Mode(models.TextChoices):
        ALL = "all", "All new comments on this post"
        REPLIES = "replies", "Only replies to my comment"

    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="followup_subscriptions"
    )
    email = models.EmailField()
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.ALL)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the confirmation link is followed."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Also the index for "confirmed subscribers of this post".
            models.UniqueConstraint(fields=["post", "email"], name="followup_one_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.email} follows post {self.post_id} ({self.mode})"

    def get_absolute_url(self) -> str:
        return self.post.get_absolute_url()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PostSubscription(models.Model):
    """A reader who asked to hear about every new post ("Notify me of new posts by email")."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the confirmation link is followed."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["confirmed_at"], name="postsub_confirmed_idx")]

    def __str__(self) -> str:
        return f"{self.email} (new posts)"

    def get_absolute_url(self) -> str:
        return reverse("blog:home")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class EmailOptOut(models.Model):
    """An account holder (moderator, post author) who unsubscribed from one kind of message."""

    class Topic(models.TextChoices):
        MODERATION = "moderation", "Comments awaiting moderation"
        AUTHOR = "author", "New comments on my posts"

    email = models.EmailField()
    topic = models.CharField(max_length=20, choices=Topic)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "e-mail opt-out"
        constraints = [
            models.UniqueConstraint(fields=["email", "topic"], name="optout_one_per_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.email}: no {self.get_topic_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("admin:comments_emailoptout_change", args=[self.pk])


class PostAnnouncement(models.Model):
    """The record that a published post was e-mailed to the new-post subscribers: at most once.

    Created in the same transaction that enqueues the messages; the one-to-one key makes a second
    run (or a concurrent one) fail to create it, and so send nothing.
    """

    post = models.OneToOneField("blog.Post", on_delete=models.CASCADE, related_name="announcement")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Announcement of post {self.post_id}"

    def get_absolute_url(self) -> str:
        return self.post.get_absolute_url()


class ApprovalNotice(models.Model):
    """The record that an approved comment's e-mails (author, subscribers) went out: at most once,
    even if the comment is unapproved and approved again, or approved from two places."""

    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, related_name="approval_notice"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Notice of comment {self.comment_id}"

    def get_absolute_url(self) -> str:
        return self.comment.get_absolute_url()
