from urllib.parse import unquote

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class WordPressItem(models.Model):
    """What an imported row was in WordPress: keeps re-imports idempotent and old links alive.

    ``key`` is the WordPress ID for posts, pages, attachments and comments, and the path under
    ``wp-content/uploads/`` for a media file found only in the content.
    """

    class Kind(models.TextChoices):
        POST = "post", _("Post")
        PAGE = "page", _("Page")
        ATTACHMENT = "attachment", _("Attachment")
        FILE = "file", _("Media file")
        COMMENT = "comment", _("Comment")

    kind = models.CharField(max_length=12, choices=Kind, verbose_name=_("kind"))
    key = models.CharField(max_length=500, verbose_name=_("key"))
    guid = models.CharField(max_length=500, blank=True, verbose_name=_("GUID"))
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    imported_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("imported at")
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("WordPress item")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="wordpress_item_kind_key_uniq")
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="wordpress_item_object_idx")
        ]
        verbose_name_plural = _("WordPress items")

    def __str__(self) -> str:
        return gettext("WordPress %(kind)s %(key)s") % {
            "kind": self.get_kind_display(),
            "key": self.key,
        }

    def get_absolute_url(self) -> str:
        target = self.target
        return target.get_absolute_url() if target is not None else reverse("blog:home")

    @property
    def target(self):
        """The imported row, or None if it was deleted since."""
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first() if model else None


class OldAddress(models.Model):
    """An address the WordPress site answered at, and what answers for it here.

    Consulted only when our own routes answer 404 (``wordpress.middleware``): the target's
    current address is asked for then, so a later change of permalink structure, slug or parent
    still leads there in one 301. ``suffix`` is added to it (``2/`` for the second page of a
    post split with ``<!--nextpage-->``).
    """

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text=_("Decoded, without the trailing slash."),
        verbose_name=_("path"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    suffix = models.CharField(max_length=50, blank=True, verbose_name=_("suffix"))

    class Meta:
        ordering = ["path"]
        verbose_name = _("old WordPress address")
        verbose_name_plural = _("old WordPress addresses")

    def __str__(self) -> str:
        return self.path

    def get_absolute_url(self) -> str:
        return self.path + "/"

    @staticmethod
    def key(path: str) -> str:
        """How an address is looked up: decoded, lower case, no trailing slash, no index.php."""
        path = unquote(path).strip()
        path = path.removeprefix("/index.php")
        return (path.rstrip("/") or "/").lower()[:500]


class UploadedFile(models.Model):
    """A file of the old site that is not a picture (a PDF, a recording): posts link to it.

    Pictures become ``blog.Image``; these are kept as they came, under ``files/`` in MEDIA_ROOT,
    only for the suffixes in ``wordpress.media.FILE_SUFFIXES`` (nothing a browser runs).
    """

    file = models.FileField(upload_to="files/%Y/%m/", max_length=300, verbose_name=_("file"))
    title = models.CharField(max_length=300, blank=True, verbose_name=_("title"))
    uploaded_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("uploaded at")
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    def __str__(self) -> str:
        return self.title or self.file.name

    def get_absolute_url(self) -> str:
        return self.file.url
