from django.contrib import admin

from wordpress.models import WordPressItem


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
