import datetime
import ipaddress
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_supported_language_variant, gettext
from django.utils.translation import gettext_lazy as _

from blog import images, protection
from blog.markup import (
    MORE_MARKER,
    NEXTPAGE_MARKER,
    excerpt_from_html,
    html_to_text,
    image_references,
    render_markdown,
)
from core import cache as kept

#: What lists, feeds and the page's description say in place of a protected post's excerpt.
PROTECTED_SUMMARY = "There is no excerpt because this is a protected post."


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"“{value}” is not a time zone name; use one such as Europe/Paris or America/Chicago."
        )


def default_language() -> str:
    """The blog's language until the author picks one: LANGUAGE_CODE, as one of LANGUAGES."""
    try:
        return get_supported_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGES[0][0]


class Blog(models.Model):
    """The blog's identity and addresses, one row, edited in the admin (defaults from settings)."""

    class Permalinks(models.TextChoices):
        # WordPress's names for the same structures, so a blog moved from there keeps its links.
        DAY = "/%year%/%monthnum%/%day%/%postname%/", _("Day and name: /2015/10/27/sample-post/")
        MONTH = "/%year%/%monthnum%/%postname%/", _("Month and name: /2015/10/sample-post/")
        NAME = "/%postname%/", _("Post name: /sample-post/")
        CATEGORY = "/%category%/%postname%/", _("Category and name: /news/sample-post/")

    name = models.CharField(
        max_length=200,
        help_text=_("Shown in the header and the browser tab."),
        verbose_name=_("name"),
    )
    tagline = models.CharField(
        max_length=300, blank=True, help_text=_("A line under the name."), verbose_name=_("tagline")
    )
    permalink_structure = models.CharField(
        max_length=60,
        choices=Permalinks,
        default=Permalinks.DAY,
        help_text=_("The address of each post. A post's other addresses redirect to this one."),
        verbose_name=_("permalink structure"),
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Dates in addresses and on pages, e.g. America/Chicago. Blank: the server's."),
        verbose_name=_("time zone"),
    )
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=default_language,
        help_text=(
            _(
                "The language of every page, form and e-mail readers see. The admin follows each "
                "staff member's own choice."
            )
        ),
        verbose_name=_("language"),
    )
    federation_enabled = models.BooleanField(
        _("open to the Fediverse and Webmention"),
        default=False,
        help_text=(
            _(
                "Lets Mastodon and other blogs follow and answer posts; their replies arrive as "
                "comments for moderation. Needs the site's public https address (SITE_URL)."
            )
        ),
    )

    class Meta:
        verbose_name = _("blog identity")
        verbose_name_plural = _("blog identity")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:home")

    def clean(self) -> None:
        if self.federation_enabled and (problem := public_https_problem(settings.SITE_URL)):
            raise ValidationError(
                {
                    "federation_enabled": f"Other servers must reach the blog at its public "
                    f"https address, and SITE_URL is {settings.SITE_URL}: {problem} Set SITE_URL "
                    "to the blog's https address (https://blog.example) first."
                }
            )

    @classmethod
    def load(cls) -> "Blog":
        blog = cls.objects.order_by("pk").first()
        if blog is None:
            blog = cls(name=settings.BLOG_NAME, tagline=settings.BLOG_TAGLINE)
        return blog

    @classmethod
    def current(cls) -> "Blog":
        """The blog's row as every address needs it: cached (no query), read from the cache once
        per request, forgotten by ``blog.signals`` whenever the row changes."""
        return kept.for_this_request(BLOG_CACHE_KEY, cls._from_cache)

    @classmethod
    def _from_cache(cls) -> "Blog":
        blog = cache.get(BLOG_CACHE_KEY)
        if blog is None:
            blog = cls.load()
            cache.set(BLOG_CACHE_KEY, blog, timeout=None)
        return blog

    @property
    def zone(self) -> datetime.tzinfo:
        """The blog's time zone: its own, else the server's (TIME_ZONE)."""
        if self.time_zone:
            try:
                return zoneinfo.ZoneInfo(self.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                pass
        return timezone.get_default_timezone()


BLOG_CACHE_KEY = "blog:current:v2"

_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid")


def public_https_problem(site_url: str) -> str:
    """Why ``site_url`` is not an address the Fediverse can reach (https, a public host), or ""."""
    parts = urlsplit(site_url)
    if parts.scheme != "https":
        return "it is not https."
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host or host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
            return "its host is not a public domain."
        return ""
    return "" if address.is_global else "its host is a private or local address."


def forget_blog() -> None:
    cache.delete(BLOG_CACHE_KEY)
    kept.forget_for_this_request(BLOG_CACHE_KEY)


class Nested:
    """A row in a tree (``parent``, ``children``), kept with its ``path``: the slugs from the
    root down, joined by "/" ("about/team"). The path is the address, so a link costs no query;
    saving a row re-paths what is under it."""

    def clean_parent(self) -> None:
        node, depth = self.parent, 0
        while node is not None and depth < 100:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError({"parent": "A row cannot be placed inside itself."})
            node, depth = node.parent, depth + 1

    def save_with_path(self, save, *args, **kwargs) -> None:
        old_path = self.path
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"parent", "slug"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "path"}
        save(*args, **kwargs)
        if old_path and old_path != self.path:
            below = list(type(self).objects.filter(path__startswith=f"{old_path}/"))
            for row in below:
                row.path = self.path + row.path[len(old_path) :]
            type(self).objects.bulk_update(below, ["path"])

    @classmethod
    def orphans_repath(cls, deleted) -> None:
        """A row was deleted and its children moved to the top (``SET_NULL``): everything that
        was under it drops the deleted row's part of its path."""
        below = list(cls.objects.filter(path__startswith=f"{deleted.path}/"))
        for row in below:
            row.path = row.path[len(deleted.path) + 1 :]
        cls.objects.bulk_update(below, ["path"])

    def ancestors(self) -> list:
        """The rows above this one, from the root down (one query, none at the top)."""
        slugs = self.path.split("/")[:-1]
        if not slugs:
            return []
        found = {row.slug: row for row in type(self).objects.filter(slug__in=slugs)}
        return [found[slug] for slug in slugs if slug in found]


class Category(Nested, models.Model):
    name = models.CharField(max_length=100, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, verbose_name=_("slug"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_(
            "Optional: nest this category under another. Its address becomes "
            "/category/parent/child/ and the parent's archive lists its posts too."
        ),
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=1000, editable=False, default="", verbose_name=_("path"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("categories")
        verbose_name = _("category")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.save_with_path(super().save, *args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:category", kwargs={"slug": self.path or self.slug})

    def clean(self) -> None:
        self.clean_parent()


class Tag(models.Model):
    name = models.CharField(max_length=100, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, verbose_name=_("slug"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", kwargs={"slug": self.slug})


class Image(models.Model):
    """An uploaded picture with the words that go with it."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        verbose_name=_("file"),
    )
    alt_text = models.CharField(
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
        verbose_name=_("alt text"),
    )
    caption = models.CharField(max_length=500, blank=True, verbose_name=_("caption"))
    credit = models.CharField(
        max_length=300,
        blank=True,
        help_text=_('For example "photo courtesy: BBC".'),
        verbose_name=_("credit"),
    )
    width = models.PositiveIntegerField(editable=False, null=True, verbose_name=_("width"))
    height = models.PositiveIntegerField(editable=False, null=True, verbose_name=_("height"))
    uploaded_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("uploaded at")
    )
    # What blog.images.make_renditions() wrote: a page draws a <picture> from this, no query.
    renditions = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("renditions")
    )
    post = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attached_images",
        verbose_name=_("attached to post"),
        help_text=_("The post this image was uploaded with. Any post may still show it."),
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt_text or self.file.name

    def get_absolute_url(self) -> str:
        return self.file.url

    @cached_property
    def picture(self) -> images.Picture:
        """URLs for a <picture>: srcsets per format, the fallback src, a thumbnail."""
        return images.describe(
            storage=self.file.storage,
            renditions=self.renditions,
            fallback_url=self.file.url if self.file else "",
        )

    @property
    def markdown(self) -> str:
        """What an author pastes into a post's body to show this image there."""
        alt = self.alt_text.replace("[", "(").replace("]", ")")
        return f"![{alt}](image:{self.pk})"

    def og_image(self) -> dict:
        """The Open Graph rendition (1200 wide, JPEG): url (relative to the site unless the
        storage gives absolute ones), width, height and type. The master when not made yet."""
        og = (self.renditions or {}).get("og")
        if not og:
            return {"url": self.file.url, "width": self.width, "height": self.height, "type": ""}
        return {
            "url": self.file.storage.url(og["name"]),
            "width": og["width"],
            "height": og["height"],
            "type": images.MIME_TYPES[og["format"]],
        }

    def og_image_url(self) -> str:
        """The URL of the Open Graph rendition, for <meta property="og:image">."""
        return self.og_image()["url"]


def render_body(text: str, *, lead_image_eager: bool) -> str:
    """Markdown to safe HTML, with the library images it refers to fetched in one query."""
    ids = image_references(text)
    found = Image.objects.in_bulk(ids) if ids else {}
    return render_markdown(text, images=found, lead_image_eager=lead_image_eager)


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """Posts a reader may see: published, and their time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self) -> "PostQuerySet":
        """Posts set to go live later: readers see them once their time comes."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def unprotected(self) -> "PostQuerySet":
        """Posts without a password: the only ones feeds, search, the sitemap, related posts and
        announcements may show (a protected post is read at its own address only)."""
        return self.filter(password="")

    def for_listing(self) -> "PostQuerySet":
        """What a list of post summaries needs, fetched up front."""
        return self.select_related("author", "featured_image").prefetch_related("categories")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Format(models.TextChoices):
        """WordPress's post formats; a theme shows each a little differently."""

        STANDARD = "", _("Standard")
        ASIDE = "aside", _("Aside")
        GALLERY = "gallery", _("Gallery")
        LINK = "link", _("Link")
        IMAGE = "image", _("Image")
        QUOTE = "quote", _("Quote")
        STATUS = "status", _("Status")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        CHAT = "chat", _("Chat")

    title = models.CharField(max_length=300, verbose_name=_("title"))
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The last part of the address; letters (in any script), digits and dashes."),
        verbose_name=_("slug"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = models.TextField(
        help_text=_("Markdown. Raw HTML is allowed but scripts are removed."),
        verbose_name=_("body"),
    )
    body_html = models.TextField(editable=False, blank=True, verbose_name=_("body (HTML)"))
    excerpt = models.TextField(
        blank=True,
        help_text=_("A short summary for lists and feeds; taken from the body if blank."),
        verbose_name=_("excerpt"),
    )
    featured_image = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_in",
        verbose_name=_("featured image"),
    )
    status = models.CharField(
        max_length=10, choices=Status, default=Status.DRAFT, verbose_name=_("status")
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the post goes live. A time in the future schedules it."),
        verbose_name=_("published at"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    allow_comments = models.BooleanField(default=True, verbose_name=_("allow comments"))
    sticky = models.BooleanField(
        default=False,
        help_text=_("Keep this post at the top of the home page."),
        verbose_name=_("sticky"),
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="posts", verbose_name=_("categories")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    password = models.CharField(
        max_length=255,
        blank=True,
        help_text=_(
            "Readers must type this to read the post and its comments. Empty: no password."
        ),
        verbose_name=_("password"),
    )
    format = models.CharField(
        max_length=10,
        choices=Format,
        default=Format.STANDARD,
        blank=True,
        help_text=_("How the post is presented: a small label and a style of its own."),
        verbose_name=_("format"),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Archives, feeds and a post's neighbours: published posts, newest first.
            models.Index(fields=["status", "-published_at", "-id"], name="post_published_idx"),
            # The home page: sticky posts first, then the newest, read in index order (checked
            # with EXPLAIN in tests/blog/test_indexes.py).
            models.Index(
                fields=["status", "-sticky", "-published_at", "-id"], name="post_home_idx"
            ),
        ]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:200] or "post"
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # body_html is a cache of the rendered body, so readers never pay for Markdown.
        self.body_html = render_body(self.body, lead_image_eager=self.featured_image_id is None)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The post's address in the blog's permalink structure, dated in the blog's zone."""
        if self.published_at is None:
            return reverse("blog:preview", kwargs={"pk": self.pk})
        blog = Blog.current()
        structure = blog.permalink_structure
        if structure == Blog.Permalinks.NAME:
            return reverse("blog:post-name", kwargs={"slug": self.slug})
        if structure == Blog.Permalinks.CATEGORY:
            return reverse(
                "blog:post-in-category",
                kwargs={"categories": self.category_path, "slug": self.slug},
            )
        local = timezone.localtime(self.published_at, blog.zone)
        dated = {"year": local.year, "month": f"{local.month:02d}", "slug": self.slug}
        if structure == Blog.Permalinks.MONTH:
            return reverse("blog:post-month", kwargs=dated)
        return reverse("blog:post", kwargs={**dated, "day": f"{local.day:02d}"})

    @property
    def category_path(self) -> str:
        """``world/middle-east``: the post's first category (the oldest) under its parents, as
        WordPress's %category% writes it; ``uncategorized`` when it has none."""
        categories = sorted(self.categories.all(), key=lambda category: category.pk)
        if not categories:
            return "uncategorized"
        slugs, category, seen = [], categories[0], set()
        while category is not None and category.pk not in seen:
            seen.add(category.pk)
            slugs.append(category.slug)
            category = category.parent
        return "/".join(reversed(slugs))

    def is_locked_for(self, request) -> bool:
        """Whether this reader has yet to give the post's password (``blog.protection``): its
        text, comments and comment form stay hidden, and a comment sent is refused."""
        return protection.password_required(request, self)

    @property
    def summary(self) -> str:
        """The excerpt, else the text before ``<!--more-->``, else the body's first words."""
        if self.password:
            return PROTECTED_SUMMARY
        if self.excerpt:
            return self.excerpt
        teaser, more, _ = self.body_html.partition(MORE_MARKER)
        if more:
            return html_to_text(teaser.split(NEXTPAGE_MARKER, 1)[0])
        return excerpt_from_html(self.body_html.split(NEXTPAGE_MARKER, 1)[0])

    @property
    def body_pages(self) -> list[str]:
        """The body's pages (split at ``<!--nextpage-->``), each safe HTML."""
        anchor = f'<span id="more-{self.pk}"></span>'
        return [part.replace(MORE_MARKER, anchor) for part in self.body_html.split(NEXTPAGE_MARKER)]

    @property
    def has_more(self) -> bool:
        return MORE_MARKER in self.body_html

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


# First path segments that belong to other parts of the site; a page may not take them.
RESERVED_PAGE_SLUGS = frozenset(
    {
        "account", "admin", "author", "category", "comments", "complete", "disconnect", "feed",
        "login", "logout", "media", "moderation", "preview", "robots-txt", "search", "sitemap",
        "static", "subscriptions", "tag",
    }
)  # fmt: skip


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(is_published=True)


class Page(Nested, models.Model):
    """A static page such as "About", linked from the navigation; pages nest (/about/team/)."""

    title = models.CharField(max_length=200, verbose_name=_("title"))
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, verbose_name=_("slug"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("Optional: the page this one sits under; its address becomes /parent/slug/."),
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=1000, editable=False, default="", verbose_name=_("path"))
    body = models.TextField(help_text=_("Markdown."), verbose_name=_("body"))
    body_html = models.TextField(editable=False, blank=True, verbose_name=_("body (HTML)"))
    is_published = models.BooleanField(default=True, verbose_name=_("is published"))
    menu_order = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Pages are listed in the navigation in this order."),
        verbose_name=_("menu order"),
    )
    allow_comments = models.BooleanField(
        default=False,
        help_text=_("Let readers comment on this page, moderated as on posts."),
        verbose_name=_("allow comments"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # Kept from WordPress (and written back by its export); a page shows neither.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
        help_text=_("Who wrote the page (not shown on it)."),
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the page was first published (not shown on it)."),
        verbose_name=_("published at"),
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_body(self.body, lead_image_eager=True)
        self.save_with_path(super().save, *args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:page", kwargs={"slug": self.path or self.slug})

    def is_locked_for(self, request) -> bool:
        """Pages have no password (see ``Post.is_locked_for``)."""
        return False

    def clean(self) -> None:
        self.clean_parent()
        if self.parent_id is None and self.slug in RESERVED_PAGE_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is used by another part of the site; choose another."}
            )


class PostRevision(models.Model):
    """A post's title, excerpt and body as they were at one save (or, for ``is_autosave``, as the
    author was typing: one such row per post and author, written over, never shown to readers)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    excerpt = models.TextField(blank=True, verbose_name=_("excerpt"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    is_autosave = models.BooleanField(default=False, verbose_name=_("is autosave"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["post", "is_autosave", "-created_at"], name="revision_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "author"],
                condition=models.Q(is_autosave=True),
                name="revision_one_autosave_per_author",
            )
        ]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self) -> str:
        text = (
            gettext("Autosave of “%(title)s” at %(when)s")
            if self.is_autosave
            else gettext("Revision of “%(title)s” at %(when)s")
        )
        return text % {"title": self.title, "when": f"{self.created_at:%Y-%m-%d %H:%M}"}

    def get_absolute_url(self) -> str:
        return reverse("admin:blog_post_revisions", args=[self.post_id])

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def validate_menu_url(value: str) -> None:
    """A custom menu link: an address on this site ("/shop/") or an http(s) one."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class Menu(models.Model):
    """A list of links (a WordPress menu), shown as the site's navigation when chosen."""

    name = models.CharField(max_length=100, verbose_name=_("name"))
    is_navigation = models.BooleanField(
        _("show as the site's navigation"),
        default=False,
        help_text=_(
            "The header shows this menu. Without one it shows the top-level pages and a "
            "few categories."
        ),
    )

    class Meta:
        ordering = ["-is_navigation", "name"]
        verbose_name = _("menu")
        verbose_name_plural = _("menus")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:blog_menu_change", args=[self.pk])


class MenuItem(models.Model):
    """One link of a menu: to a page, a category, a post or any address; one level deep."""

    menu = models.ForeignKey(
        Menu, on_delete=models.CASCADE, related_name="items", verbose_name=_("menu")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Optional: a top-level item of the same menu this one is listed under."),
        verbose_name=_("parent"),
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Items are listed by this."), verbose_name=_("order")
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The link's text; blank: the title of what it links to."),
        verbose_name=_("title"),
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("page")
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("category")
    )
    post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("post")
    )
    url = models.CharField(
        _("custom address"),
        max_length=500,
        blank=True,
        validators=[validate_menu_url],
        help_text=_('An address on this site ("/shop/") or elsewhere ("https://…").'),
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(page__isnull=False, category__isnull=True, post__isnull=True, url="")
                    | Q(page__isnull=True, category__isnull=False, post__isnull=True, url="")
                    | Q(page__isnull=True, category__isnull=True, post__isnull=False, url="")
                    | (Q(page__isnull=True, category__isnull=True, post__isnull=True) & ~Q(url=""))
                ),
                name="menuitem_links_to_one_thing",
            )
        ]
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return self.link

    @property
    def target(self):
        return self.page or self.category or self.post

    @property
    def label(self) -> str:
        target = self.target
        return self.title or (str(target) if target is not None else self.url)

    @property
    def link(self) -> str:
        target = self.target
        return target.get_absolute_url() if target is not None else self.url

    @property
    def is_shown(self) -> bool:
        """Readers see links to published things only."""
        if self.page_id:
            return self.page.is_published
        if self.post_id:
            return self.post.is_public
        return True

    def clean(self) -> None:
        linked = [self.page_id, self.category_id, self.post_id, self.url]
        if sum(1 for thing in linked if thing) != 1:
            raise ValidationError(
                "Link this item to one thing: a page, a category, a post or a custom address."
            )
        if self.parent_id is not None:
            if self.parent.parent_id is not None:
                raise ValidationError(
                    {"parent": "Menus nest one level deep: choose a top-level item."}
                )
            if self.parent.menu_id != self.menu_id or self.parent.pk == self.pk:
                raise ValidationError({"parent": "Choose another top-level item of this menu."})
