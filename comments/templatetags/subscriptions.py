"""The subscribe forms that other templates place: the footer's and the post page's."""

from django import template

from comments.subscription_forms import FollowUpSubscribeForm, NewPostsSubscribeForm

register = template.Library()


@register.inclusion_tag("comments/subscriptions/newposts_form.html", takes_context=True)
def newposts_subscribe_form(context) -> dict:
    """ "Notify me of new posts by email", for the footer of every page (no query)."""
    request = context.get("request")
    return {
        "form": NewPostsSubscribeForm(auto_id="newposts_%s"),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request else "",
    }


@register.inclusion_tag("comments/subscriptions/followup_form.html", takes_context=True)
def followup_subscribe_form(context, post) -> dict:
    """Follow a post's comments without writing one (no query)."""
    return {
        "form": FollowUpSubscribeForm(auto_id="followup_%s"),
        "csrf_token": context.get("csrf_token"),
        "post": post,
    }
