from django import template

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, post) -> dict:
    """The comment section under a post: the count, the thread and the form."""
    return {"post": post, "request": context.get("request")}


@register.inclusion_tag("comments/pings.html")
def ping_list(post) -> dict:
    """Pingbacks and trackbacks (other sites that linked here), listed apart from the thread."""
    pings = Comment.objects.for_post(post).approved().pings().order_by("created_at", "pk")
    return {"pings": list(pings)}
