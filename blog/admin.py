from django.contrib import admin
from django.utils.html import format_html

from blog.models import Blog, Category, Image, Page, Post, Tag, WordPressItem


@admin.register(Blog)
class BlogAdmin(admin.ModelAdmin):
    list_display = ["name", "tagline"]

    def has_add_permission(self, request) -> bool:
        # One row: the blog's identity.
        return not Blog.objects.exists() and super().has_add_permission(request)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "uploaded_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height"]

    @admin.display(description="Image")
    def thumbnail(self, image: Image) -> str:
        return format_html('<img src="{}" alt="" style="max-height:48px">', image.file.url)

    @admin.display(description="Preview")
    def preview(self, image: Image) -> str:
        if not image.file:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px">', image.file.url)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author", "sticky", "view_link"]
    list_filter = ["status", "sticky", "categories", "author"]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "tags", "featured_image"]
    readonly_fields = ["featured_image_preview", "preview_link", "created_at", "updated_at"]
    list_select_related = ["author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt"]}),
        (
            "Featured image",
            {"fields": ["featured_image", "featured_image_preview"]},
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "author",
                    "sticky",
                    "allow_comments",
                    "preview_link",
                ]
            },
        ),
        ("Filing", {"fields": ["categories", "tags"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="Featured image")
    def featured_image_preview(self, post: Post) -> str:
        image = post.featured_image
        if image is None:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:320px"><br>{}',
            image.file.url,
            image.alt_text,
            image.credit,
        )

    @admin.display(description="Preview")
    def preview_link(self, post: Post) -> str:
        if not post.pk:
            return "Save the post to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview this post</a>',
            post.get_absolute_url(),
        )

    @admin.display(description="On site")
    def view_link(self, post: Post) -> str:
        label = "View" if post.is_public else "Preview"
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), label)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "menu_order"]
    list_editable = ["menu_order"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


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
