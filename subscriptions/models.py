"""E-mail subscriptions: follow-ups on a post, new-post announcements, opt-outs, and the
records that make each message go out at most once."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        ALL = "all", _("All new comments on this post")
        REPLIES = "replies", _("Only replies to my comment")

    post = models.ForeignKey(
        "blog.Post",
        on_delete=models.CASCADE,
        related_name="followup_subscriptions",
        verbose_name=_("post"),
    )
    email = models.EmailField(verbose_name=_("email"))
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.ALL, verbose_name=_("mode"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Empty until the confirmation link is followed."),
        verbose_name=_("confirmed at"),
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Also the index for "confirmed subscribers of this post".
            models.UniqueConstraint(fields=["post", "email"], name="followup_one_per_post"),
        ]
        verbose_name = _("follow-up subscription")
        verbose_name_plural = _("follow-up subscriptions")

    def __str__(self) -> str:
        return gettext("%(email)s follows post %(post)s (%(mode)s)") % {
            "email": self.email,
            "post": self.post_id,
            "mode": self.get_mode_display(),
        }

    def get_absolute_url(self) -> str:
        return self.post.get_absolute_url()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PostSubscription(models.Model):
    """A reader who asked to hear about every new post ("Notify me of new posts by email")."""

    email = models.EmailField(unique=True, verbose_name=_("email"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Empty until the confirmation link is followed."),
        verbose_name=_("confirmed at"),
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["confirmed_at"], name="postsub_confirmed_idx")]
        verbose_name = _("post subscription")
        verbose_name_plural = _("post subscriptions")

    def __str__(self) -> str:
        return gettext("%(email)s (new posts)") % {"email": self.email}

    def get_absolute_url(self) -> str:
        return reverse("blog:home")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class EmailOptOut(models.Model):
    """An account holder (moderator, post author) who unsubscribed from one kind of message."""

    class Topic(models.TextChoices):
        MODERATION = "moderation", _("Comments awaiting moderation")
        AUTHOR = "author", _("New comments on my posts")

    email = models.EmailField(verbose_name=_("email"))
    topic = models.CharField(max_length=20, choices=Topic, verbose_name=_("topic"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail opt-out")
        constraints = [
            models.UniqueConstraint(fields=["email", "topic"], name="optout_one_per_topic"),
        ]
        verbose_name_plural = _("e-mail opt-outs")

    def __str__(self) -> str:
        return gettext("%(email)s: no %(topic)s") % {
            "email": self.email,
            "topic": str(self.get_topic_display()).lower(),
        }

    def get_absolute_url(self) -> str:
        return reverse("admin:subscriptions_emailoptout_change", args=[self.pk])


class SpamDigest(models.Model):
    """One moderator's daily message about the comments the rules filed as spam: when the last
    one went out, and when the next is planned (at most one a day, however big the wave)."""

    email = models.EmailField(unique=True, verbose_name=_("email"))
    last_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last sent at"))
    due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("The next digest is planned for then (empty: none)."),
        verbose_name=_("due at"),
    )

    class Meta:
        ordering = ["email"]
        verbose_name = _("spam digest")
        verbose_name_plural = _("spam digests")

    def __str__(self) -> str:
        return gettext("Spam digest for %(email)s") % {"email": self.email}

    def get_absolute_url(self) -> str:
        return reverse("comments:queue-spam")


class SentOnce(models.Model):
    """The record that some e-mails went out, made in the transaction that enqueues them: the
    one-to-one key of each kind below makes a second run (or a concurrent one) fail to create it,
    and so send nothing twice."""

    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))
    recipients = models.PositiveIntegerField(default=0, verbose_name=_("recipients"))

    class Meta:
        abstract = True
        ordering = ["-sent_at", "-pk"]


class PostAnnouncement(SentOnce):
    """A published post was e-mailed to the new-post subscribers: at most once."""

    post = models.OneToOneField(
        "blog.Post", on_delete=models.CASCADE, related_name="announcement", verbose_name=_("post")
    )

    class Meta(SentOnce.Meta):
        verbose_name = _("post announcement")
        verbose_name_plural = _("post announcements")

    def __str__(self) -> str:
        return gettext("Announcement of post %(post)s") % {"post": self.post_id}

    def get_absolute_url(self) -> str:
        return self.post.get_absolute_url()


class ApprovalNotice(SentOnce):
    """An approved comment's e-mails (author, subscribers) went out: at most once, even if the
    comment is unapproved and approved again, or approved from two places."""

    comment = models.OneToOneField(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="approval_notice",
        verbose_name=_("comment"),
    )

    class Meta(SentOnce.Meta):
        verbose_name = _("approval notice")
        verbose_name_plural = _("approval notices")

    def __str__(self) -> str:
        return gettext("Notice of comment %(comment)s") % {"comment": self.comment_id}

    def get_absolute_url(self) -> str:
        return self.comment.get_absolute_url()
