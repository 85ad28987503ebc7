"""The subscribe forms that other templates place: the footer's and the post page's."""

import functools

from django import template
from django.urls import reverse

from subscriptions.forms import FollowUpSubscribeForm, NewPostsSubscribeForm

register = template.Library()


@register.inclusion_tag("subscriptions/newposts_form.html", takes_context=True)
def newposts_subscribe_form(context) -> dict:
    """ "Notify me of new posts by email", for the footer of every page (no query)."""
    request = context.get("request")
    return {
        **_newposts_form_parts(),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request else "",
    }


@functools.cache
def _newposts_form_parts() -> dict:
    """The footer form never changes while the code runs, and it is on every page: its parts
    are worked out once per process, not on every page view."""
    email = NewPostsSubscribeForm(auto_id="newposts_%s")["email"]
    return {
        "action": reverse("subscriptions:posts"),
        "email_id": email.id_for_label,
        "email_label": email.label,
        "email_widget": email.as_widget(),
    }


@register.inclusion_tag("subscriptions/followup_form.html", takes_context=True)
def followup_subscribe_form(context, post) -> dict:
    """Follow a post's comments without writing one (no query)."""
    return {
        "form": FollowUpSubscribeForm(auto_id="followup_%s"),
        "csrf_token": context.get("csrf_token"),
        "post": post,
    }
