from django.contrib import admin

from wordpress.models import UploadedFile, WordPressItem


@admin.register(WordPressItem)
class WordPressItemAdmin(admin.ModelAdmin):
    """What each imported row was in WordPress; written by import_wordpress only."""

    list_display = ["kind", "key", "guid", "content_type", "object_id", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["key", "guid"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UploadedFile)
class UploadedFileAdmin(admin.ModelAdmin):
    """Documents, sounds and films an import brought over; posts link to them."""

    list_display = ["title", "file", "uploaded_at"]
    search_fields = ["title", "file"]
    date_hierarchy = "uploaded_at"

    def has_add_permission(self, request) -> bool:
        return False
