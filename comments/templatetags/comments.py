from django import template

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, post) -> dict:
    """The comment section under a post: the count, the thread and the form."""
    return {"post": post, "request": context.get("request")}
