"""The subscribe forms that other templates place: the footer's and the post page's."""

import functools

from django import template
from django.utils.safestring import SafeString

from comments.subscription_forms import FollowUpSubscribeForm, NewPostsSubscribeForm

register = template.Library()


@register.inclusion_tag("comments/subscriptions/newposts_form.html", takes_context=True)
def newposts_subscribe_form(context) -> dict:
    """ "Notify me of new posts by email", for the footer of every page (no query)."""
    request = context.get("request")
    return {
        "form": NewPostsSubscribeForm(auto_id="newposts_%s"),
        "email_widget": _newposts_email_widget(),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request else "",
    }


@functools.cache
def _newposts_email_widget() -> SafeString:
    """The footer's e-mail box never changes while the code runs: render its widget template
    once per process, not on every page view (it is on every page)."""
    return NewPostsSubscribeForm(auto_id="newposts_%s")["email"].as_widget()


@register.inclusion_tag("comments/subscriptions/followup_form.html", takes_context=True)
def followup_subscribe_form(context, post) -> dict:
    """Follow a post's comments without writing one (no query)."""
    return {
        "form": FollowUpSubscribeForm(auto_id="followup_%s"),
        "csrf_token": context.get("csrf_token"),
        "post": post,
    }
