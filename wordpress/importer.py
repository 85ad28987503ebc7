"""Import a WordPress export: two streaming passes over the file, the second in one transaction.

Pass one collects what later items may refer to (attachments, every post's old and new address),
so pass two can convert each item once, as it streams by. Files come from ``media_dir``, a copy of
``wp-content/uploads``, and with ``fetch_media`` from the old site (``wordpress.media``); a picture
that cannot be had leaves its alt text in the body, never an address on another host.
"""

from __future__ import annotations

import datetime
import html
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from blog.images import rendition_names
from blog.models import Blog, Category, Image, Menu, MenuItem, Page, Post, Tag, forget_blog
from blog.services import image_create_from_file

# The one import of the comments app in blog besides load_demo: the importer must create comments,
# and does so through the comments' own service.
from comments.models import Comment
from comments.services import comment_import
from core import cache as kept
from wordpress import addresses
from wordpress.content import BLOCK_COMMENT_RE, ContentConverter, comment_text
from wordpress.media import MediaSource, is_kept_file, save_imported_file
from wordpress.models import OldAddress, UploadedFile, WordPressItem
from wordpress.parser import Author, Channel, CountingReader, Item, Term, WPComment, read_wxr
from wordpress.report import ImportReport

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
ZERO_DATE = "0000-00-00 00:00:00"
POST_STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "auto-draft": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
COMMENT_KINDS = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
    "webmention": Comment.Kind.WEBMENTION,  # WordPress's Webmention plugin
}
PINGS = (Comment.Kind.PINGBACK, Comment.Kind.TRACKBACK)
# The comment meta "protocol" that WordPress's Webmention and ActivityPub plugins give a reply
# from elsewhere they keep as an ordinary comment, and where its source is in the meta.
PROTOCOL_KINDS = {"webmention": Comment.Kind.WEBMENTION, "activitypub": Comment.Kind.FEDIVERSE}
SOURCE_META = {
    Comment.Kind.WEBMENTION: ("webmention_source_url",),
    Comment.Kind.FEDIVERSE: ("source_id", "source_url"),
}
HANDLE_RE = re.compile(r"^@?([^@\s]+@[^@\s]+\.[^@\s]+)$")


def save_imported_image(*, path: Path, alt_text: str, caption: str = "") -> Image:
    """Store one picture from the WordPress uploads folder through the images pipeline.

    Checked like an upload (ValidationError when refused), cleaned, with its renditions.
    """
    with path.open("rb") as handle:
        return image_create_from_file(
            file=File(handle, name=path.name), alt_text=alt_text[:300], caption=caption[:500]
        )


# What may not stand in one segment of an address; everything else WordPress wrote is kept.
UNSAFE_IN_SLUG_RE = re.compile(r"[\s/?#%\\\x00-\x1f\x7f]+")


def kept_slug(value: str) -> str:
    """WordPress's slug as written (percent-escapes decoded), in any script; only what cannot
    stand in an address segment becomes a dash."""
    return UNSAFE_IN_SLUG_RE.sub("-", unquote(value or "").strip()).strip("-")


def comment_html(content: str) -> str:
    """A WordPress comment's HTML as WordPress kept it (block markers aside): comments.markup
    sanitizes it and makes its paragraphs when shown, so <cite> and indented lines stay as typed
    and an export writes back the very same text."""
    return BLOCK_COMMENT_RE.sub("", content).strip()


def chunks(values: list, size: int = 500):
    """Slices of a long list, so no query has more parameters than SQLite allows."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def parse_wp_date(local: str, gmt: str) -> datetime.datetime | None:
    """WordPress keeps a local and a GMT time; GMT wins, the local one is read in TIME_ZONE."""
    for value, zone in ((gmt, datetime.UTC), (local, None)):
        value = (value or "").strip()
        if not value or value == ZERO_DATE:
            continue
        try:
            parsed = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        if zone is not None:
            return parsed.replace(tzinfo=zone)
        return timezone.make_aware(parsed)
    return None


def media_path(url: str) -> str | None:
    """The path of an upload under ``wp-content/uploads`` (or a WordPress.com files host)."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    if "/wp-content/uploads/" in path:
        return path.split("/wp-content/uploads/", 1)[1]
    if parts.hostname and parts.hostname.endswith(".files.wordpress.com"):
        return path.lstrip("/")
    # An export of another Broadsheet names its own media files: --media-dir is its MEDIA_ROOT.
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(media_url):
        return path.removeprefix(media_url)
    return None


NO_TERMS: list = []
NO_META: dict = {}
NO_COMMENTS: list = []


@dataclass(slots=True)
class Planned:
    """What pass one decided for a post or page: its slug and new address."""

    model: str
    slug: str
    url: str | None
    existing_pk: int | None = None


@dataclass(slots=True)
class Attachment:
    url: str
    alt: str
    caption: str
    parent: str


@dataclass
class WordPressImporter:
    media_dir: Path | None = None
    fetch_media: bool = False
    dry_run: bool = False
    staff: frozenset[str] = frozenset()
    skip_pings: bool = False
    progress: Callable[[str], None] | None = None
    progress_every: int = 500
    report: ImportReport = field(default_factory=ImportReport)

    def __post_init__(self) -> None:
        self.report.dry_run = self.dry_run
        self.channel = Channel()
        self.hosts: set[str] = set()
        self.attachments: dict[str, Attachment] = {}
        self.attached_to: dict[str, list[str]] = {}
        self.planned: dict[str, Planned] = {}
        self.url_by_path: dict[str, str] = {}
        self.users_by_login: dict[str, object] = {}
        self.users_by_wp_id: dict[str, object] = {}
        self.category_parents: dict[str, str] = {}
        # Pages tree and menus (issue 16): linked once every page, post and category is in.
        self.page_parents: dict[str, str] = {}
        self.menu_names: dict[str, str] = {}
        self.menu_items: list[Item] = []
        self.category_term_ids: dict[str, str] = {}
        self.images: dict[str, Image | None] = {}
        self.files: dict[str, UploadedFile | None] = {}
        self.media = MediaSource(media_dir=self.media_dir, fetch_media=self.fetch_media)
        #: why a file could not be had, by its address: each item that needs it is told
        self.unavailable: dict[str, str] = {}
        self.attachment_outcomes: dict[str, str] = {}
        self.terms: dict[tuple[str, str], Category | Tag] = {}
        self.saved_files: list[str] = []
        self.wanted: list[tuple[str, Item]] = []
        self.link_samples: list[addresses.LinkSample] = []
        self.offsets: list[tuple[datetime.datetime, datetime.timedelta]] = []
        #: (old address, row answering for it now, suffix)
        self.old_links: list[tuple[str, object, str]] = []
        self.content_types = {
            model: ContentType.objects.get_for_model(model)
            for model in (Post, Page, Image, UploadedFile, Comment, Category, Tag, get_user_model())
        }

    # --- the two passes -----------------------------------------------------------------------

    def run(self, path: Path) -> ImportReport:
        self._scan(path)
        try:
            # Every saved post, term, picture and approved comment would purge the page cache:
            # once, after the commit, is enough.
            with kept.bumps_deferred(), transaction.atomic():
                self._adopt_addresses()
                self._plan(self.wanted)
                self._plan_page_paths(self.wanted)
                self._import(path)
                self._save_old_addresses()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            for name in self.saved_files:
                default_storage.delete(name)
            raise
        finally:
            self.media.close()
            # A dry run's (rolled back) settings must not stay in the cache.
            forget_blog()
        return self.report

    def _records(self, path: Path, label: str):
        with path.open("rb") as raw:
            size = path.stat().st_size or 1
            reader = CountingReader(raw)
            count = 0
            for record in read_wxr(reader):
                yield record
                if isinstance(record, Item):
                    count += 1
                    if self.progress and count % self.progress_every == 0:
                        done = min(100, reader.bytes_read * 100 // size)
                        self.progress(f"{label}: {count} items, {done}% of the file")

    def _scan(self, path: Path) -> None:
        """Pass one: no writes; addresses, attachments, slugs. Also proves the XML is sound."""
        for record in self._records(path, "reading"):
            if isinstance(record, Channel):
                self.channel = record
                self.report.warnings.extend(record.warnings)
                for url in (record.link, record.base_site_url, record.base_blog_url):
                    if host := urlsplit(url).hostname:
                        self.hosts.add(host.lower().removeprefix("www."))
            elif isinstance(record, Item):
                if record.post_type == "attachment":
                    self.attachments[record.wp_id] = Attachment(
                        url=record.attachment_url or record.guid,
                        alt=record.meta.get("_wp_attachment_image_alt", "").strip(),
                        caption=comment_text(record.excerpt),
                        parent=record.post_parent,
                    )
                    self.attached_to.setdefault(record.post_parent, []).append(record.wp_id)
                elif record.post_type in ("post", "page") and record.status != "trash":
                    self.wanted.append((record.wp_id, self._light(record)))
                    if record.post_type == "page" and record.post_parent not in ("", "0"):
                        self.page_parents[record.wp_id] = record.post_parent
                    self._sample_addresses(record)

    def _sample_addresses(self, item: Item) -> None:
        """What a published item tells of the blog's permalinks and time zone."""
        if item.status != "publish":
            return
        local = addresses._local_date(item.date)
        gmt = addresses._local_date(item.date_gmt)
        if local is not None and gmt is not None:
            self.offsets.append((gmt, local - gmt))
        if item.post_type == "post" and item.link and self._is_internal(item.link):
            self.link_samples.append(
                addresses.sample(
                    link=item.link,
                    base=self.channel.base_blog_url or self.channel.link,
                    slug=item.slug,
                    local=item.date,
                    wp_id=item.original_id,
                    categories=[t.slug for t in item.terms if t.taxonomy == "category"],
                )
            )

    def _adopt_addresses(self) -> None:
        """The export's permalink structure and time zone become the blog's, unless the author
        has already chosen others here (then the summary says what differs)."""
        structure, fitting = addresses.detect_structure(self.link_samples)
        zone = addresses.detect_time_zone(self.offsets)
        blog = Blog.load()
        untouched = blog.permalink_structure == Blog.Permalinks.DAY and not blog.time_zone
        changed = []
        if zone:
            where = f"the dates of {len(self.offsets)} published items"
            if blog.time_zone == zone:
                self.report.notes.append(f"Time zone {zone} (from {where}), as the blog's is")
            elif untouched:
                blog.time_zone = zone
                changed.append("time_zone")
                self.report.notes.append(f"Time zone {zone} (from {where}): now the blog's")
            else:
                self.report.notes.append(
                    f"Time zone {zone} (from {where}): the blog keeps its own, "
                    f"{blog.time_zone or 'the server default'}; dated addresses may differ"
                )
        if structure:
            where = f"{fitting} of {len(self.link_samples)} post links"
            if structure not in Blog.Permalinks.values:
                self.report.notes.append(
                    f"Permalinks {structure} (from {where}): WordPress's post numbers are not "
                    "kept here, so posts keep the blog's structure and each old link answers "
                    "with one redirect"
                )
            elif blog.permalink_structure == structure:
                self.report.notes.append(f"Permalinks {structure} (from {where}), as the blog's")
            elif untouched:
                blog.permalink_structure = structure
                changed.append("permalink_structure")
                self.report.notes.append(f"Permalinks {structure} (from {where}): now the blog's")
            else:
                self.report.notes.append(
                    f"Permalinks {structure} (from {where}): the blog keeps its own, "
                    f"{blog.permalink_structure}; each old link answers with one redirect"
                )
        if changed:
            blog.save()

    @staticmethod
    def _light(item: Item) -> Item:
        # Keep only what planning needs: no content, no comments, no empty lists per item.
        return Item(
            wp_id=item.wp_id,
            original_id=item.original_id,
            guid=item.guid,
            post_type=item.post_type,
            title=item.title,
            link=item.link,
            slug=item.slug,
            status=item.status,
            date=item.date,
            date_gmt=item.date_gmt,
            terms=NO_TERMS,
            meta=NO_META,
            comments=NO_COMMENTS,
        )

    def _plan(self, items: list[tuple[str, Item]]) -> None:
        existing = {}
        for keys in chunks([wp_id for wp_id, _ in items]):
            existing.update(
                {
                    (kind, key): object_id
                    for kind, key, object_id in WordPressItem.objects.filter(
                        kind__in=[WordPressItem.Kind.POST, WordPressItem.Kind.PAGE], key__in=keys
                    ).values_list("kind", "key", "object_id")
                }
            )
        # An item WordPress gave no id (its key was made from its guid) comes back from our own
        # export with a number: its guid, kept, finds the row.
        unknown = {
            item.guid[:500]: (item.post_type, wp_id)
            for wp_id, item in items
            if item.guid and (item.post_type, wp_id) not in existing
        }
        for guids in chunks(list(unknown)):
            for kind, guid, object_id in WordPressItem.objects.filter(
                kind__in=[WordPressItem.Kind.POST, WordPressItem.Kind.PAGE], guid__in=guids
            ).values_list("kind", "guid", "object_id"):
                model, wp_id = unknown[guid]
                if model == kind:
                    existing.setdefault((kind, wp_id), object_id)
        posts, pages = {}, {}
        for pks in chunks([pk for (kind, _), pk in existing.items() if kind == "post"]):
            posts.update(Post.objects.in_bulk(pks))
        for pks in chunks([pk for (kind, _), pk in existing.items() if kind == "page"]):
            pages.update(Page.objects.in_bulk(pks))
        taken: dict[str, set[str]] = {"post": set(), "page": set()}
        for slugs in chunks(list({self._wanted_slug(item) for _, item in items})):
            taken["post"].update(Post.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            taken["page"].update(Page.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        for wp_id, item in items:
            model = item.post_type
            pk = existing.get((model, wp_id))
            row = (posts if model == "post" else pages).get(pk) if pk else None
            if row is not None:
                url = self._public_url(row)
                self.planned[wp_id] = Planned(model=model, slug=row.slug, url=url, existing_pk=pk)
            else:
                slug = self._unique_slug(self._wanted_slug(item), taken[model], model)
                taken[model].add(slug)
                if model == "post":
                    draft = Post(
                        slug=slug,
                        status=POST_STATUSES.get(item.status, Post.Status.DRAFT),
                        published_at=self._published_at(item),
                    )
                    url = self._public_url(draft)
                else:
                    url = self._public_url(Page(slug=slug, is_published=item.status == "publish"))
                self.planned[wp_id] = Planned(model=model, slug=slug, url=url)
                old_path = urlsplit(item.link).path.rstrip("/") if item.link else ""
                if url and old_path and old_path != url.rstrip("/"):
                    hint = ""
                    dated = Blog.current().permalink_structure in (
                        Blog.Permalinks.DAY,
                        Blog.Permalinks.MONTH,
                    )
                    if model == "post" and dated and unquote(old_path).endswith(f"/{slug}"):
                        hint = " (only the date differs: is the blog's time zone WordPress's?)"
                    self.report.problem(
                        self._where(item), f"address changes from {item.link} to {url}{hint}"
                    )
            if url and item.link:
                self.url_by_path[self._path_key(item.link)] = url

    @staticmethod
    def _wanted_slug(item: Item) -> str:
        # Room for a "-2" suffix within the field's length (posts 200, pages 100).
        limit = 90 if item.post_type == "page" else 190
        slug = kept_slug(item.slug)[:limit] or slugify(html.unescape(item.title), True)[:limit]
        return slug.strip("-") or f"{item.post_type}-{item.original_id or 'untitled'}"

    @staticmethod
    def _unique_slug(slug: str, taken: set[str], model: str) -> str:
        rows = Post.objects if model == "post" else Page.objects
        candidate, number = slug, 2
        while (
            candidate in taken
            or (model == "page" and candidate in RESERVED_PAGE_SLUGS)
            or (number > 2 and rows.filter(slug=candidate).exists())
        ):
            candidate = f"{slug}-{number}"
            number += 1
        return candidate

    @staticmethod
    def _public_url(row: Post | Page) -> str | None:
        if isinstance(row, Post):
            public = row.status == Post.Status.PUBLISHED and row.published_at is not None
        else:
            public = row.is_published
        return row.get_absolute_url() if public else None

    @staticmethod
    def _path_key(url: str) -> str:
        return unquote(urlsplit(url).path).rstrip("/").lower()

    def _published_at(self, item: Item) -> datetime.datetime | None:
        if item.status in ("publish", "future"):
            return parse_wp_date(item.date, item.date_gmt) or timezone.now()
        # A draft keeps its date only if WordPress gave it one (an unset GMT date means none).
        return parse_wp_date("", item.date_gmt)

    def _import(self, path: Path) -> None:
        for record in self._records(path, "importing"):
            if isinstance(record, Author):
                self._author(record)
            elif isinstance(record, Term):
                self._term(record)
            elif isinstance(record, Item):
                self._item_saved_apart(record)
        self._link_category_parents()
        self._link_page_parents()
        self._menus()

    def _item_saved_apart(self, item: Item) -> None:
        """One item in a savepoint of its own: a row the database refuses skips that item
        (named in the summary), not the whole import."""
        try:
            with transaction.atomic():
                self._item(item)
        except (DatabaseError, ValidationError, ValueError) as error:
            kind = (
                item.post_type if item.post_type in ("post", "page") else f"type:{item.post_type}"
            )
            self.report.skipped[kind] += 1
            self.report.skip(self._where(item), f"could not be stored ({error})")

    # --- authors and terms ----------------------------------------------------------------------

    def _author(self, author: Author) -> None:
        self.report.in_file["author"] += 1
        user = self._user(author.login, author)
        if author.wp_id:
            self.users_by_wp_id[author.wp_id] = user

    def _user(self, login: str, author: Author | None = None):
        login = (login or "wordpress").strip()[:150]
        if login in self.users_by_login:
            return self.users_by_login[login]
        if author is None:
            # Named as a post's creator but missing from the file's list of authors.
            self.report.in_file["author"] += 1
            author = Author(wp_id="", login=login)
        User = get_user_model()
        user = User.objects.filter(username=login).first()
        if user is not None:
            self.report.existing["author"] += 1
        else:
            user = User(
                username=login,
                email=self._email(author.email),
                display_name=html.unescape(author.display_name)[:150],
                first_name=html.unescape(author.first_name)[:150],
                last_name=html.unescape(author.last_name)[:150],
                is_staff=login in self.staff,
            )
            user.set_unusable_password()
            user.save()
            self.report.created["author"] += 1
        self.users_by_login[login] = user
        if user.pk is not None:
            # WordPress's author address uses the "nicename": the login made a slug.
            for name in {login, slugify(login, allow_unicode=True)}:
                self.old_links.append((f"/author/{name}/", user, ""))
        return user

    @staticmethod
    def _email(value: str) -> str:
        try:
            validate_email(value)
        except ValidationError:
            return ""
        return value

    def _term(self, term: Term) -> None:
        if term.taxonomy == "nav_menu":
            self.menu_names[term.slug] = html.unescape(term.name) or term.slug
            return
        if term.taxonomy not in ("category", "post_tag"):
            self.report.skip(
                f"term {term.taxonomy} {term.slug or term.name!r}",
                f"{term.taxonomy or 'unnamed'} terms are not imported",
            )
            return
        self.report.in_file["category" if term.taxonomy == "category" else "tag"] += 1
        slug = self._term_slug(term.slug, term.name)
        if term.taxonomy == "category":
            self.terms[("category", slug)] = self._category(term.slug, term.name, term.description)
            if term.term_id:
                self.category_term_ids[term.term_id] = slug
            if term.parent:
                self.category_parents[slug] = term.parent
        else:
            self.terms[("post_tag", slug)] = self._tag(term.slug, term.name)

    @staticmethod
    def _term_slug(slug: str, name: str) -> str:
        return kept_slug(slug)[:100] or slugify(html.unescape(name), True)[:100] or "term"

    def _category(self, slug: str, name: str, description: str = "") -> Category:
        slug = self._term_slug(slug, name)
        category, created = Category.objects.get_or_create(
            slug=slug,
            defaults={"name": html.unescape(name)[:100] or slug, "description": description},
        )
        (self.report.created if created else self.report.existing)["category"] += 1
        return category

    def _tag(self, slug: str, name: str) -> Tag:
        slug = self._term_slug(slug, name)
        tag, created = Tag.objects.get_or_create(
            slug=slug, defaults={"name": html.unescape(name)[:100] or slug}
        )
        (self.report.created if created else self.report.existing)["tag"] += 1
        return tag

    def _link_category_parents(self) -> None:
        slugs = set(self.category_parents) | {
            self._term_slug(parent, parent) for parent in self.category_parents.values()
        }
        categories = {
            category.slug: category for category in Category.objects.filter(slug__in=slugs)
        }
        for slug, parent_slug in self.category_parents.items():
            child = categories.get(slug)
            parent = categories.get(self._term_slug(parent_slug, parent_slug))
            if child is None:
                continue
            if parent is None:
                self.report.problem(f"category {slug}", f"parent {parent_slug} is not in the file")
            elif child.parent_id is None and parent.pk != child.pk:
                child.parent = parent
                child.save(update_fields=["parent"])

    def _term_addresses(self) -> None:
        """/category/parent/child/ and /category/child/ as WordPress answered, /tag/slug/."""
        for (taxonomy, _), term in self.terms.items():
            if term.pk is None:
                continue
            if taxonomy == "post_tag":
                self.old_links.append((f"/tag/{term.slug}/", term, ""))
                continue
            slugs, current, seen = [], term, set()
            while current is not None and current.pk not in seen:
                seen.add(current.pk)
                slugs.append(current.slug)
                current = current.parent
            self.old_links.append((f"/category/{term.slug}/", term, ""))
            self.old_links.append((f"/category/{'/'.join(reversed(slugs))}/", term, ""))

    def _save_old_addresses(self) -> None:
        """Every internal address of the export, pointing at what answers for it now."""
        self._term_addresses()
        rows: dict[str, OldAddress] = {}
        for url, target, suffix in self.old_links:
            if not url or not self._is_internal(url) or target.pk is None:
                continue
            parts = urlsplit(url)
            if parts.query and parts.path in ("", "/"):
                continue  # ?p=ID and the like: wordpress.middleware reads them from the IDs
            key = OldAddress.key(parts.path)
            if key == "/":
                continue
            rows[key] = OldAddress(
                path=key,
                content_type=self.content_types[type(target)],
                object_id=target.pk,
                suffix=suffix,
            )
        OldAddress.objects.bulk_create(
            rows.values(),
            batch_size=500,
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=["content_type", "object_id", "suffix"],
        )
        self.report.details["old addresses kept"] = len(rows)

    def _item_terms(self, item: Item) -> tuple[list[Category], list[Tag]]:
        categories, tags = [], []
        for term in item.terms:
            if term.taxonomy not in ("category", "post_tag"):
                continue
            slug = self._term_slug(term.slug, term.name)
            key = (term.taxonomy, slug)
            if key not in self.terms:
                # A term used by an item but missing from the channel's list is made here.
                self.report.in_file["category" if term.taxonomy == "category" else "tag"] += 1
                if term.taxonomy == "category":
                    self.terms[key] = self._category(term.slug, term.name)
                else:
                    self.terms[key] = self._tag(term.slug, term.name)
            (categories if term.taxonomy == "category" else tags).append(self.terms[key])
        return categories, tags

    # --- items --------------------------------------------------------------------------------

    def _item(self, item: Item) -> None:
        kind = item.post_type
        if kind == "attachment":
            self.report.in_file["attachment"] += 1
            self._attachment(item)
        elif kind in ("post", "page"):
            self.report.in_file[kind] += 1
            if item.status == "trash":
                self.report.skipped[kind] += 1
                self.report.skip(self._where(item), "in WordPress's trash")
                self._count_comments(item, skipped=True)
            elif kind == "post":
                self._post(item)
            else:
                self._page(item)
        elif kind == "nav_menu_item":
            self.menu_items.append(item)  # made into menus at the end (self._menus)
        else:
            self.report.skipped[f"type:{kind}"] += 1
            self.report.skip(self._where(item), f"items of type {kind!r} are not imported")

    @staticmethod
    def _guid(item: Item) -> str:
        """The guid kept for an item; one WordPress left without keeps the key made for it, so
        our export (which must give it a number) carries it and a re-import finds the row."""
        return item.guid or ("" if item.wp_id.isdigit() else item.wp_id)

    def _where(self, item: Item) -> str:
        title = html.unescape(item.title).strip() or "(no title)"
        return f'{item.post_type} "{title}" (WordPress ID {item.wp_id})'

    def _mapping(self, kind: str, key: str) -> WordPressItem | None:
        return WordPressItem.objects.filter(kind=kind, key=key).first()

    def _remember(self, kind: str, key: str, row, guid: str = "") -> None:
        # update_or_create: a mapping may outlive its row (deleted since the last import).
        WordPressItem.objects.update_or_create(
            kind=kind,
            key=key,
            defaults={
                "guid": guid[:500],
                "content_type": self.content_types[type(row)],
                "object_id": row.pk,
            },
        )

    def _convert(self, item: Item) -> str:
        converter = ContentConverter(
            new_link=lambda href: self._new_link(href, item),
            new_image=lambda src, attachment_id="": self._new_image(src, item, attachment_id),
            gallery=lambda attrs: self._gallery(attrs, item),
        )
        converted = converter.convert(item.content, footnotes=item.meta.get("footnotes", ""))
        for problem in converted.problems:
            self.report.problem(self._where(item), problem)
        return converted.body

    def _post(self, item: Item) -> None:
        planned = self.planned[item.wp_id]
        if planned.existing_pk is not None:
            self.report.existing["post"] += 1
            post = Post.objects.get(pk=planned.existing_pk)
            self.old_links.append((item.link, post, ""))
            self._comments(item, post)
            return
        status = POST_STATUSES.get(item.status)
        if status is None:
            self.report.problem(self._where(item), f"unknown status {item.status!r}, kept as draft")
            status = Post.Status.DRAFT
        if item.status == "private":
            self.report.problem(self._where(item), "private post imported as a draft")
        title = html.unescape(item.title).strip()
        if not title:
            title = "Untitled"
            self.report.problem(self._where(item), 'empty title, imported as "Untitled"')
        categories, tags = self._item_terms(item)
        post = Post(
            title=title[:300],
            slug=planned.slug,
            author=self._user(item.creator),
            body=self._convert(item),
            excerpt=comment_text(item.excerpt),
            status=status,
            published_at=self._published_at(item),
            allow_comments=item.comment_status == "open",
            sticky=item.is_sticky,
            password=item.password[:255],
            format=self._post_format(item),
        )
        featured = self._featured_image(item)
        if featured is not None and featured.pk is not None:  # a dry run saves no pictures
            post.featured_image = featured
        post.save()
        post.categories.set(categories)
        post.tags.set(tags)
        self._remember(WordPressItem.Kind.POST, item.wp_id, post, self._guid(item))
        self.old_links.append((item.link, post, ""))
        self.report.created["post"] += 1
        if post.is_scheduled:
            self.report.details["scheduled"] += 1
        elif post.status == Post.Status.PUBLISHED:
            self.report.details["published"] += 1
        else:
            self.report.details["drafts"] += 1
        if post.sticky:
            self.report.details["sticky"] += 1
        self._comments(item, post)

    def _post_format(self, item: Item) -> str:
        """The post_format term (``post-format-aside``) as a Post.Format; unknown ones: standard."""
        for term in item.terms:
            if term.taxonomy == "post_format":
                value = term.slug.removeprefix("post-format-")
                if value in Post.Format.values or value == "standard":
                    return "" if value == "standard" else value
                self.report.problem(self._where(item), f"unknown post format {term.slug!r}")
        return Post.Format.STANDARD

    def _page(self, item: Item) -> None:
        planned = self.planned[item.wp_id]
        if planned.existing_pk is not None:
            self.report.existing["page"] += 1
            page = Page.objects.get(pk=planned.existing_pk)
            self.old_links.append((item.link, page, ""))
        else:
            page = Page(
                title=(html.unescape(item.title).strip() or "Untitled")[:200],
                slug=planned.slug,
                body=self._convert(item),
                is_published=item.status == "publish",
                menu_order=max(0, min(int(item.menu_order or 0), 32767)),
                author=self._user(item.creator) if item.creator.strip() else None,
                published_at=self._published_at(item),
                allow_comments=item.comment_status == "open",
            )
            page.save()
            self._remember(WordPressItem.Kind.PAGE, item.wp_id, page, self._guid(item))
            self.old_links.append((item.link, page, ""))
            self.report.created["page"] += 1
        self._comments(item, page)  # kept on the page, moderated as a post's

    def _count_comments(self, item: Item, *, skipped: bool) -> None:
        for wp_comment in item.comments:
            kind = COMMENT_KINDS.get(wp_comment.type, wp_comment.type or "comment")
            self.report.in_file[kind] += 1
            if skipped:
                self.report.skipped[kind] += 1

    # --- comments -----------------------------------------------------------------------------

    def _comments(self, item: Item, post: Post | Page) -> None:
        if not item.comments:
            return
        by_id = {comment.wp_id: comment for comment in item.comments}
        mapped = dict(
            WordPressItem.objects.filter(
                kind=WordPressItem.Kind.COMMENT, key__in=list(by_id)
            ).values_list("key", "object_id")
        )
        alive = set(Comment.objects.filter(pk__in=mapped.values()).values_list("pk", flat=True))
        known = {key: pk for key, pk in mapped.items() if pk in alive}
        # A comment deleted here since the last import is imported again.
        WordPressItem.objects.filter(
            kind=WordPressItem.Kind.COMMENT, key__in=[k for k in mapped if k not in known]
        ).delete()
        made: dict[str, Comment | None] = {}
        mappings: list[WordPressItem] = []
        # One reply from elsewhere per source on a post (Comment's constraint): those it has.
        sources: set[str] = set()
        if any(self._comment_kind(c) in Comment.REMOTE_KINDS for c in item.comments):
            sources.update(post.comments.exclude(remote_id="").values_list("remote_id", flat=True))
        for wp_comment in self._parents_first(item.comments, by_id):
            kind = self._comment_kind(wp_comment)
            self.report.in_file[kind or wp_comment.type] += 1
            if kind is None:
                self.report.skipped[wp_comment.type] += 1
                self.report.problem(
                    self._where(item), f"comment {wp_comment.wp_id} of type {wp_comment.type!r}"
                )
                continue
            if wp_comment.wp_id in known:
                self.report.existing[kind] += 1
                made[wp_comment.wp_id] = Comment(pk=known[wp_comment.wp_id])
                continue
            if self.skip_pings and kind in PINGS:
                self.report.skipped[kind] += 1
                continue
            parent = None
            if wp_comment.parent != "0":
                parent = made.get(wp_comment.parent)
                if parent is None:
                    self.report.problem(
                        self._where(item),
                        f"comment {wp_comment.wp_id} replies to comment {wp_comment.parent}, "
                        "which is not in the file: imported as a top-level comment",
                    )
            status = COMMENT_STATUSES.get(wp_comment.approved, Comment.Status.PENDING)
            remote_id, handle, email = self._comment_origin(wp_comment, kind, sources)
            made[wp_comment.wp_id] = comment = comment_import(
                post=post,
                parent=parent,
                kind=kind,
                user=self.users_by_wp_id.get(wp_comment.user_id),
                author_name=html.unescape(wp_comment.author),
                author_email=email,
                author_url=wp_comment.author_url
                if wp_comment.author_url.startswith("http")
                else "",
                body=comment_html(wp_comment.content),
                body_format=Comment.BodyFormat.HTML,
                status=status,
                created_at=parse_wp_date(wp_comment.date, wp_comment.date_gmt) or timezone.now(),
                ip_address=self._ip(wp_comment.author_ip),
                remote_id=remote_id,
                author_handle=handle,
            )
            mappings.append(
                WordPressItem(
                    kind=WordPressItem.Kind.COMMENT,
                    key=wp_comment.wp_id,
                    content_type=self.content_types[Comment],
                    object_id=comment.pk,
                )
            )
            self.report.created[kind] += 1
            self.report.details[f"comments {status}"] += 1
        WordPressItem.objects.bulk_create(mappings)

    @staticmethod
    def _comment_kind(wp_comment: WPComment) -> str | None:
        """The kind here of a WordPress comment: its comment_type, and for an ordinary comment
        the plugin's "protocol" meta (a Webmention or ActivityPub reply); None if unknown."""
        kind = COMMENT_KINDS.get(wp_comment.type)
        if kind == Comment.Kind.COMMENT:
            return PROTOCOL_KINDS.get(wp_comment.meta.get("protocol", "").strip(), kind)
        return kind

    def _comment_origin(
        self, wp_comment: WPComment, kind: str, sources: set[str]
    ) -> tuple[str, str, str]:
        """(remote_id, author_handle, author_email) of an imported comment. A reply from
        elsewhere keeps its source (the meta the plugin wrote, else the author's address), once
        per post (``sources``: those it has); the ActivityPub plugin writes a Fediverse author's
        handle where the e-mail goes."""
        if kind not in Comment.REMOTE_KINDS:
            return "", "", self._email(wp_comment.author_email)
        candidates = [wp_comment.meta.get(key, "").strip() for key in SOURCE_META[kind]]
        if kind == Comment.Kind.WEBMENTION:
            candidates.append(wp_comment.author_url.strip())
        remote_id = next((url for url in candidates if url.startswith(("http://", "https://"))), "")
        if remote_id in sources or len(remote_id) > 2000:
            remote_id = ""
        elif remote_id:
            sources.add(remote_id)
        if kind == Comment.Kind.FEDIVERSE and (handle := HANDLE_RE.match(wp_comment.author_email)):
            return remote_id, f"@{handle[1]}", ""
        return remote_id, "", self._email(wp_comment.author_email)

    @staticmethod
    def _parents_first(comments: list[WPComment], by_id: dict[str, WPComment]) -> list[WPComment]:
        """Order a post's comments so that every parent comes before its replies."""
        ordered: list[WPComment] = []
        placed: set[str] = set()
        for comment in comments:
            chain = []
            current: WPComment | None = comment
            while current is not None and current.wp_id not in placed:
                chain.append(current)
                placed.add(current.wp_id)
                current = by_id.get(current.parent) if current.parent != "0" else None
            ordered.extend(reversed(chain))
        return ordered

    @staticmethod
    def _ip(value: str) -> str | None:
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            return None

    # --- links and images ---------------------------------------------------------------------

    def _is_internal(self, url: str) -> bool:
        host = urlsplit(url).hostname
        return host is None or host.lower().removeprefix("www.") in self.hosts

    def _new_link(self, href: str, item: Item) -> str | None:
        if href.startswith("#") or not self._is_internal(href):
            return None
        parts = urlsplit(href)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        query = parse_qs(parts.query)
        for name in ("p", "page_id"):
            if name in query and query[name][0] in self.planned:
                url = self.planned[query[name][0]].url
                return url + fragment if url else None
        if (url := self.url_by_path.get(self._path_key(href))) and parts.path not in ("", "/"):
            return url + fragment
        relative = media_path(href)
        if relative is None:
            return None
        if relative in self.images:
            image = self.images[relative]
            return image.file.url if image is not None else None
        if Path(relative).suffix.lower() in IMAGE_SUFFIXES:
            image = self._image_for(relative, alt="", caption="", url=href, item=item)
            return image.file.url if image is not None else None
        if is_kept_file(relative):
            kept_file = self._file_for(relative, url=href, title="", item=item)
            return kept_file.file.url if kept_file is not None else None
        return None

    def _new_image(self, src: str, item: Item, attachment_id: str = "") -> str | None:
        """The local copy's address, or None (the body then shows the alt text): a picture is
        never left pointing at another host, which the site's CSP would block anyway."""
        if attachment_id in self.attachments:  # the block editor's wp-image-ID names the file
            image = self._attachment_image(attachment_id, item)
            if image is not None:
                return image.file.url
        relative = media_path(src)
        if relative is None:
            relative = self._elsewhere_key(src) if self._is_internal(src) else None
        if relative is None:
            self.report.problem(
                self._where(item), f"image from another site left out (its alt text shown): {src}"
            )
            return None
        image = self._image_for(relative, alt="", caption="", url=src, item=item)
        return image.file.url if image is not None else None

    @staticmethod
    def _elsewhere_key(url: str) -> str | None:
        """Where a file of the old site outside its uploads is kept: under its host's name."""
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
        path = unquote(parts.path).lstrip("/")
        if parts.scheme not in ("http", "https", "") or not path:
            return None
        return f"elsewhere/{(parts.hostname or 'site').lower()}/{path}"

    def _missing(self, item: Item, url: str, reason: str) -> None:
        self.unavailable.setdefault(url, reason)
        self.report.missing(self._where(item), url, self.unavailable[url])

    def _may_fetch(self, url: str) -> bool:
        """Bodies' files are fetched from the export's own site (or WordPress.com's files)."""
        host = (urlsplit(url).hostname or "").lower()
        return self._is_internal(url) or host.endswith(".files.wordpress.com")

    def _gallery(self, attrs: dict[str, str], item: Item) -> list[tuple[str, str]]:
        ids = [part.strip() for part in attrs.get("ids", "").split(",") if part.strip()]
        ids = ids or self.attached_to.get(item.wp_id, [])
        images = []
        for wp_id in ids:
            image = self._attachment_image(wp_id, item)
            if image is not None:
                images.append((image.file.url, image.alt_text))
        return images

    def _featured_image(self, item: Item) -> Image | None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail:
            return None
        if thumbnail not in self.attachments:
            self.report.problem(self._where(item), f"featured image {thumbnail} is not in the file")
            return None
        return self._attachment_image(thumbnail, item)

    def _attachment(self, item: Item) -> None:
        attachment = self.attachments[item.wp_id]
        if is_kept_file(attachment.url):
            row = self._attachment_row(item.wp_id, item)
        elif Path(urlsplit(attachment.url).path).suffix.lower() in IMAGE_SUFFIXES:
            row = self._attachment_image(item.wp_id, item)
        else:
            self.report.skipped["attachment"] += 1
            self.report.skip(self._where(item), f"not a picture or a kept file: {attachment.url}")
            return
        if row is not None and row.pk is not None:
            self.old_links.append((item.link, row, ""))
            self.old_links.append((attachment.url, row, ""))
        outcome = self.attachment_outcomes[item.wp_id]
        {"created": self.report.created, "existing": self.report.existing}.get(
            outcome, self.report.skipped
        )["attachment"] += 1

    def _attachment_image(self, wp_id: str, item: Item) -> Image | None:
        row = self._attachment_row(wp_id, item)
        return row if isinstance(row, Image) else None

    def _attachment_row(self, wp_id: str, item: Item) -> Image | UploadedFile | None:
        """The picture (or other kept file) of attachment ``wp_id``, made once per import."""
        key = f"attachment:{wp_id}"
        attachment = self.attachments.get(wp_id)
        if key in self.images:
            row = self.images[key]
            if row is None and attachment is not None:
                self._missing(item, attachment.url, "")
            return row
        row = None
        mapping = self._mapping(WordPressItem.Kind.ATTACHMENT, wp_id)
        if mapping is not None:
            model = mapping.content_type.model_class()
            row = model.objects.filter(pk=mapping.object_id).first() if model else None
            mapping = mapping if row is not None else None
        if row is None and attachment is not None:
            relative = media_path(attachment.url)
            if relative is None and self.fetch_media:
                relative = self._elsewhere_key(attachment.url)
            if relative is None:
                self._missing(item, attachment.url, "not under wp-content/uploads")
            elif is_kept_file(relative):
                row = self._file_for(
                    relative, url=attachment.url, title=attachment.alt, item=item, original=True
                )
            else:
                row = self._image_for(
                    relative,
                    alt=attachment.alt,
                    caption=attachment.caption,
                    url=attachment.url,
                    item=item,
                    original=True,
                )
            if row is not None and row.pk is not None:
                self._remember(WordPressItem.Kind.ATTACHMENT, wp_id, row)
        if mapping is not None:
            self.attachment_outcomes[wp_id] = "existing"
        else:
            self.attachment_outcomes[wp_id] = "created" if row is not None else "missing"
        self.images[key] = row
        return row

    def _found(self, relative: str, *, url: str, item: Item, original: bool):
        """The file on this disk (from --media-dir, or fetched), or None, said in the summary.
        An attachment's own address may be fetched from any public host; a body's, from the
        export's own site only."""
        if not urlsplit(url).scheme and not url.startswith("//"):
            url = urljoin(self.channel.base_site_url or self.channel.link, url)  # "/wp-content/…"
        found = self.media.find(
            relative,
            url,
            prefer_original=not original,
            may_fetch=original or self._may_fetch(url),
        )
        if found.path is None:
            self._missing(item, url, found.reason)
        return found

    def _image_for(
        self, relative: str, *, alt: str, caption: str, url: str, item: Item, original=False
    ) -> Image | None:
        """The Image for an uploaded file (one row per file), made from media_dir if needed."""
        found = self._found(relative, url=url, item=item, original=original)
        if found.path is None:
            return None
        path, key = found.path, found.key
        if key in self.images:
            if self.images[key] is None:
                self._missing(item, url, "")
            return self.images[key]
        mapping = self._mapping(WordPressItem.Kind.FILE, key)
        image = Image.objects.filter(pk=mapping.object_id).first() if mapping else None
        if image is None:
            if not self._is_picture(path):
                self._missing(item, url, "not a readable picture")
                self.images[key] = None
                return None
            alt = alt or html.unescape(Path(key).stem).replace("-", " ").replace("_", " ")
            if self.dry_run:
                image = Image(alt_text=alt, caption=caption)
                image.file.name = f"images/{path.name}"  # for the addresses; nothing is saved
            else:
                try:
                    image = save_imported_image(path=path, alt_text=alt, caption=caption)
                except ValidationError as refusal:
                    self._missing(item, url, refusal.messages[0].rstrip("."))
                    self.images[key] = None
                    return None
                self.saved_files += [image.file.name, *rendition_names(image.renditions)]
                if mapping is not None:
                    mapping.delete()
                self._remember(WordPressItem.Kind.FILE, key, image)
            self.report.details["image files"] += 1
        self.images[key] = image
        self.images[relative] = image
        return image

    def _file_for(
        self, relative: str, *, url: str, title: str, item: Item, original=False
    ) -> UploadedFile | None:
        """The UploadedFile for a document, sound or film of the old site (one row per file)."""
        found = self._found(relative, url=url, item=item, original=original)
        if found.path is None:
            return None
        key = found.key
        if key in self.files:
            return self.files[key]
        mapping = self._mapping(WordPressItem.Kind.FILE, key)
        kept_file = UploadedFile.objects.filter(pk=mapping.object_id).first() if mapping else None
        if kept_file is None:
            title = title or html.unescape(Path(key).stem).replace("-", " ").replace("_", " ")
            if self.dry_run:
                kept_file = UploadedFile(title=title)
                kept_file.file.name = f"files/{found.path.name}"  # nothing is saved
            else:
                kept_file = save_imported_file(path=found.path, title=title)
                self.saved_files.append(kept_file.file.name)
                if mapping is not None:
                    mapping.delete()
                self._remember(WordPressItem.Kind.FILE, key, kept_file)
            self.report.details["other files"] += 1
        self.files[key] = kept_file
        return kept_file

    @staticmethod
    def _is_picture(path: Path) -> bool:
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            return False
        try:
            with PILImage.open(path) as picture:
                picture.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return False
        return True

    # --- pages tree and menus (issue 16) ------------------------------------------------------

    def _plan_page_paths(self, items: list[tuple[str, Item]]) -> None:
        """A child page's planned address is nested (/about/team/), as WordPress had it: old
        links to it are then rewritten to where it will be, not to a redirect."""
        for wp_id, item in items:
            planned = self.planned.get(wp_id)
            if planned is None or wp_id not in self.page_parents or planned.url is None:
                continue
            slugs, current, seen = [planned.slug], wp_id, {wp_id}
            while (parent := self.page_parents.get(current)) and parent not in seen:
                above = self.planned.get(parent)
                if above is None or above.model != "page":
                    break
                slugs.append(above.slug)
                seen.add(parent)
                current = parent
            if self.planned.get(self.page_parents[wp_id]) is None:
                continue  # the parent is not in the file: the page is imported at the top
            planned.url = Page(slug=planned.slug, path="/".join(reversed(slugs))).get_absolute_url()
            if item.link:
                self.url_by_path[self._path_key(item.link)] = planned.url
                # _plan named the flat address as the new one: say the nested one, or nothing
                # when the page stays where it was.
                where = f"{self._where(item)}: address changes from {item.link} to "
                self.report.problems = [
                    line for line in self.report.problems if not line.startswith(where)
                ]
                old_path = unquote(urlsplit(item.link).path).rstrip("/")
                if old_path != unquote(planned.url).rstrip("/"):
                    self.report.problem(
                        self._where(item), f"address changes from {item.link} to {planned.url}"
                    )

    def _link_page_parents(self) -> None:
        """wp:post_parent of pages: each page under its parent (saving it re-paths what is
        under it). A page already placed here is left where it is."""
        if not self.page_parents:
            return
        keys = list({*self.page_parents, *self.page_parents.values()})
        pages = {}
        for chunk in chunks(keys):
            ids = dict(
                WordPressItem.objects.filter(
                    kind=WordPressItem.Kind.PAGE, key__in=chunk
                ).values_list("key", "object_id")
            )
            found = Page.objects.in_bulk(ids.values())
            pages.update({key: found[pk] for key, pk in ids.items() if pk in found})
        for wp_id, parent_id in self.page_parents.items():
            page, parent = pages.get(wp_id), pages.get(parent_id)
            if page is None:
                continue
            if parent is None:
                self.report.problem(
                    f"page {page.title!r} (WordPress ID {wp_id})",
                    f"parent page {parent_id} is not in the file: imported at the top",
                )
            elif page.parent_id is None and parent.pk != page.pk:
                page.parent = parent
                page.clean_parent()
                page.save(update_fields=["parent"])
        self.report.details["pages nested"] = sum(
            1 for wp_id in self.page_parents if pages.get(wp_id) and pages[wp_id].parent_id
        )

    def _menus(self) -> None:
        """nav_menu_items become menus: their order, one level of nesting, links to pages,
        categories, posts and custom addresses. A menu already imported (by name) is kept as it
        is, so importing twice changes nothing; the first menu becomes the navigation when the
        site has none. A menu none of whose items links to anything here is not made."""
        by_menu: dict[str, list[Item]] = {}
        for item in self.menu_items:
            slug = next((t.slug for t in item.terms if t.taxonomy == "nav_menu"), "")
            by_menu.setdefault(slug, []).append(item)
        for slug, items in by_menu.items():
            name = (self.menu_names.get(slug) or slug or "Menu")[:100]
            self.report.in_file["menu item"] += len(items)
            if Menu.objects.filter(name=name).exists():
                self.report.existing["menu item"] += len(items)
                continue
            ordered = sorted(items, key=lambda item: int(item.menu_order or 0))
            made = {item.wp_id: row for item in ordered if (row := self._menu_item(item))}
            if not made:
                continue
            navigation = not Menu.objects.filter(is_navigation=True).exists()
            menu = Menu.objects.create(name=name, is_navigation=navigation)
            for row in made.values():
                row.menu = menu
                row.save()
            for item in ordered:
                self._menu_item_parent(item, made)
            self.report.created["menu item"] += len(made)
            self.report.details["menus"] += 1

    def _menu_item(self, item: Item) -> MenuItem | None:
        """The item's link, not saved yet; None (and named in the summary) if it links to
        nothing that is here."""
        meta = item.meta
        kind, target = meta.get("_menu_item_type", ""), meta.get("_menu_item_object", "")
        object_id = meta.get("_menu_item_object_id", "").strip()
        row = MenuItem(
            order=max(0, min(int(item.menu_order or 0), 32767)),
            title=html.unescape(item.title).strip()[:200],
        )
        if kind == "post_type" and target in ("page", "post"):
            setattr(row, target, self._linked_row(WordPressItem.Kind(target), object_id))
        elif kind == "taxonomy" and target == "category":
            row.category = self._linked_category(object_id, row.title)
        elif kind == "custom" and (url := meta.get("_menu_item_url", "").strip()):
            row.url = self._new_link(url, item) or self._on_this_site(url) or url
        try:
            row.full_clean(exclude=["menu", "parent"])
        except ValidationError:
            self.report.skipped["menu item"] += 1
            self.report.skip(self._where(item), f"links to a {target or kind or 'thing'} "
                             "that is not here")  # fmt: skip
            return None
        return row

    def _menu_item_parent(self, item: Item, made: dict[str, MenuItem]) -> None:
        parent_id = item.meta.get("_menu_item_menu_item_parent", "0").strip()
        row, parent = made.get(item.wp_id), made.get(parent_id)
        if row is None or parent_id in ("", "0"):
            return
        while parent is not None and parent.parent_id is not None:
            parent = parent.parent  # deeper in WordPress: one level here
        if parent is not None:
            row.parent = parent
            row.save(update_fields=["parent"])

    def _on_this_site(self, url: str) -> str | None:
        """A custom link to another address of the old site, as an address here ("/shop/"):
        the old host may be gone, and the old-address table answers what moved."""
        if not url.startswith(("http://", "https://")) or not self._is_internal(url):
            return None
        parts = urlsplit(url)
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path

    def _linked_row(self, kind: str, wp_id: str) -> Post | Page | None:
        mapping = self._mapping(kind, wp_id)
        model = Post if kind == WordPressItem.Kind.POST else Page
        return model.objects.filter(pk=mapping.object_id).first() if mapping else None

    def _linked_category(self, term_id: str, title: str) -> Category | None:
        """A category item names its term by WordPress's id (<wp:term_id>); exports without
        it are matched by the item's title."""
        if slug := self.category_term_ids.get(term_id):
            return self.terms.get(("category", slug))
        for (taxonomy, _), term in self.terms.items():
            if taxonomy == "category" and title and term.name == title:
                return term
        return None


# Page addresses that would be shadowed by the blog's own routes.
RESERVED_PAGE_SLUGS = {"admin", "category", "tag", "author", "preview", "media", "static"}
