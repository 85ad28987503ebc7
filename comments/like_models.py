"""Readers' likes of comments and posts (issue 19 item 3): one row per reader and thing liked.

A reader is an account when signed in, else a browser: ``browser`` is a keyed hash of the
long-lived random id in that browser's cookie (comments.likes), so the table never holds the
cookie itself, nor an e-mail or IP address. Likes from the Fediverse are not these (federation).
Imported by comments.models, so Django finds them there.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class LikeBase(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # A deleted account's likes stay counted, belonging to nobody.
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    browser = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A keyed hash of the browser's id."),
        verbose_name=_("browser"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        abstract = True

    @property
    def liker(self) -> str:
        """Who liked, as moderators see it: the account's username, never an e-mail."""
        if self.user_id:
            return self.user.username
        return (
            gettext("a reader without an account") if self.browser else gettext("a deleted account")
        )


class CommentLike(LikeBase):
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="likes",
        verbose_name=_("comment"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                condition=Q(user__isnull=False),
                name="comment_like_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["comment", "browser"],
                condition=~Q(browser=""),
                name="comment_like_once_per_browser",
            ),
        ]
        verbose_name = _("comment like")
        verbose_name_plural = _("comment likes")

    def __str__(self) -> str:
        return gettext("%(liker)s likes comment %(comment)s") % {
            "liker": self.liker,
            "comment": self.comment_id,
        }

    def get_absolute_url(self) -> str:
        return self.comment.get_absolute_url()


class PostLike(LikeBase):
    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="reader_likes", verbose_name=_("post")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(user__isnull=False),
                name="post_like_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["post", "browser"],
                condition=~Q(browser=""),
                name="post_like_once_per_browser",
            ),
        ]
        verbose_name = _("post like")
        verbose_name_plural = _("post likes")

    def __str__(self) -> str:
        return gettext("%(liker)s likes post %(post)s") % {
            "liker": self.liker,
            "post": self.post_id,
        }

    def get_absolute_url(self) -> str:
        return self.post.get_absolute_url()
