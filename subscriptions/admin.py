"""Admin for the e-mail subscriptions (registered from CommentsConfig.ready, kept apart from
the comment admin)."""

from django.contrib import admin

from subscriptions.models import (
    ApprovalNotice,
    EmailOptOut,
    FollowUpSubscription,
    PostAnnouncement,
    PostSubscription,
)


@admin.register(PostSubscription)
class PostSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "confirmed_at"]


@admin.register(FollowUpSubscription)
class FollowUpSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "post", "mode", "created_at", "confirmed_at"]
    list_filter = ["mode", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["post"]
    search_fields = ["email", "post__title"]
    raw_id_fields = ["post"]
    readonly_fields = ["created_at", "confirmed_at"]


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "topic", "created_at"]
    list_filter = ["topic"]
    search_fields = ["email"]


@admin.register(PostAnnouncement)
class PostAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["post", "sent_at", "recipients"]
    list_select_related = ["post"]
    readonly_fields = ["post", "sent_at", "recipients"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ApprovalNotice)
class ApprovalNoticeAdmin(admin.ModelAdmin):
    list_display = ["comment", "sent_at", "recipients"]
    list_select_related = ["comment__user", "comment__post"]
    readonly_fields = ["comment", "sent_at", "recipients"]

    def has_add_permission(self, request) -> bool:
        return False
