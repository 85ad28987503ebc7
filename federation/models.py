"""What federation keeps: each part appends its own section (Webmention, ActivityPub)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


# --- ActivityPub: the blog as an actor (federation/activitypub/) ---------------------------------
class FediverseProfile(models.Model):
    """The blog's Fediverse identity: its handle, its picture and its key pair (one row).

    The key pair is made once, the first time the row is needed, and kept: followers' servers
    remember the public key, so a new one would make them refuse our deliveries. The private key
    is never shown (not in the admin, not in any export) and never leaves the server."""

    handle = models.SlugField(
        max_length=64,
        blank=True,
        help_text=_(
            "The blog is followed as @handle@your-domain. Blank: made from the blog's name."
        ),
        verbose_name=_("handle"),
    )
    icon = models.ImageField(
        upload_to="fediverse/",
        blank=True,
        help_text=_(
            "The picture Mastodon shows beside the blog's name (square, PNG or JPEG). "
            "Blank: the site's own icon."
        ),
        verbose_name=_("icon"),
    )
    public_key_pem = models.TextField(editable=False, verbose_name=_("public key (PEM)"))
    private_key_pem = models.TextField(editable=False, verbose_name=_("private key (PEM)"))
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )

    class Meta:
        verbose_name = _("Fediverse profile")
        verbose_name_plural = _("Fediverse profile")

    def __str__(self) -> str:
        return str(capfirst(self._meta.verbose_name))

    def get_absolute_url(self) -> str:
        return reverse("federation:ap-actor")


class RemoteActor(models.Model):
    """Someone on another server we have heard from: their key (to check their signatures),
    their inboxes (to deliver to) and how to show them (name, handle, a local copy of their
    picture, fetched once)."""

    uri = models.URLField(max_length=2000, unique=True, verbose_name=_("URI"))
    key_id = models.URLField(max_length=2000, db_index=True, verbose_name=_("key ID"))
    public_key_pem = models.TextField(verbose_name=_("public key (PEM)"))
    inbox = models.URLField(max_length=2000, verbose_name=_("inbox"))
    shared_inbox = models.URLField(max_length=2000, blank=True, verbose_name=_("shared inbox"))
    handle = models.CharField(
        max_length=255, blank=True, verbose_name=_("handle")
    )  # "@alice@mastodon.example"
    name = models.CharField(max_length=255, blank=True, verbose_name=_("name"))
    profile_url = models.URLField(max_length=2000, blank=True, verbose_name=_("profile URL"))
    icon_url = models.URLField(
        max_length=2000, blank=True, editable=False, verbose_name=_("picture URL")
    )
    avatar = models.ImageField(
        upload_to="avatars/remote/", blank=True, editable=False, verbose_name=_("avatar")
    )
    avatar_fetched = models.BooleanField(
        default=False, editable=False, verbose_name=_("avatar fetched")
    )
    fetched_at = models.DateTimeField(default=timezone.now, verbose_name=_("fetched at"))

    class Meta:
        ordering = ["handle", "uri"]
        verbose_name = _("Fediverse account")
        verbose_name_plural = _("Fediverse accounts")

    def __str__(self) -> str:
        return self.handle or self.uri

    def get_absolute_url(self) -> str:
        return self.profile_url or self.uri

    @property
    def delivery_inbox(self) -> str:
        """Where activities for this actor go: their server's shared inbox when it has one."""
        return self.shared_inbox or self.inbox


class Follower(models.Model):
    """A Fediverse account following the blog (a Follow we accepted)."""

    actor = models.OneToOneField(
        RemoteActor, on_delete=models.CASCADE, related_name="following", verbose_name=_("actor")
    )
    follow_id = models.URLField(
        max_length=2000, blank=True, help_text=_("Their Follow's id."), verbose_name=_("Follow ID")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")

    def __str__(self) -> str:
        return str(self.actor)

    def get_absolute_url(self) -> str:
        return self.actor.get_absolute_url()


class FediverseBlock(models.Model):
    """A server or an account whose activities are dropped unread (beside the comments'
    blocklist, which judges what the comments say)."""

    value = models.CharField(
        max_length=2000,
        unique=True,
        help_text=_(
            "A server's domain (spam.example, which covers its subdomains) or an "
            "account's address (https://spam.example/users/bob)."
        ),
        verbose_name=_("value"),
    )
    reason = models.TextField(
        blank=True, help_text=_("Why, for the other moderators."), verbose_name=_("reason")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["value"]
        verbose_name = _("Fediverse block")
        verbose_name_plural = _("Fediverse blocks")

    def __str__(self) -> str:
        return self.value

    def save(self, *args, **kwargs) -> None:
        self.value = self.value.strip().lower().rstrip("/")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("admin:federation_fediverseblock_change", args=[self.pk])


class FederatedArticle(models.Model):
    """What followers were last sent about a post, so a save sends Create once, Update only when
    the Article changed, and Delete when the post is unpublished or deleted. Keyed on the post's
    id, not a foreign key: the row outlives a deleted post until its Delete is sent."""

    post_pk = models.PositiveBigIntegerField(unique=True, verbose_name=_("post ID"))
    object_id = models.URLField(max_length=2000, verbose_name=_("object id"))
    content_hash = models.CharField(max_length=64, blank=True, verbose_name=_("content hash"))
    is_deleted = models.BooleanField(default=False, verbose_name=_("is deleted"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("federated article")
        verbose_name_plural = _("federated articles")

    def __str__(self) -> str:
        return self.object_id

    def get_absolute_url(self) -> str:
        return self.object_id


class FederatedNote(models.Model):
    """Our answer to a Fediverse comment, as last sent (a Note): where it went, so an edit on the
    site sends an Update and a removal a Delete to the same inbox. Keyed on the comment's id, not
    a foreign key: the row outlives a deleted comment until its Delete is sent."""

    comment_pk = models.PositiveBigIntegerField(unique=True, verbose_name=_("comment ID"))
    object_id = models.URLField(max_length=2000, verbose_name=_("object id"))
    inbox = models.URLField(max_length=2000, verbose_name=_("inbox"))
    content_hash = models.CharField(max_length=64, blank=True, verbose_name=_("content hash"))
    is_deleted = models.BooleanField(default=False, verbose_name=_("is deleted"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("federated note")
        verbose_name_plural = _("federated notes")

    def __str__(self) -> str:
        return self.object_id

    def get_absolute_url(self) -> str:
        return self.object_id


class Delivery(models.Model):
    """One activity sent to one inbox, and how it went (written by the delivery task; read-only
    in the admin): what was sent where, its status, the tries and the last error."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")  # failed for now (a 5xx, 429, a timeout): tried again
        FAILED = "failed", _("Failed")  # given up after FEDERATION_DELIVERY_MAX_ATTEMPTS tries
        REFUSED = "refused", _("Refused")  # another 4xx, or an address the network rules refuse
        GONE = "gone", _("Gone (410)")  # a deleted account's inbox: its followers were removed
        SKIPPED = "skipped", _("Skipped")  # federation off, or the server blocked

    activity_id = models.URLField(max_length=2000, verbose_name=_("activity id"))
    activity_type = models.CharField(
        max_length=20, verbose_name=_("activity type")
    )  # Create, Update, Delete, Accept...
    object_id = models.URLField(max_length=2000, blank=True, verbose_name=_("object id"))
    inbox = models.URLField(max_length=2000, verbose_name=_("inbox"))
    status = models.CharField(
        max_length=10, choices=Status, default=Status.QUEUED, verbose_name=_("status")
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    response_status = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("response status")
    )
    last_error = models.CharField(max_length=300, blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    attempted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("attempted at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_idx")]
        verbose_name = _("delivery")

    def __str__(self) -> str:
        return f"{self.activity_type} → {self.inbox}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("admin:federation_delivery_change", args=[self.pk])


# --- Webmention: what was sent for each outside link of a post -----------------------------------
class SentWebmention(models.Model):
    """One outside link of a post and the last webmention sent for it (federation.webmention_send):
    an unchanged post sends nothing twice; a link taken out of the post is sent once more."""

    class Result(models.TextChoices):
        SENT = "sent", _("Accepted by the endpoint")
        NO_ENDPOINT = "no-endpoint", _("The page advertises no endpoint")
        REJECTED = "rejected", _("The endpoint refused it")
        FAILED = "failed", _("Could not be sent")

    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    target = models.URLField(max_length=2000, verbose_name=_("target"))
    # Still linked from the post (False: taken out, and the other side told so once).
    linked = models.BooleanField(default=True, verbose_name=_("linked"))
    # The post's text when this was last sent (a hash): a change sends again.
    post_version = models.CharField(max_length=64, blank=True, verbose_name=_("post version"))
    endpoint = models.URLField(max_length=2000, blank=True, verbose_name=_("endpoint"))
    result = models.CharField(max_length=12, choices=Result, blank=True, verbose_name=_("result"))
    response_status = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("response status")
    )
    detail = models.CharField(max_length=300, blank=True, verbose_name=_("detail"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["post", "target"]
        constraints = [
            models.UniqueConstraint(fields=["post", "target"], name="sent_webmention_per_link"),
        ]
        verbose_name = _("sent webmention")
        verbose_name_plural = _("sent webmentions")

    def __str__(self) -> str:
        result = self.result or gettext("not sent yet")
        return f"{self.post_id} → {self.target}: {result}"

    def get_absolute_url(self) -> str:
        return self.target
