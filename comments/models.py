from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blog.models import Page
from comments import conf, moderation
from comments.markup import render_comment
from core import cache as kept


def web_address(url: str) -> str:
    """``url`` if it is an absolute http(s) address, else an empty string."""
    cleaned = (url or "").strip()
    scheme = urlsplit(cleaned).scheme.lower() if cleaned else ""
    has_control = any(ord(character) < 0x21 for character in cleaned)
    return cleaned if scheme in {"http", "https"} and not has_control else ""


def attachment(target) -> dict:
    """The field a comment on ``target`` fills: ``{"post": post}``, or ``{"page": page}``.

    A comment hangs on a post or on a page (``Comment.post`` / ``Comment.page``, exactly one set).
    Code that takes "the thing commented on" passes it through here, so it need not care which."""
    return {"page": target} if isinstance(target, Page) else {"post": target}


def target_key(target) -> str:
    """A key naming what a comment is on, for caches and form tokens: "12" for post 12 (as
    before pages took comments), "page:12" for page 12."""
    return f"page:{target.pk}" if isinstance(target, Page) else str(target.pk)


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def spam(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.SPAM)

    def removed(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.REMOVED)

    def for_post(self, post) -> "CommentQuerySet":
        """The comments on ``post``: a post or a page (see ``attachment``)."""
        return self.filter(**attachment(post))

    def any_by(self, user_id: int, *, on) -> bool:
        """Whether the account ``user_id`` has a comment, in any status, on ``on`` (a post or a
        page). Asked on every page a signed-in reader opens, and nearly always answered no, so
        it is one plain statement: the ORM took longer to build this query than the database
        takes to answer it (about a tenth of the signed-in post page)."""
        meta = self.model._meta
        quote = connections[self.db].ops.quote_name
        target = meta.get_field("page" if isinstance(on, Page) else "post").column
        user = meta.get_field("user").column
        sql = (
            f"SELECT 1 FROM {quote(meta.db_table)} "  # noqa: S608 (names from the model only)
            f"WHERE {quote(target)} = %s AND {quote(user)} = %s LIMIT 1"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [on.pk, user_id])
            return cursor.fetchone() is not None

    def conversation(self) -> "CommentQuerySet":
        """Comments people wrote (here, on their own site, on the Fediverse), without pingbacks
        and trackbacks."""
        return self.filter(kind__in=Comment.CONVERSATION_KINDS)

    def pings(self) -> "CommentQuerySet":
        """Pingbacks and trackbacks: other sites saying they linked here, shown apart."""
        return self.exclude(kind__in=Comment.CONVERSATION_KINDS)

    def from_elsewhere(self) -> "CommentQuerySet":
        """Replies written on another site and sent here (webmentions, Fediverse replies)."""
        return self.filter(kind__in=Comment.REMOTE_KINDS)

    def visible_to(self, *, user=None, own_ids=(), moderator: bool = False) -> "CommentQuerySet":
        """What one reader sees: approved comments, their own held ones, and (for moderators)
        every pending one. Spam is shown to its own author as if it were pending."""
        if moderator:
            return self.filter(status__in=[Comment.Status.APPROVED, Comment.Status.PENDING])
        own = Q(pk__in=list(own_ids))
        if user is not None and user.is_authenticated:
            own |= Q(user_id=user.pk)
        held = [Comment.Status.PENDING, Comment.Status.SPAM]
        return self.filter(Q(status=Comment.Status.APPROVED) | (own & Q(status__in=held)))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")
        WEBMENTION = "webmention", _("Webmention")
        FEDIVERSE = "fediverse", _("Fediverse reply")

    # Replies that belong in the thread; pingbacks and trackbacks are listed apart.
    CONVERSATION_KINDS = (Kind.COMMENT, Kind.WEBMENTION, Kind.FEDIVERSE)
    # Replies written elsewhere: they arrive through comments.services.remote_comment_save.
    REMOTE_KINDS = (Kind.WEBMENTION, Kind.FEDIVERSE)

    class BodyFormat(models.TextChoices):
        MARKDOWN = "markdown", _("Text with a little Markdown")
        HTML = "html", _("HTML as WordPress kept it (sanitized)")

    post = models.ForeignKey(
        "blog.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("post"),
    )
    page = models.ForeignKey(
        "blog.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("page"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("parent"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("user"),
    )
    # 255: what WordPress's comment_author (tinytext) holds; the form asks for less.
    author_name = models.CharField(max_length=255, blank=True, verbose_name=_("author name"))
    author_email = models.EmailField(blank=True, verbose_name=_("author email"))
    author_url = models.URLField(max_length=300, blank=True, verbose_name=_("author URL"))
    body = models.TextField(
        max_length=5000, help_text=_("Plain text with a little Markdown."), verbose_name=_("body")
    )
    body_html = models.TextField(editable=False, blank=True, verbose_name=_("body (HTML)"))
    body_format = models.CharField(
        max_length=10,
        choices=BodyFormat,
        default=BodyFormat.MARKDOWN,
        editable=False,
        help_text=_("How the body is read: what our form takes, or imported HTML."),
        verbose_name=_("body format"),
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.PENDING,
        db_index=False,
        verbose_name=_("status"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    edited_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("edited at")
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP address"))
    user_agent = models.CharField(max_length=500, blank=True, verbose_name=_("user agent"))
    kind = models.CharField(
        max_length=10,
        choices=Kind,
        default=Kind.COMMENT,
        help_text=_("Pingbacks and trackbacks (imported from WordPress) are listed apart."),
        verbose_name=_("kind"),
    )
    # What makes a resubmitted form (a retry, a double click, a reload after a lost answer) find
    # the comment it already made instead of making a second: see CommentForm.submission_key.
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        verbose_name=_("submission key"),
    )
    # Which moderation rule decided the comment's first status, and why (comments.moderation):
    # what moderators read beside a comment the rules set aside.
    moderation_rule = models.CharField(
        max_length=30, blank=True, editable=False, verbose_name=_("moderation rule")
    )
    moderation_reason = models.CharField(
        max_length=200, blank=True, editable=False, verbose_name=_("moderation reason")
    )
    # When the status last changed, and what it was before (so Restore puts a removed comment
    # back where it was, and spam is purged 30 days after it became spam).
    status_changed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("status changed at")
    )
    previous_status = models.CharField(
        max_length=10, choices=Status, blank=True, editable=False, verbose_name=_("previous status")
    )
    # A reply written elsewhere: the webmention's source URL or the ActivityPub Note's id.
    remote_id = models.URLField(
        max_length=2000, blank=True, editable=False, verbose_name=_("remote id")
    )
    author_handle = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("A Fediverse author's handle: @alice@example.social."),
        verbose_name=_("author handle"),
    )
    # A local copy of a remote author's picture, fetched once: the page never shows a
    # third-party image.
    author_photo = models.ImageField(
        upload_to="avatars/remote/", blank=True, verbose_name=_("author photo")
    )
    # How many readers like it: kept by comments.likes (CommentLike holds who), so the thread
    # and the "Best" order read it without counting.
    like_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("like count")
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The post page's one query: a post's comments in a status, oldest first.
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status_idx"),
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status_idx"),
            # The moderation queue and the admin: by status, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_status_idx"),
            # Moderation: has this e-mail address an approved comment already?
            models.Index(fields=["author_email", "status"], name="comment_email_status_idx"),
        ]
        constraints = [
            # An edit or a deletion at the source finds the comment it made (also its index).
            models.UniqueConstraint(
                fields=["post", "remote_id"],
                condition=~Q(remote_id=""),
                name="comment_remote_id_per_post",
            ),
            # On a post or on a page, never both, never neither.
            models.CheckConstraint(
                condition=Q(post__isnull=False, page__isnull=True)
                | Q(post__isnull=True, page__isnull=False),
                name="comment_on_post_or_page",
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return gettext("%(name)s on %(target)s: %(body)s") % {
            "name": self.display_name,
            "target": self.target_key,
            "body": self.body[:40],
        }

    def save(self, *args, **kwargs) -> None:
        # body_html is a cache of the rendered body, so a thread of 2,000 comments renders fast.
        self.body_html = render_comment(self.body, body_format=self.body_format)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.target.get_absolute_url()}#comment-{self.pk}"

    @property
    def target(self):
        """What the comment is on: its post, or its page."""
        return self.post if self.post_id else self.page

    @property
    def target_key(self) -> str:
        """``target_key(self.target)`` without fetching the target."""
        return str(self.post_id) if self.post_id else f"page:{self.page_id}"

    @property
    def email(self) -> str:
        """The address moderation and avatars go by: the account's, or the one typed."""
        if self.user_id and self.user and self.user.email:
            return self.user.email
        return self.author_email

    @property
    def website(self) -> str:
        """The commenter's web address, to link their name: http(s) only. The form refuses
        anything else, but imported comments keep what was typed elsewhere (``javascript:``...),
        which is then shown as text, never as a link."""
        return "" if self.user_id else web_address(self.author_url)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_from_elsewhere(self) -> bool:
        return self.kind in self.REMOTE_KINDS

    @property
    def original_url(self) -> str:
        """Where a reply from elsewhere was written (http(s) only), to link "via ..."."""
        return web_address(self.remote_id) if self.is_from_elsewhere else ""

    @property
    def via(self) -> str:
        """Where a reply from elsewhere was written, as a reader reads it."""
        if self.kind == self.Kind.FEDIVERSE:
            host = self.author_handle.rpartition("@")[2] or urlsplit(self.remote_id).hostname
            return host or "the Fediverse"
        return "their site" if self.kind == self.Kind.WEBMENTION else ""

    @property
    def display_name(self) -> str:
        if self.user_id and self.user:
            return self.user.get_display_name()
        return self.author_name or str(_("Anonymous"))

    def get_moderation_url(self) -> str:
        return reverse("admin:comments_comment_change", args=[self.pk])

    @property
    def moderation_rule_label(self) -> str:
        """What the rule that set the comment aside says, for moderators."""
        return self.moderation_reason or moderation.RULE_LABELS.get(self.moderation_rule, "")

    @property
    def filed_as_spam_by_the_rules(self) -> bool:
        return self.moderation_rule in moderation.SPAM_RULES


# --- Reactions: likes and reposts from elsewhere ------------------------------------------------
class Reaction(models.Model):
    """Someone liked or reposted a post on their own site or on the Fediverse (counted, and their
    face shown, under "Mentions elsewhere"), or mentioned it on a page of theirs (listed there)."""

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        REPOST = "repost", _("Repost")
        # A page that links to the post without answering it (a webmention's plain mention):
        # listed with the pingbacks, linking to the page.
        MENTION = "mention", _("Mention")

    class Origin(models.TextChoices):
        WEBMENTION = "webmention", _("Webmention")
        FEDIVERSE = "fediverse", _("Fediverse")

    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post")
    )
    kind = models.CharField(max_length=10, choices=Kind, verbose_name=_("kind"))
    origin = models.CharField(max_length=10, choices=Origin, verbose_name=_("origin"))
    # The webmention's source URL, or the ActivityPub Like's / Announce's id.
    remote_id = models.URLField(max_length=2000, verbose_name=_("remote id"))
    author_name = models.CharField(max_length=255, blank=True, verbose_name=_("author name"))
    author_url = models.URLField(max_length=2000, blank=True, verbose_name=_("author URL"))
    # A local copy, fetched once (never a third-party image on the page).
    author_photo = models.ImageField(
        upload_to="avatars/remote/", blank=True, verbose_name=_("author photo")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Also the index of the post page's query (a post's reactions).
            models.UniqueConstraint(fields=["post", "remote_id"], name="reaction_one_per_source"),
        ]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")

    def __str__(self) -> str:
        who = self.author_name or self.author_url
        return gettext("%(kind)s of %(post)s by %(who)s") % {
            "kind": self.get_kind_display(),
            "post": self.post_id,
            "who": who,
        }

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#pings"

    @property
    def website(self) -> str:
        return web_address(self.author_url)

    @property
    def source_url(self) -> str:
        """The page that mentioned, liked or reposted the post (http(s) only)."""
        return web_address(self.remote_id)


# --- Bans ---------------------------------------------------------------------------------------
class BanQuerySet(models.QuerySet):
    def facts(self, *, email: str = "", user=None, ip: str = "") -> moderation.Bans:
        """Which bans a new comment's e-mail address, account and IP address match (1 query)."""
        wanted = Q(pk__in=[])
        if email:
            wanted |= Q(kind=Ban.Kind.EMAIL, value=email.strip().lower())
        if user is not None and user.is_authenticated:
            wanted |= Q(kind=Ban.Kind.ACCOUNT, value=str(user.pk))
        if ip:
            wanted |= Q(kind=Ban.Kind.IP, value=ip.strip().lower())
        kinds = set(self.filter(wanted).values_list("kind", flat=True))
        return moderation.Bans(
            email=Ban.Kind.EMAIL in kinds,
            account=Ban.Kind.ACCOUNT in kinds,
            ip=Ban.Kind.IP in kinds,
        )


class Ban(models.Model):
    """One banned e-mail address, account or IP address: its new comments are spam."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail address")
        ACCOUNT = "account", _("Account")
        IP = "ip", _("IP address")

    kind = models.CharField(max_length=10, choices=Kind, verbose_name=_("kind"))
    # The address (lower-cased), the IP address, or the account's primary key.
    value = models.CharField(max_length=254, verbose_name=_("value"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bans",
        help_text=_("The banned account (account bans only)."),
        verbose_name=_("user"),
    )
    reason = models.TextField(
        blank=True, help_text=_("Why, for the other moderators."), verbose_name=_("reason")
    )
    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The comment the ban was made from."),
        verbose_name=_("comment"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Also the index a new comment's ban lookup uses.
            models.UniqueConstraint(fields=["kind", "value"], name="ban_one_per_value"),
        ]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.what}"

    def get_absolute_url(self) -> str:
        return reverse("comments:bans")

    @property
    def what(self) -> str:
        """The banned thing as a moderator reads it."""
        if self.kind == self.Kind.ACCOUNT:
            return self.user.get_display_name() if self.user else f"account {self.value}"
        return self.value


# ------------------------------------------------------------------------------------------------
# E-mail subscriptions and notification records (issue 5: notifications)
#
# --- Discussion settings ------------------------------------------------------------------------
# One row, edited in the admin like WordPress's Discussion screen; defaults from settings.py
# (comments.conf). Kept in the cache (core.cache); comments.signals bumps it when the row changes.


def _lines(text: str) -> list[str]:
    return [line.strip().lower() for line in (text or "").splitlines() if line.strip()]


class DiscussionSettings(models.Model):
    class Order(models.TextChoices):
        OLDEST = "oldest", _("Oldest first")
        NEWEST = "newest", _("Newest first")
        BEST = "best", _("Best first (most liked, then oldest)")

    max_depth = models.PositiveSmallIntegerField(
        _("threading depth"),
        default=conf.default_max_depth,
        help_text=_(
            "Replies nest this many levels deep (1: no threading); deeper replies attach "
            "at the last level."
        ),
    )
    per_page = models.PositiveSmallIntegerField(
        _("comments per page"),
        default=conf.default_per_page,
        help_text=_("Top-level comments on each page of a long thread."),
    )
    order = models.CharField(
        max_length=10,
        choices=Order,
        default=conf.default_order,
        help_text=_(
            "Which top-level comments come first for a reader who has not chosen (readers "
            "may pick Oldest, Newest or Best above the thread); replies are always oldest first."
        ),
        verbose_name=_("order"),
    )
    close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=conf.default_close_after_days,
        help_text=_("Close comments on posts older than this many days. Empty: never."),
        verbose_name=_("close after days"),
    )
    require_name_email = models.BooleanField(
        _("comment author must fill out name and email"),
        default=conf.default_require_name_email,
    )
    hold_all = models.BooleanField(
        _("comment must be manually approved"),
        default=conf.default_hold_all,
        help_text=_("Hold every comment (except those by staff and moderators) for moderation."),
    )
    trust_approved_authors = models.BooleanField(
        _("comment author must have a previously approved comment"),
        default=conf.default_trust_approved_authors,
        help_text=_("Hold a first comment from an e-mail address; approve later ones."),
    )
    trust_remote_replies = models.BooleanField(
        _("publish replies from other sites without moderation"),
        default=conf.default_trust_remote_replies,
        help_text=_(
            "Webmentions and Fediverse replies are held for a moderator unless this is "
            "ticked; the blocklists and held words still apply to them."
        ),
    )
    hold_links = models.PositiveSmallIntegerField(
        _("links that hold a comment"),
        default=conf.default_hold_links,
        help_text=_("Hold a comment with this many links or more (0: never)."),
    )
    hold_words = models.TextField(
        blank=True,
        help_text=_(
            "One per line. A comment containing any of these (in its text, name, e-mail, "
            "website, IP address or browser) is held for moderation."
        ),
        verbose_name=_("hold words"),
    )
    blocked_words = models.TextField(
        blank=True,
        help_text=_(
            "One per line. A comment containing any of these (in its text, name, e-mail, "
            "website or browser) is marked as spam."
        ),
        verbose_name=_("blocked words"),
    )
    blocked_emails = models.TextField(
        blank=True,
        help_text=_("One e-mail address per line: comments from these are spam."),
        verbose_name=_("blocked emails"),
    )
    blocked_ips = models.TextField(
        _("blocked IP addresses"),
        blank=True,
        help_text=_("One IP address per line: comments from these are spam."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")

    def __str__(self) -> str:
        return str(capfirst(self._meta.verbose_name))

    def get_absolute_url(self) -> str:
        return reverse("admin:comments_discussionsettings_changelist")

    @classmethod
    def load(cls) -> "DiscussionSettings":
        """The row (or the defaults when nobody saved it yet), kept in the cache's generation.

        The row's values are kept (or "no row"), not a pickled instance, so a deploy that adds a
        field or changes a default in settings.py is never served a stale shape."""
        values = kept.kept("discussion-settings", cls._values)
        known = {f.attname for f in cls._meta.concrete_fields}
        row = cls(**{name: value for name, value in values.items() if name in known})
        row._state.adding = not values
        return row

    @classmethod
    def _values(cls) -> dict:
        row = cls.objects.order_by("pk").first()
        return (
            {}
            if row is None
            else {f.attname: getattr(row, f.attname) for f in cls._meta.concrete_fields}
        )

    @property
    def hold_word_list(self) -> list[str]:
        return _lines(self.hold_words)

    @property
    def blocked_word_list(self) -> list[str]:
        return _lines(self.blocked_words)

    @property
    def blocked_email_list(self) -> list[str]:
        return _lines(self.blocked_emails)

    @property
    def blocked_ip_list(self) -> list[str]:
        return _lines(self.blocked_ips)

    def closes_comments_on(self, post) -> bool:
        """Comments are closed: switched off on the post, or the post is too old."""
        if not post.allow_comments:
            return True
        published_at = getattr(post, "published_at", None)  # pages have no date: never too old
        if self.close_after_days and published_at is not None:
            return timezone.now() - published_at > timedelta(days=self.close_after_days)
        return False


# Readers' likes live in a module of their own; imported here so Django finds the models.
from comments.like_models import CommentLike, PostLike  # noqa: E402, F401
