"""Write the blog as WXR 1.2, the format WordPress's importer reads, one item at a time.

The elements, their order and the CDATA rule are those of WordPress's own exporter
(wp-admin/includes/export.php): every text an author wrote goes in CDATA, ``]]>`` split across two
sections. Rows imported from WordPress keep WordPress's ids (``WordPressItem``), so importing the
export again finds the same rows instead of making new ones.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from blog.models import Blog, Category, Image, Menu, MenuItem, Page, Post, Tag

# Comments are part of what is exported; the exporter reads them, as the importer writes them.
from comments.models import Comment
from wordpress.models import UploadedFile, WordPressItem

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
    Comment.Status.REMOVED: "trash",  # spam is not exported (WordPress's exporter leaves it out)
}
# WordPress has one ID space for every item: rows made here (no WordPress id of their own) take
# their primary key, pages and attachments moved above the posts'.
PAGE_ID_OFFSET = 1_000_000_000
ATTACHMENT_ID_OFFSET = 2_000_000_000
FILE_ID_OFFSET = 3_000_000_000
MENU_ITEM_ID_OFFSET = 4_000_000_000
# Comments made here go out above every id WordPress gave, in the order they were written: its
# importer inserts a post's comments by ascending id and links a reply only to a comment it has
# already inserted.
COMMENT_ID_OFFSET = 1_000_000_000
# Terms share one ID space too: WordPress's importer maps every term of the file by its
# wp:term_id (a menu item names its category by it), whatever its taxonomy.
TAG_TERM_ID_OFFSET = 1_000_000_000
MENU_TERM_ID_OFFSET = 2_000_000_000
# How comments from elsewhere go out: the comment_type and the comment meta that WordPress's
# Webmention plugin (type "webmention", meta "protocol" and "webmention_source_url") and
# ActivityPub plugin (type "comment", meta "protocol" "activitypub" and "source_id") write.
PROTOCOLS = {Comment.Kind.WEBMENTION: "webmention", Comment.Kind.FEDIVERSE: "activitypub"}


class WordPressIds:
    """The id each row goes out with: WordPress's own when it came from there, else one of ours
    that no imported row holds. Items (posts, pages, attachments) share one space, comments
    have another, as in WordPress."""

    def __init__(self) -> None:
        self.ids: dict[tuple[int, int], int] = {}  # (content type, pk) → id
        self.taken: dict[str, set[int]] = {"item": set(), "comment": set()}
        kept = WordPressItem.objects.exclude(kind=WordPressItem.Kind.FILE).order_by("pk")
        for kind, key, content_type, pk in kept.values_list(
            "kind", "key", "content_type_id", "object_id"
        ):
            if key.isdigit() and (content_type, pk) not in self.ids:
                self.ids[(content_type, pk)] = int(key)
                self.taken[self._space(kind)].add(int(key))
        self.content_types = ContentType.objects.get_for_models(
            Post, Page, Image, UploadedFile, Comment, MenuItem
        )

    @staticmethod
    def _space(kind: str) -> str:
        return "comment" if kind == WordPressItem.Kind.COMMENT else "item"

    def of(self, model, pk: int | None, *, offset: int = 0) -> int:
        if pk is None:
            return 0
        key = (self.content_types[model].pk, pk)
        if key not in self.ids:
            taken = self.taken["comment" if model is Comment else "item"]
            candidate = offset + pk
            while candidate in taken:
                candidate += 1
            taken.add(candidate)
            self.ids[key] = candidate
        return self.ids[key]


RELATIVE_URL_RE = re.compile(r'\b(href|src)="/(?!/)')
# Where a body is split (blog.markup's markers), as the block editor writes the two blocks.
SPLIT_RE = re.compile(r"(<!--(?:more|nextpage)-->)")
SPLIT_BLOCKS = {
    "<!--more-->": "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->",
    "<!--nextpage-->": "<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->",
}


def as_blocks(html: str) -> str:
    """A body's finished HTML as Custom HTML blocks: WordPress (and our importer) show block
    content as it is, where classic content would get its paragraphs made again (wpautop),
    wrapping a quote's <cite> in a <p> of its own."""
    parts = []
    for part in SPLIT_RE.split(html):
        if part in SPLIT_BLOCKS:
            parts.append(SPLIT_BLOCKS[part])
        elif part.strip():
            parts.append(f"<!-- wp:html -->\n{part.strip()}\n<!-- /wp:html -->")
    return "\n\n".join(parts)


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
        self.ids = WordPressIds()
        self.guids = {
            (kind, pk): guid
            for kind, pk, guid in WordPressItem.objects.filter(
                kind__in=[WordPressItem.Kind.POST, WordPressItem.Kind.PAGE]
            )
            .exclude(guid="")
            .values_list("kind", "object_id", "guid")
        }
        self.counts = {"authors": 0, "categories": 0, "tags": 0, "posts": 0, "pages": 0}
        self.counts.update({"attachments": 0, "comments": 0, "menus": 0, "menu items": 0})
        self.menu_slugs = menu_slugs()

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
        for page in Page.objects.select_related("author").order_by("pk").iterator(chunk_size=200):
            self._page(page)
        self._menu_items()
        self.line("</channel>")
        self.line("</rss>")
        return self.counts

    def _authors(self) -> None:
        User = get_user_model()
        writers = User.objects.filter(Q(posts__isnull=False) | Q(pages__isnull=False))
        for user in writers.distinct().order_by("pk"):
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
        # Parents before their children, as WordPress writes them: its importer finds a
        # category's parent only among the categories it has already made.
        categories = Category.objects.select_related("parent").order_by("pk")
        for category in sorted(categories, key=lambda row: row.path.count("/")):
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
            self.element("wp:term_id", str(TAG_TERM_ID_OFFSET + tag.pk), 2)
            self.element("wp:tag_slug", cdata(tag.slug), 2, raw=True)
            self.element("wp:tag_name", cdata(tag.name), 2, raw=True)
            self.line("</wp:tag>", 1)
            self.counts["tags"] += 1
        for menu, slug in self.menu_slugs.items():
            self.line("<wp:term>", 1)
            self.element("wp:term_id", str(MENU_TERM_ID_OFFSET + menu.pk), 2)
            self.element("wp:term_taxonomy", cdata("nav_menu"), 2, raw=True)
            self.element("wp:term_slug", cdata(slug), 2, raw=True)
            self.element("wp:term_name", cdata(menu.name), 2, raw=True)
            self.line("</wp:term>", 1)
            self.counts["menus"] += 1

    def _absolute(self, url: str) -> str:
        return url if url.startswith(("http://", "https://")) else self.site + url

    def _absolute_links(self, html: str) -> str:
        """Our bodies link to "/2015/..." and "/media/...": WordPress needs whole addresses."""
        return RELATIVE_URL_RE.sub(lambda m: f'{m.group(1)}="{self.site}/', html)

    def _attachments(self) -> None:
        # Every picture and kept file, so WordPress's importer copies them and points the posts
        # at its copies; a picture uploaded with a post is attached to it (its post_parent).
        for image in Image.objects.order_by("pk").iterator(chunk_size=200):
            self._attachment(
                url=self._absolute(image.file.url),
                name=image.file.name,
                title=image.alt_text,
                excerpt=image.caption,
                wp_id=self.ids.of(Image, image.pk, offset=ATTACHMENT_ID_OFFSET),
                parent=self.ids.of(Post, image.post_id),
                moment=image.uploaded_at,
                alt=image.alt_text,
            )
        for kept in UploadedFile.objects.order_by("pk").iterator(chunk_size=200):
            self._attachment(
                url=self._absolute(kept.file.url),
                name=kept.file.name,
                title=kept.title,
                excerpt="",
                wp_id=self.ids.of(UploadedFile, kept.pk, offset=FILE_ID_OFFSET),
                parent=0,
                moment=kept.uploaded_at,
                alt=None,
            )

    def _attachment(self, *, url, name, title, excerpt, wp_id, parent, moment, alt) -> None:
        dates = wp_dates(moment)
        self._item_head(
            title=title,
            link=url,
            guid=url,
            creator="",
            content="",
            excerpt=excerpt,
            wp_id=wp_id,
            dates=dates,
            modified=dates,
            slug=f"attachment-{wp_id}",
            status="inherit",
            post_type="attachment",
            comment_status="closed",
            parent=parent,
        )
        self.element("wp:attachment_url", cdata(url), 2, raw=True)
        self._meta("_wp_attached_file", name)
        if alt is not None:
            self._meta("_wp_attachment_image_alt", alt)
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
        modified=None,
        parent=0,
        sticky=False,
        menu_order=0,
        password="",
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
        modified = modified or dates
        self.element("wp:post_modified", cdata(modified[0]), 2, raw=True)
        self.element("wp:post_modified_gmt", cdata(modified[1]), 2, raw=True)
        self.element("wp:comment_status", cdata(comment_status), 2, raw=True)
        self.element("wp:ping_status", cdata("closed"), 2, raw=True)
        self.element("wp:post_name", cdata(slug), 2, raw=True)
        self.element("wp:status", cdata(status), 2, raw=True)
        self.element("wp:post_parent", str(parent), 2)
        self.element("wp:menu_order", str(menu_order), 2)
        self.element("wp:post_type", cdata(post_type), 2, raw=True)
        self.element("wp:post_password", cdata(password), 2, raw=True)
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
        wp_id = self.ids.of(Post, post.pk)
        self._item_head(
            title=post.title,
            link=link,
            guid=self.guids.get(("post", post.pk)) or f"{self.site}/?p={wp_id}",
            creator=post.author.username,
            content=as_blocks(self._absolute_links(post.body_html)),
            excerpt=post.excerpt,
            wp_id=wp_id,
            dates=wp_dates(post.published_at),
            modified=wp_dates(post.updated_at),
            slug=post.slug,
            status=status,
            post_type="post",
            comment_status="open" if post.allow_comments else "closed",
            sticky=post.sticky,
            password=post.password,
        )
        for category in post.categories.all():
            self._term_ref("category", category.slug, category.name)
        for tag in post.tags.all():
            self._term_ref("post_tag", tag.slug, tag.name)
        if post.format:
            self._term_ref("post_format", f"post-format-{post.format}", post.get_format_display())
        if post.featured_image_id:
            thumbnail = self.ids.of(Image, post.featured_image_id, offset=ATTACHMENT_ID_OFFSET)
            self._meta("_thumbnail_id", str(thumbnail))
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
        """A post's or page's comments, spam left out as WordPress's exporter leaves it out; a
        reply to spam goes out under the nearest comment above it that goes out."""
        comments = list(comments)
        parent_of = {comment.pk: comment.parent_id for comment in comments}
        spam = {comment.pk for comment in comments if comment.status == Comment.Status.SPAM}
        for comment in comments:
            if comment.pk in spam:
                continue
            parent_id, seen = comment.parent_id, set()
            while parent_id in spam and parent_id not in seen:
                seen.add(parent_id)
                parent_id = parent_of.get(parent_id)
            self._comment(comment, parent_id)

    def _comment(self, comment: Comment, parent_id: int | None) -> None:
        local, gmt = wp_dates(comment.created_at)
        fediverse = comment.kind == Comment.Kind.FEDIVERSE
        # The ActivityPub plugin keeps a Fediverse author's handle where the e-mail goes.
        email = comment.author_email or (comment.author_handle.lstrip("@") if fediverse else "")
        self.line("<wp:comment>", 2)
        wp_id = self.ids.of(Comment, comment.pk, offset=COMMENT_ID_OFFSET)
        self.element("wp:comment_id", str(wp_id), 3)
        self.element("wp:comment_author", cdata(comment.display_name), 3, raw=True)
        self.element("wp:comment_author_email", cdata(email), 3, raw=True)
        self.element("wp:comment_author_url", escape(comment.author_url), 3, raw=True)
        self.element("wp:comment_author_IP", cdata(comment.ip_address or ""), 3, raw=True)
        self.element("wp:comment_date", cdata(local), 3, raw=True)
        self.element("wp:comment_date_gmt", cdata(gmt), 3, raw=True)
        # WordPress keeps a comment as HTML: an imported one as it came, one written here as
        # it shows (its Markdown rendered, so a typed "<cite>" stays text).
        html = comment.body_format == Comment.BodyFormat.HTML
        content = comment.body if html else comment.body_html
        self.element("wp:comment_content", cdata(content), 3, raw=True)
        self.element("wp:comment_approved", cdata(COMMENT_APPROVED[comment.status]), 3, raw=True)
        kind = Comment.Kind.COMMENT if fediverse else comment.kind
        self.element("wp:comment_type", cdata(kind), 3, raw=True)
        parent = self.ids.of(Comment, parent_id, offset=COMMENT_ID_OFFSET)
        self.element("wp:comment_parent", str(parent), 3)
        self.element("wp:comment_user_id", str(comment.user_id or 0), 3)
        if protocol := PROTOCOLS.get(comment.kind):
            self._comment_meta("protocol", protocol)
            if comment.remote_id:
                key = "source_id" if fediverse else "webmention_source_url"
                self._comment_meta(key, comment.remote_id)
        self.line("</wp:comment>", 2)
        self.counts["comments"] += 1

    def _comment_meta(self, key: str, value: str) -> None:
        self.line("<wp:commentmeta>", 3)
        self.element("wp:meta_key", cdata(key), 4, raw=True)
        self.element("wp:meta_value", cdata(value), 4, raw=True)
        self.line("</wp:commentmeta>", 3)

    def _page(self, page: Page) -> None:
        link = self._absolute(page.get_absolute_url())
        wp_id = self.ids.of(Page, page.pk, offset=PAGE_ID_OFFSET)
        self._item_head(
            title=page.title,
            link=link,
            guid=self.guids.get(("page", page.pk)) or f"{self.site}/?page_id={wp_id}",
            creator=page.author.username if page.author else "",
            content=as_blocks(self._absolute_links(page.body_html)),
            excerpt="",
            wp_id=wp_id,
            dates=wp_dates(page.published_at or page.updated_at),
            modified=wp_dates(page.updated_at),
            slug=page.slug,
            status="publish" if page.is_published else "draft",
            post_type="page",
            comment_status="open" if page.allow_comments else "closed",
            menu_order=page.menu_order,
            parent=self.ids.of(Page, page.parent_id, offset=PAGE_ID_OFFSET),
        )
        self._comments(Comment.objects.filter(page=page).select_related("user").order_by("pk"))
        self.line("</item>", 1)
        self.counts["pages"] += 1

    def _menu_items(self) -> None:
        """Each menu's items as WordPress writes them: nav_menu_item posts in the menu's
        nav_menu term, what they link to in _menu_item_* postmeta (WordPress's ids of it)."""
        items = MenuItem.objects.select_related("page", "category", "post").order_by(
            "menu", "order", "pk"
        )
        menus = {menu.pk: (menu, slug) for menu, slug in self.menu_slugs.items()}
        position: dict[int, int] = {}
        for item in items:
            menu, menu_slug = menus[item.menu_id]
            position[menu.pk] = position.get(menu.pk, 0) + 1
            wp_id = self.ids.of(MenuItem, item.pk, offset=MENU_ITEM_ID_OFFSET)
            link = f"{self.site}/?p={wp_id}"
            self._item_head(
                title=item.title,
                link=link,
                guid=link,
                creator="",
                content="",
                excerpt="",
                wp_id=wp_id,
                dates=wp_dates(timezone.now()),
                slug=str(wp_id),
                status="publish",
                post_type="nav_menu_item",
                comment_status="closed",
                menu_order=position[menu.pk],  # WordPress counts from 1
            )
            self._term_ref("nav_menu", menu_slug, menu.name)
            kind, target, object_id, url = self._menu_target(item)
            parent = self.ids.of(MenuItem, item.parent_id, offset=MENU_ITEM_ID_OFFSET)
            for key, value in (
                ("_menu_item_type", kind),
                ("_menu_item_menu_item_parent", str(parent)),
                ("_menu_item_object_id", object_id),
                ("_menu_item_object", target),
                ("_menu_item_target", ""),
                ("_menu_item_classes", 'a:1:{i:0;s:0:"";}'),
                ("_menu_item_xfn", ""),
                ("_menu_item_url", url),
            ):
                self._meta(key, value)
            self.line("</item>", 1)
            self.counts["menu items"] += 1

    def _menu_target(self, item: MenuItem) -> tuple[str, str, str, str]:
        """(_menu_item_type, _menu_item_object, _menu_item_object_id, _menu_item_url)."""
        if item.page_id:
            page_id = self.ids.of(Page, item.page_id, offset=PAGE_ID_OFFSET)
            return "post_type", "page", str(page_id), ""
        if item.post_id:
            return "post_type", "post", str(self.ids.of(Post, item.post_id)), ""
        if item.category_id:
            return "taxonomy", "category", str(item.category_id), ""
        own_id = self.ids.of(MenuItem, item.pk, offset=MENU_ITEM_ID_OFFSET)
        return "custom", "custom", str(own_id), self._absolute(item.url)


def menu_slugs() -> dict[Menu, str]:
    """Every menu and the slug of its nav_menu term (unique; the navigation's first, so an
    import that makes the first menu the navigation makes it the same one)."""
    slugs: dict[Menu, str] = {}
    for menu in Menu.objects.order_by("-is_navigation", "pk"):
        base = slugify(menu.name, allow_unicode=True) or f"menu-{menu.pk}"
        slug, number = base, 2
        while slug in slugs.values():
            slug, number = f"{base}-{number}", number + 1
        slugs[menu] = slug
    return slugs


def export_wxr(out: TextIO) -> dict[str, int]:
    """Write every post, page, category, tag, featured image, comment and menu; return the
    counts."""
    return WXRWriter(out).write()
