"""Write the blog as WXR 1.2, the format WordPress's importer reads, one item at a time."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from blog.models import Blog, Category, Image, Page, Post, Tag

# Comments are part of what is exported; the exporter reads them, as the importer writes them.
from comments.models import Comment
from wordpress.models import WordPressItem

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
COMMENT_APPROVED = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}
# WordPress has one ID space for every item: pages and attachments are moved above the posts'.
PAGE_ID_OFFSET = 1_000_000_000
ATTACHMENT_ID_OFFSET = 2_000_000_000


RELATIVE_URL_RE = re.compile(r'\b(href|src)="/(?!/)')


def cdata(text: str) -> str:
    """Wrap text in CDATA; a ``]]>`` inside is split across two sections."""
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_dates(moment: datetime.datetime | None) -> tuple[str, str]:
    """WordPress's local date (in the blog's time zone) and its GMT date."""
    if moment is None:
        return "0000-00-00 00:00:00", "0000-00-00 00:00:00"
    local = timezone.localtime(moment, Blog.current().zone)
    gmt = moment.astimezone(datetime.UTC)
    return local.strftime("%Y-%m-%d %H:%M:%S"), gmt.strftime("%Y-%m-%d %H:%M:%S")


class WXRWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.site = settings.SITE_URL
        post_type = ContentType.objects.get_for_model(Post)
        self.guids = dict(
            WordPressItem.objects.filter(
                kind=WordPressItem.Kind.POST, content_type=post_type
            ).values_list("object_id", "guid")
        )
        self.counts = {"authors": 0, "categories": 0, "tags": 0, "posts": 0, "pages": 0}
        self.counts.update({"attachments": 0, "comments": 0})

    def line(self, text: str, indent: int = 0) -> None:
        self.out.write("\t" * indent + text + "\n")

    def element(self, name: str, value: str, indent: int, *, raw: bool = False) -> None:
        self.line(f"<{name}>{value if raw else escape(str(value))}</{name}>", indent)

    def write(self) -> dict[str, int]:
        blog = Blog.load()
        self.line('<?xml version="1.0" encoding="UTF-8" ?>')
        self.line("<!-- A WordPress eXtended RSS (WXR 1.2) export from Broadsheet. -->")
        namespaces = " ".join(f'xmlns:{name}="{uri}"' for name, uri in NAMESPACES.items())
        self.line(f'<rss version="2.0" {namespaces}>')
        self.line("<channel>", 0)
        self.element("title", blog.name, 1)
        self.element("link", self.site, 1)
        self.element("description", blog.tagline, 1)
        self.element("pubDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000"), 1)
        self.element("language", settings.LANGUAGE_CODE, 1)
        self.element("wp:wxr_version", "1.2", 1)
        self.element("wp:base_site_url", self.site, 1)
        self.element("wp:base_blog_url", self.site, 1)
        self._authors()
        self._terms()
        self._attachments()
        for post in (
            Post.objects.select_related("author")
            .prefetch_related("categories", "tags")
            .order_by("pk")
            .iterator(chunk_size=200)
        ):
            self._post(post)
        for page in Page.objects.order_by("pk").iterator(chunk_size=200):
            self._page(page)
        self.line("</channel>")
        self.line("</rss>")
        return self.counts

    def _authors(self) -> None:
        User = get_user_model()
        for user in User.objects.filter(posts__isnull=False).distinct().order_by("pk"):
            self.line("<wp:author>", 1)
            self.element("wp:author_id", str(user.pk), 2)
            self.element("wp:author_login", cdata(user.username), 2, raw=True)
            self.element("wp:author_email", cdata(user.email), 2, raw=True)
            self.element("wp:author_display_name", cdata(user.get_display_name()), 2, raw=True)
            self.element("wp:author_first_name", cdata(user.first_name), 2, raw=True)
            self.element("wp:author_last_name", cdata(user.last_name), 2, raw=True)
            self.line("</wp:author>", 1)
            self.counts["authors"] += 1

    def _terms(self) -> None:
        for category in Category.objects.select_related("parent").order_by("pk"):
            self.line("<wp:category>", 1)
            self.element("wp:term_id", str(category.pk), 2)
            self.element("wp:category_nicename", cdata(category.slug), 2, raw=True)
            parent = category.parent.slug if category.parent else ""
            self.element("wp:category_parent", cdata(parent), 2, raw=True)
            self.element("wp:cat_name", cdata(category.name), 2, raw=True)
            if category.description:
                self.element("wp:category_description", cdata(category.description), 2, raw=True)
            self.line("</wp:category>", 1)
            self.counts["categories"] += 1
        for tag in Tag.objects.order_by("pk"):
            self.line("<wp:tag>", 1)
            self.element("wp:term_id", str(tag.pk), 2)
            self.element("wp:tag_slug", cdata(tag.slug), 2, raw=True)
            self.element("wp:tag_name", cdata(tag.name), 2, raw=True)
            self.line("</wp:tag>", 1)
            self.counts["tags"] += 1

    def _absolute(self, url: str) -> str:
        return url if url.startswith(("http://", "https://")) else self.site + url

    def _absolute_links(self, html: str) -> str:
        """Our bodies link to "/2015/..." and "/media/...": WordPress needs whole addresses."""
        return RELATIVE_URL_RE.sub(lambda m: f'{m.group(1)}="{self.site}/', html)

    def _attachments(self) -> None:
        # Every picture, so WordPress's importer copies them and points the posts at its copies.
        for image in Image.objects.order_by("pk").iterator(chunk_size=200):
            url = self._absolute(image.file.url)
            local, gmt = wp_dates(image.uploaded_at)
            self._item_head(
                title=image.alt_text,
                link=url,
                guid=url,
                creator="",
                content="",
                excerpt=image.caption,
                wp_id=ATTACHMENT_ID_OFFSET + image.pk,
                dates=(local, gmt),
                slug=f"image-{image.pk}",
                status="inherit",
                post_type="attachment",
                comment_status="closed",
            )
            self.element("wp:attachment_url", cdata(url), 2, raw=True)
            self._meta("_wp_attachment_image_alt", image.alt_text)
            self.line("</item>", 1)
            self.counts["attachments"] += 1

    def _item_head(
        self,
        *,
        title,
        link,
        guid,
        creator,
        content,
        excerpt,
        wp_id,
        dates,
        slug,
        status,
        post_type,
        comment_status,
        sticky=False,
        menu_order=0,
    ) -> None:
        self.line("<item>", 1)
        self.element("title", cdata(title), 2, raw=True)
        self.element("link", link, 2)
        if dates[1] != "0000-00-00 00:00:00":
            moment = datetime.datetime.strptime(dates[1], "%Y-%m-%d %H:%M:%S")
            self.element("pubDate", moment.strftime("%a, %d %b %Y %H:%M:%S +0000"), 2)
        self.element("dc:creator", cdata(creator), 2, raw=True)
        self.line(f'<guid isPermaLink="false">{escape(guid)}</guid>', 2)
        self.element("description", "", 2)
        self.element("content:encoded", cdata(content), 2, raw=True)
        self.element("excerpt:encoded", cdata(excerpt), 2, raw=True)
        self.element("wp:post_id", str(wp_id), 2)
        self.element("wp:post_date", cdata(dates[0]), 2, raw=True)
        self.element("wp:post_date_gmt", cdata(dates[1]), 2, raw=True)
        self.element("wp:comment_status", cdata(comment_status), 2, raw=True)
        self.element("wp:ping_status", cdata("closed"), 2, raw=True)
        self.element("wp:post_name", cdata(slug), 2, raw=True)
        self.element("wp:status", cdata(status), 2, raw=True)
        self.element("wp:post_parent", "0", 2)
        self.element("wp:menu_order", str(menu_order), 2)
        self.element("wp:post_type", cdata(post_type), 2, raw=True)
        self.element("wp:post_password", cdata(""), 2, raw=True)
        self.element("wp:is_sticky", "1" if sticky else "0", 2)

    def _meta(self, key: str, value: str) -> None:
        self.line("<wp:postmeta>", 2)
        self.element("wp:meta_key", cdata(key), 3, raw=True)
        self.element("wp:meta_value", cdata(value), 3, raw=True)
        self.line("</wp:postmeta>", 2)

    def _post(self, post: Post) -> None:
        if post.status == Post.Status.PUBLISHED:
            status = "future" if post.is_scheduled else "publish"
        else:
            status = "draft"
        link = self._absolute(post.get_absolute_url())
        self._item_head(
            title=post.title,
            link=link,
            guid=self.guids.get(post.pk) or f"{self.site}/?p={post.pk}",
            creator=post.author.username,
            content=self._absolute_links(post.body_html),
            excerpt=post.excerpt,
            wp_id=post.pk,
            dates=wp_dates(post.published_at),
            slug=post.slug,
            status=status,
            post_type="post",
            comment_status="open" if post.allow_comments else "closed",
            sticky=post.sticky,
        )
        for category in post.categories.all():
            self._term_ref("category", category.slug, category.name)
        for tag in post.tags.all():
            self._term_ref("post_tag", tag.slug, tag.name)
        if post.featured_image_id:
            self._meta("_thumbnail_id", str(ATTACHMENT_ID_OFFSET + post.featured_image_id))
        self._comments(Comment.objects.filter(post=post).select_related("user").order_by("pk"))
        self.line("</item>", 1)
        self.counts["posts"] += 1

    def _term_ref(self, domain: str, slug: str, name: str) -> None:
        self.line(
            f"<category domain={quoteattr(domain)} nicename={quoteattr(slug)}>{cdata(name)}"
            "</category>",
            2,
        )

    def _comments(self, comments: Iterable[Comment]) -> None:
        for comment in comments:
            local, gmt = wp_dates(comment.created_at)
            self.line("<wp:comment>", 2)
            self.element("wp:comment_id", str(comment.pk), 3)
            self.element("wp:comment_author", cdata(comment.display_name), 3, raw=True)
            self.element("wp:comment_author_email", cdata(comment.author_email), 3, raw=True)
            self.element("wp:comment_author_url", escape(comment.author_url), 3, raw=True)
            self.element("wp:comment_author_IP", comment.ip_address or "", 3)
            self.element("wp:comment_date", cdata(local), 3, raw=True)
            self.element("wp:comment_date_gmt", cdata(gmt), 3, raw=True)
            # WordPress keeps a comment as HTML: an imported one as it came, one written here as
            # it shows (its Markdown rendered, so a typed "<cite>" stays text).
            html = comment.body_format == Comment.BodyFormat.HTML
            content = comment.body if html else comment.body_html
            self.element("wp:comment_content", cdata(content), 3, raw=True)
            self.element(
                "wp:comment_approved", cdata(COMMENT_APPROVED[comment.status]), 3, raw=True
            )
            kind = "" if comment.kind == Comment.Kind.COMMENT else comment.kind
            self.element("wp:comment_type", cdata(kind), 3, raw=True)
            self.element("wp:comment_parent", str(comment.parent_id or 0), 3)
            self.element("wp:comment_user_id", str(comment.user_id or 0), 3)
            self.line("</wp:comment>", 2)
            self.counts["comments"] += 1

    def _page(self, page: Page) -> None:
        link = self._absolute(page.get_absolute_url())
        self._item_head(
            title=page.title,
            link=link,
            guid=f"{self.site}/?page_id={PAGE_ID_OFFSET + page.pk}",
            creator="",
            content=self._absolute_links(page.body_html),
            excerpt="",
            wp_id=PAGE_ID_OFFSET + page.pk,
            dates=wp_dates(page.updated_at),
            slug=page.slug,
            status="publish" if page.is_published else "draft",
            post_type="page",
            comment_status="closed",
            menu_order=page.menu_order,
        )
        self.line("</item>", 1)
        self.counts["pages"] += 1


def export_wxr(out: TextIO) -> dict[str, int]:
    """Write every post, page, category, tag, featured image and comment; return the counts."""
    return WXRWriter(out).write()
