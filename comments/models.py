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
