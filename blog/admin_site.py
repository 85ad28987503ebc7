"""The admin is the blog's: its name in the header and the tab, and a desk for a landing page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from blog.navigation import get_navigation


class BlogAdminSite(admin.AdminSite):
    index_title = _("Desk")

    def each_context(self, request):
        context = super().each_context(request)
        context["site_header"] = context["site_title"] = get_navigation()["name"]
        return context

    def index(self, request, extra_context=None):
        return super().index(request, {"desk": desk_for(request.user), **(extra_context or {})})


def desk_for(user) -> dict:
    """What the desk shows this user: drafts and scheduled posts to those who may write, the
    comments to those who may moderate."""
    can_write = user.has_perm("blog.change_post")
    desk = {
        "can_write": can_write,
        "can_moderate": user.has_perm("comments.change_comment"),
        "drafts": [],
        "scheduled": [],
    }
    if can_write:
        listed = Post.objects.only("title", "updated_at", "published_at", "status")
        desk["drafts"] = list(listed.filter(status=Post.Status.DRAFT).order_by("-updated_at")[:10])
        desk["scheduled"] = list(listed.scheduled().order_by("published_at")[:10])
    return desk
