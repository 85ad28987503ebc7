"""Tags for what helps readers and machines find posts: sidebar, related posts, head metadata."""

from django import template
from django.utils.safestring import SafeString

from blog import seo, sidebar

register = template.Library()


@register.simple_tag
def sidebar_widgets() -> SafeString:
    """The sidebar: recent posts and comments, categories, monthly archives, a search box."""
    return sidebar.render_sidebar()


@register.inclusion_tag("blog/related_posts.html")
def related_posts(post) -> dict:
    return {"related_posts": sidebar.related_posts(post)}


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The public address of this page; of a list, its page number kept, other parameters not."""
    request = context.get("request")
    if request is None:
        return ""
    url = seo.absolute_url(request.path)
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        url += f"?page={page_obj.number}"
    return url


@register.filter
def absolute(url: str) -> str:
    return seo.absolute_url(url) if url else ""


@register.simple_tag
def post_image_url(post) -> str:
    return seo.post_image_url(post)


@register.simple_tag(takes_context=True)
def post_json_ld(context, post) -> SafeString:
    site = context.get("site") or {}
    return seo.json_ld_script(seo.post_json_ld(post, blog_name=site.get("name", "")))
