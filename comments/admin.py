from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import services
from comments.models import Ban, Comment, CommentLike, DiscussionSettings, PostLike, Reaction

#: What the admin says after each bulk action, for a count of comments.
DONE = {
    "approve": lambda n: ngettext("%(count)s comment approved.", "%(count)s comments approved.", n),
    "unapprove": lambda n: ngettext(
        "%(count)s comment sent back to moderation.",
        "%(count)s comments sent back to moderation.",
        n,
    ),
    "spam": lambda n: ngettext(
        "%(count)s comment marked as spam.", "%(count)s comments marked as spam.", n
    ),
    "remove": lambda n: ngettext("%(count)s comment removed.", "%(count)s comments removed.", n),
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "author", "on", "status", "created_at", "ip_address", "on_site"]
    list_filter = ["status", "kind", ("post", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["body", "author_name", "author_email", "author_url", "ip_address",
                     "user__username", "user__email", "post__title", "page__title"]  # fmt: skip
    date_hierarchy = "created_at"
    list_select_related = ["post", "page", "user"]
    list_per_page = 50
    actions = ["approve", "unapprove", "mark_spam", "remove"]
    raw_id_fields = ["post", "page", "parent", "user"]
    readonly_fields = ["status", "kind", "written_at", "set_aside_because", "on_site",
                       "created_at", "edited_at", "ip_address", "user_agent"]  # fmt: skip
    fields = ["post", "page", "parent", "user", "kind", "written_at", "author_name",
              "author_handle", "author_email", "author_url", "body", "status",
              "set_aside_because", "on_site", "created_at", "edited_at", "ip_address",
              "user_agent"]  # fmt: skip

    @admin.display(description=_("On"))
    def on(self, comment: Comment):
        """The post or the page commented on."""
        return comment.target

    @admin.display(description=_("Comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("Author"), ordering="author_name")
    def author(self, comment: Comment) -> str:
        if comment.email:
            return format_html("{}<br><small>{}</small>", comment.display_name, comment.email)
        return comment.display_name

    @admin.display(description=_("Moderation rule"))
    def set_aside_because(self, comment: Comment) -> str:
        return comment.moderation_rule_label or "—"

    @admin.display(description=_("Written at"))
    def written_at(self, comment: Comment) -> str:
        """Where a reply from elsewhere was written (a webmention's source, a Fediverse note)."""
        if not comment.original_url:
            return "—"
        return format_html('<a href="{0}" rel="noopener noreferrer">{0}</a>', comment.original_url)

    @admin.display(description=_("On site"))
    def on_site(self, comment: Comment) -> str:
        if not comment.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), _("View on site"))

    def has_add_permission(self, request) -> bool:
        return False  # comments come from readers, through the form

    def _moderate(self, request, queryset, action: str) -> None:
        count = services.comments_moderate(
            comments=queryset.select_related("post", "page"), action=action, by=request.user
        )
        self.message_user(request, DONE[action](count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset) -> None:
        self._moderate(request, queryset, "approve")

    @admin.action(description=_("Unapprove selected comments"), permissions=["change"])
    def unapprove(self, request, queryset) -> None:
        self._moderate(request, queryset, "unapprove")

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset) -> None:
        self._moderate(request, queryset, "spam")

    @admin.action(description=_("Remove selected comments"), permissions=["change"])
    def remove(self, request, queryset) -> None:
        self._moderate(request, queryset, "remove")


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    """Bans are made from a comment (the site's Ban form); here they are listed and lifted."""

    list_display = ["__str__", "kind", "created_by", "created_at", "reason"]
    list_filter = ["kind"]
    search_fields = ["value", "reason", "user__username", "user__email"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "created_by"]
    readonly_fields = ["kind", "value", "user", "comment", "created_by", "created_at"]
    fields = ["kind", "value", "user", "comment", "reason", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # from a comment, so what is banned is what wrote it

    def delete_model(self, request, obj: Ban) -> None:
        services.ban_remove(ban=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for ban in queryset:
            services.ban_remove(ban=ban, by=request.user)


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """One row, like WordPress's Settings → Discussion: the list goes straight to its form."""

    fieldsets = [
        (_("Threads"), {"fields": ["max_depth", "per_page", "order", "close_after_days"]}),
        (_("Before a comment appears"),
         {"fields": ["require_name_email", "hold_all", "trust_approved_authors",
                    "trust_remote_replies"]}),
        (_("Comment moderation"), {"fields": ["hold_links", "hold_words"]}),
        (_("Disallowed comment keys"),
         {"fields": ["blocked_words", "blocked_emails", "blocked_ips"]}),
    ]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return not DiscussionSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        row = DiscussionSettings.objects.order_by("pk").first()
        if row is not None:
            return redirect(reverse("admin:comments_discussionsettings_change", args=[row.pk]))
        if self.has_add_permission(request):
            return redirect(reverse("admin:comments_discussionsettings_add"))
        return super().changelist_view(request, extra_context)


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    """Likes and reposts from elsewhere: listed and removable, never typed in."""

    list_display = ["__str__", "kind", "origin", "post", "created_at"]
    list_filter = ["kind", "origin"]
    search_fields = ["author_name", "author_url", "remote_id", "post__title"]
    list_select_related = ["post"]
    raw_id_fields = ["post"]
    readonly_fields = ["post", "kind", "origin", "remote_id", "author_name", "author_url",
                       "author_photo", "created_at"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        services.reaction_remove(remote_id=obj.remote_id, post=obj.post)

    def delete_queryset(self, request, queryset) -> None:
        for reaction in queryset.select_related("post"):
            services.reaction_remove(remote_id=reaction.remote_id, post=reaction.post)


class LikeAdmin(admin.ModelAdmin):
    """Who liked what, for moderators: by account (username), never an e-mail or address; a
    reader without an account is one anonymous browser. Likes change only through their
    buttons (comments.likes keeps the counts), so here they are only read. (Likes from other
    sites are Reactions, above.)"""

    list_display = ["liked", "liker", "created_at"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"
    fields = ["liked", "liker", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("Who"))
    def liker(self, like) -> str:
        return like.liker

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CommentLike)
class CommentLikeAdmin(LikeAdmin):
    list_select_related = ["comment", "user"]
    list_filter = [("comment__post", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "comment__body"]

    @admin.display(description=_("Comment"))
    def liked(self, like: CommentLike) -> str:
        return format_html(
            '<a href="{}">{}</a>', like.get_absolute_url(), Truncator(like.comment.body).chars(60)
        )


@admin.register(PostLike)
class PostLikeAdmin(LikeAdmin):
    list_select_related = ["post", "user"]
    search_fields = ["user__username", "post__title"]

    @admin.display(description=_("Post"))
    def liked(self, like: PostLike) -> str:
        return format_html('<a href="{}">{}</a>', like.get_absolute_url(), like.post.title)
