import copy
import datetime
import re
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from blog import protection
from blog.conf import app_settings
from blog.forms import PostPasswordForm
from blog.models import Blog, Category, Page, Post, Tag
from blog.search import SearchTerms, search_posts, snippet
from core import cache as kept
from core.csrf import same_origin_post
from core.digits import in_digits
from core.ratelimit import ratelimit, setting_rate


def with_comment_counts(posts):
    """Each post with ``comment_count``: its approved comments (not pingbacks), counted in the
    listing's own query (a subquery through the reverse relation ``comments``: blog imports no
    comments code), so a list costs no extra query per post."""
    relation = Post._meta.get_field("comments")
    counted = (
        relation.related_model._default_manager.filter(
            post=OuterRef("pk"), status="approved", kind="comment"
        )
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return posts.annotate(comment_count=Coalesce(Subquery(counted), 0))


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("blog.view_post")


class KeptCountPaginator(Paginator):
    """A list's number of posts, kept in the cache's generation under the list's address.

    Publishing, scheduling, changing or removing a post starts a new generation, and the
    template keeps the posts themselves (``{% kept "post-list" %}``), so a page of a list that the
    cache holds asks the database nothing."""

    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    @cached_property
    def count(self) -> int:
        return kept.kept("post-count", lambda: self.object_list.count(), self.address)


class PostListMixin:
    """What every list of posts shares: published posts only, paginated, one template."""

    model = Post
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    heading = ""

    def get_paginator(self, queryset, per_page, **kwargs) -> KeptCountPaginator:
        return KeptCountPaginator(queryset, per_page, address=self.request.path, **kwargs)

    def get_queryset(self):
        return with_comment_counts(Post.objects.published().for_listing())

    def get_paginate_by(self, queryset) -> int:
        return app_settings.BLOG_POSTS_PER_PAGE

    def get_heading(self) -> str:
        return self.heading

    def get_description(self) -> str:
        return ""

    def get_feeds(self) -> list[dict]:
        """Feeds of this list besides the site's, for the head's autodiscovery links."""
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.get_heading(),
            description=self.get_description(),
            feeds=self.get_feeds(),
            **kwargs,
        )


class HomeView(PostListMixin, ListView):
    def get_queryset(self):
        return super().get_queryset().order_by("-sticky", "-published_at", "-pk")


def found_at_path(rows, path: str):
    """The page or category a nested address names: by its own (last) slug, which is unique,
    so an old flat address (/team/) or a moved one still finds it; 404 when there is none."""
    return get_object_or_404(rows, slug=path.rsplit("/", 1)[-1])


def to_its_address(request, row):
    """One permanent redirect to where ``row`` lives now, keeping the query (?page=2)."""
    url = row.get_absolute_url()
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return redirect(url, permanent=True)


def breadcrumbs(row) -> list[dict]:
    """The trail above a nested page or category, from the top (one query; none at the top)."""
    return [
        {
            "title": str(above),
            "url": above.get_absolute_url() if getattr(above, "is_published", True) else "",
        }
        for above in row.ancestors()
    ]


class CategoryView(PostListMixin, ListView):
    def get(self, request, *args, **kwargs):
        self.category = found_at_path(Category.objects.all(), kwargs["slug"])
        if self.category.path != kwargs["slug"]:
            return to_its_address(request, self.category)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # A semi-join (IN) rather than a join made unique with DISTINCT: DISTINCT compared whole
        # rows, bodies included, and counting a category of 10,000 posts took 0.2 s that way.
        # A parent's archive lists the posts of every category under it, at any depth.
        filed_here = Post.categories.through.objects.filter(
            Q(category=self.category) | Q(category__path__startswith=f"{self.category.path}/")
        ).values("post_id")
        return super().get_queryset().filter(pk__in=filed_here)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=breadcrumbs(self.category), heading_name=self.category.name, **kwargs
        )

    def get_heading(self) -> str:
        return f"Category: {self.category.name}"

    def get_description(self) -> str:
        return self.category.description

    def get_feeds(self) -> list[dict]:
        slug = self.category.slug
        return [
            {
                "title": self.category.name,
                "rss": reverse("blog:category-feed", args=[slug]),
                "atom": reverse("blog:category-feed-atom", args=[slug]),
            }
        ]


class TagView(PostListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self) -> str:
        return f"Tag: {self.tag.name}"

    def get_feeds(self) -> list[dict]:
        slug = self.tag.slug
        return [
            {
                "title": self.tag.name,
                "rss": reverse("blog:tag-feed", args=[slug]),
                "atom": reverse("blog:tag-feed-atom", args=[slug]),
            }
        ]


class AuthorView(PostListMixin, ListView):
    def get_queryset(self):
        # Only accounts with a published post have a page: the same 404 for any other account
        # as for an unknown name, so the address cannot be used to list the site's accounts.
        self.author = get_object_or_404(
            get_user_model(),
            username=self.kwargs["username"],
            pk__in=Post.objects.published().values("author"),
        )
        return super().get_queryset().filter(author=self.author)

    def get_heading(self) -> str:
        return f"Author: {self.author.get_display_name()}"


class YearArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        return super().get_queryset().filter(published_at__year=self.kwargs["year"])

    def get_heading(self) -> str:
        return f"Year: {in_digits(str(self.kwargs['year']))}"


class MonthArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        if not 1 <= self.kwargs["month"] <= 12:
            raise Http404("No such month.")
        return (
            super()
            .get_queryset()
            .filter(
                published_at__year=self.kwargs["year"], published_at__month=self.kwargs["month"]
            )
        )

    def get_heading(self) -> str:
        month = datetime.date(self.kwargs["year"], self.kwargs["month"], 1)
        return f"Month: {in_digits(date_format(month, 'YEAR_MONTH_FORMAT'))}"


class DayArchiveView(PostListMixin, ListView):
    """WordPress's day archive, /YYYY/MM/DD/: the posts published that day (site time)."""

    def get_queryset(self):
        self.day = archive_day(self.kwargs)
        return super().get_queryset().filter(published_at__date=self.day)

    def get_heading(self) -> str:
        return f"Day: {in_digits(date_format(self.day, 'DATE_FORMAT'))}"


def archive_day(kwargs) -> datetime.date:
    try:
        return datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])
    except ValueError:
        raise Http404("No such day.") from None


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the icon."""
    return redirect(static("img/favicon.svg"))  # not permanent: the address has a hash


@method_decorator(
    ratelimit(
        "search",
        setting_rate("RATELIMIT_SEARCH", "30/m"),
        methods=("GET", "HEAD"),
        message="You have searched many times in a short while. Please wait a moment.",
    ),
    name="dispatch",
)
class SearchView(ListView):
    """Published posts matching ``?q=``, best first, each with a highlighted snippet (at most
    RATELIMIT_SEARCH searches per client address)."""

    template_name = "blog/search.html"
    context_object_name = "posts"

    def get_paginate_by(self, queryset) -> int:
        return app_settings.BLOG_SEARCH_PER_PAGE

    def get_queryset(self):
        self.terms = SearchTerms.parse(self.request.GET.get("q", ""))
        return with_comment_counts(search_posts(self.terms))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.terms.text,
            terms=self.terms,
            search_max_length=app_settings.BLOG_SEARCH_MAX_LENGTH,
            **kwargs,
        )
        for post in context["posts"]:
            post.snippet = snippet(post, self.terms)
        return context


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('blog:sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


PRIVATE_CACHE_CONTROL = "private, no-cache, no-store, must-revalidate"


@method_decorator(same_origin_post, name="dispatch")  # the password form is on a cached page
@method_decorator(
    ratelimit(
        "postpass",
        setting_rate("RATELIMIT_POST_PASSWORD", "10/m"),
        message="You have tried many passwords in a short while. Please wait a moment.",
    ),
    name="post",
)
class PostDetailView(DetailView):
    """A post at its permalink (page N of a post split with <!--nextpage--> at ``…/slug/N/``).
    Staff may also see drafts and scheduled posts there. A password-protected post shows its
    password form until the reader gives the password (POST to the same address)."""

    template_name = "blog/post_detail.html"
    context_object_name = "post"
    #: The kept article of this address and its key (core.cache); previews have none.
    article_key = None
    article = None
    form = None
    #: Left out of the kept post: its texts are in the rendered article, and the rest of the page
    #: never reads them (were it to, Django would load them, as for any deferred field).
    LEFT_OUT_OF_KEPT = ("body", "body_html")

    def get_queryset(self):
        # Categories and tags are fetched only when the article is rendered (get_context_data).
        return Post.objects.select_related("author", "featured_image").published()

    def get_object(self, queryset=None):
        """A published post for everyone; a draft or scheduled one only for staff who may
        preview (asked only then, so staff reading the blog pay no permission queries)."""
        try:
            return super().get_object(queryset)
        except Http404:
            if not (self.request.user.is_staff and can_preview(self.request.user)):
                raise
            return super().get_object(Post.objects.select_related("author", "featured_image"))

    @property
    def page_number(self) -> int:
        return self.kwargs.get("page", 1)

    def get(self, request, *args, **kwargs):
        # A public post's article is kept with the post itself: a reader of a kept article costs
        # no query for the post.
        self.article_key = kept.key("article", request.path)
        self.article = kept.get(self.article_key)
        if self.article is not None:
            self.object = self.article["post"]
            return self.rendered(self.get_context_data(object=self.object))
        self.object = self.get_object()
        pages = len(self.object.body_pages)
        if self.page_number > pages:
            raise Http404("The post has no such page.")
        if unquote(post_page_url(self.object, self.page_number)) != request.path:
            # The date in the address is wrong (or the post was re-dated), the address is in
            # another permalink structure, or it is ".../1/".
            where = post_page_url(self.object, self.page_number)
            return redirect(where, permanent=self.object.is_public)
        response = self.rendered(self.get_context_data(object=self.object))
        if not self.object.is_public or self.object.password:
            response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

    def post(self, request, *args, **kwargs):
        """The password form: the right password unlocks the post for 10 days."""
        self.object = self.get_object()
        if not self.object.password:
            return redirect(post_page_url(self.object, 1))
        self.form = PostPasswordForm(request.POST, post=self.object)
        if not self.form.is_valid():
            response = self.render_to_response(
                self.get_context_data(object=self.object), status=403
            )
            response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
            return response
        response = redirect(post_page_url(self.object, self.page_number))
        protection.unlock(response, request, self.object)
        return response

    def rendered(self, context):
        """The page, rendered now: what it shows may set its status (``request.page_status``,
        e.g. 400 when the comment section shows a form sent back with errors)."""
        response = self.render_to_response(context)
        response.render()
        response.status_code = getattr(self.request, "page_status", response.status_code)
        return response

    def get_context_data(self, **kwargs):
        post = self.object
        context = super().get_context_data(**kwargs)
        locked = protection.password_required(self.request, post)
        context["locked"] = locked
        # The article (head metadata, body, byline, tags, related posts, previous/next) is the
        # same for every reader of a public post: rendered once per generation (core.cache).
        if self.article is None:
            prefetch_related_objects([post], "categories", "tags")
            if post.published_at is not None:
                context["previous_post"], context["next_post"] = neighbours(post)
            if locked:
                context["password_form"] = self.form or PostPasswordForm(post=post)
            else:
                context.update(body_page_context(post, self.page_number))
            head = render_to_string("blog/post_head.html", context, self.request)
            article = render_to_string("blog/post_article.html", context, self.request)
            if post.is_public and not post.password and self.article_key:
                self.keep_article(post, head=head, article=article)
        else:
            head, article = self.article["head"], self.article["article"]
        context["article_head_html"] = mark_safe(head)  # noqa: S308 (our templates)
        context["article_html"] = mark_safe(article)  # noqa: S308
        return context

    def keep_article(self, post: Post, *, head: str, article: str) -> None:
        """Only public posts at their own address: never drafts, scheduled posts or previews."""
        post = copy.copy(post)
        for name in self.LEFT_OUT_OF_KEPT:
            post.__dict__.pop(name, None)
        kept.put(self.article_key, {"post": post, "head": head, "article": article})


def post_page_url(post: Post, number: int) -> str:
    """The address of page ``number`` of a post (page 1 is the post's own address)."""
    url = post.get_absolute_url()
    return url if number <= 1 or post.published_at is None else f"{url}{number}/"


def body_page_context(post: Post, number: int) -> dict:
    """Page ``number`` of the body, and the links to every page, as WordPress shows them."""
    pages = post.body_pages
    number = min(max(number, 1), len(pages))
    links = [
        {"number": index, "url": post_page_url(post, index), "current": index == number}
        for index in range(1, len(pages) + 1)
    ]
    return {
        "body_page_html": mark_safe(pages[number - 1]),  # noqa: S308 (sanitized on save)
        "body_page_links": links,
        "canonical_path": post_page_url(post, number),
    }


def neighbours(post: Post) -> tuple[Post | None, Post | None]:
    """The published posts just before and just after ``post``, in one query (two indexed
    subqueries), so the post page stays within its query budget."""
    published = Post.objects.published()
    earlier = published.filter(published_at__lt=post.published_at).order_by("-published_at", "-pk")
    later = published.filter(published_at__gt=post.published_at).order_by("published_at", "pk")
    found = (
        published.filter(
            Q(pk=Subquery(earlier.values("pk")[:1])) | Q(pk=Subquery(later.values("pk")[:1]))
        )
        .only("title", "slug", "published_at")
        .order_by()
    )  # two rows: told apart below, not sorted
    previous = next_ = None
    for other in found:
        if other.published_at < post.published_at:
            previous = other
        else:
            next_ = other
    return previous, next_


@method_decorator(never_cache, name="dispatch")
class PostPreviewView(PostDetailView):
    """A draft that has no date yet, for staff only; everyone else gets a plain 404."""

    def get_queryset(self):
        if not can_preview(self.request.user):
            raise Http404("No such post.")
        return Post.objects.select_related("author", "featured_image").prefetch_related(
            "categories", "tags"
        )

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return self.render_to_response(self.get_context_data(object=self.object))


class PageDetailView(DetailView):
    """A page at its nested address (/about/team/); any other address of it redirects there."""

    template_name = "blog/page_detail.html"
    context_object_name = "page"

    def get(self, request, *args, **kwargs):
        self.object = found_at_path(Page.objects.published(), kwargs["slug"])
        if self.object.path != kwargs["slug"]:
            return to_its_address(request, self.object)
        # Rendered now, as a post is: the comment section may set the status (a form with
        # errors sent back is a 400).
        response = self.render_to_response(self.get_context_data(object=self.object))
        response.render()
        response.status_code = getattr(request, "page_status", response.status_code)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=breadcrumbs(self.object),
            subpages=self.object.children.published().only("title", "slug", "path"),
            **kwargs,
        )


def at_path(request, slug: str, categories: str = ""):
    """Every address made of slugs alone: a page (``/about/``, ``/about/team/``), or a post
    under the ``/%postname%/`` and ``/%category%/%postname%/`` structures (and their page N,
    ``…/slug/2/``). Which row answers is decided in this order, the same for every request:

    Where the blog's structure puts posts at such an address (one segment under
    ``/%postname%/``; two or more under ``/%category%/%postname%/``):

    1. the post whose own address this is (a post and a page sharing a slug: the post wins,
       as the structure gives the address to posts);
    2. else the page whose address this is (``/about/team/``);
    3. else a post of that slug elsewhere (a wrong or old category): one 301 to it;
    4. else a page of that last slug elsewhere (an old flat address): one 301 to it.

    Under the dated structures (and for addresses the structure does not give to posts):

    1. the page whose address this is;
    2. else a page of that last slug (``/team/`` for ``/about/team/``): one 301 to it;
    3. else a post of that slug (an old ``/%postname%/`` link): one 301 to its dated address.

    Nothing found is a 404, which the old-address table (``wordpress.middleware``) may still
    answer."""
    path = f"{categories}/{slug}" if categories else slug
    segments = path.split("/")
    post_kwargs = {"slug": segments[-1]}
    named_with_digits = None
    if len(segments) > 1 and re.fullmatch(r"[0-9]{1,4}", segments[-1]):  # not "¹": int() fails
        # Page N of a post; else (below) a post whose slug is those digits (``/news/2/``).
        named_with_digits = {"slug": segments[-1]}
        post_kwargs = {"slug": segments[-2], "page": int(segments[-1])}
        segments = segments[:-1]
    structure = Blog.current().permalink_structure
    posts_here = (structure == Blog.Permalinks.NAME and len(segments) == 1) or (
        structure == Blog.Permalinks.CATEGORY and len(segments) > 1
    )
    if posts_here:
        post = _answer(PostDetailView, request, **post_kwargs)
        if post is not None and not _elsewhere(post, request):
            return post
        page = _answer(PageDetailView, request, slug=path)
        if page is not None and not _elsewhere(page, request):
            return page
        found = post or page
    else:
        found = _answer(PageDetailView, request, slug=path) or _answer(
            PostDetailView, request, **post_kwargs
        )
    if found is None and named_with_digits is not None:
        found = _answer(PostDetailView, request, **named_with_digits)
    if found is None:
        raise Http404("Nothing is at this address.")
    return found


def _answer(view, request, **kwargs):
    """The view's response, or None when it has nothing at this address (a 404)."""
    try:
        return view.as_view()(request, **kwargs)
    except Http404:
        return None


def _elsewhere(response, request) -> bool:
    """Whether the view found its row but at another address (it answered with a redirect)."""
    if response.status_code not in (301, 302):
        return False
    return unquote(response["Location"]).split("?", 1)[0] != request.path
