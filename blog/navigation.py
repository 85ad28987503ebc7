"""The parts of every page that rarely change (blog name, navigation), kept in the cache's
generation (``core.cache``), so each page spends its query budget on its own content."""

from django.db.models import Count, Q
from django.urls import reverse

from blog.models import Blog, Category, Menu, Page, Post
from core import cache as kept

# Without a menu the header lists the top-level pages and the busiest top-level categories, at
# most this many of each, so it stays a line or two on a phone, not eight rows of links.
FALLBACK_PAGES = 6
FALLBACK_CATEGORIES = 4


def get_navigation() -> dict:
    return kept.kept("navigation", _navigation)


def _navigation() -> dict:
    blog = Blog.current()  # cached itself; forgotten when the row changes
    # [{"title", "url", "children": [...]}]: the chosen menu as it is, else Home and a short
    # default (a WordPress menu has its own Home link when it wants one).
    links = menu_links()
    return {
        "name": blog.name,
        "tagline": blog.tagline,
        # The addresses every page links to, worked out once rather than on each page.
        "home_url": reverse("blog:home"),
        "feed_url": reverse("blog:feed"),
        "atom_url": reverse("blog:feed-atom"),
        "from_menu": bool(links),
        "links": links or fallback_links(),
    }


def menu_links() -> list[dict]:
    """The items of the menu shown as the navigation (one level of nesting), in their order,
    without links to drafts; empty when no menu is chosen. One query for the menu, one for its
    items with what they link to."""
    menu = Menu.objects.filter(is_navigation=True).order_by("pk").first()
    if menu is None:
        return []
    items = menu.items.select_related("page", "category", "post").order_by("order", "pk")
    links: dict[int, dict] = {}
    children: list = []
    for item in items:
        if not item.is_shown:
            continue
        if item.parent_id is None:
            links[item.pk] = {"title": item.label, "url": item.link, "children": []}
        else:
            children.append(item)
    for item in children:
        if item.parent_id in links:
            links[item.parent_id]["children"].append({"title": item.label, "url": item.link})
    return list(links.values())


def fallback_links() -> list[dict]:
    """The top-level pages, then the top-level categories with the most published posts."""
    pages = Page.objects.published().filter(parent__isnull=True)[:FALLBACK_PAGES]
    published = Q(posts__in=Post.objects.published())
    categories = (
        Category.objects.filter(parent__isnull=True)
        .annotate(post_count=Count("posts", filter=published))
        .filter(post_count__gt=0)
        .order_by("-post_count", "name")[:FALLBACK_CATEGORIES]
    )
    return [
        {"title": str(row), "url": row.get_absolute_url(), "children": []}
        for row in [*pages, *categories]
    ]
