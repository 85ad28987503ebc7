from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from blog import editor, revisions
from blog.conf import app_settings
from blog.forms import ImageForm, PostEditorForm
from blog.models import Blog, Category, Image, Menu, MenuItem, Page, Post, Tag
from blog.services import image_delete, image_renditions_rebuild, image_save


@admin.register(Blog)
class BlogAdmin(admin.ModelAdmin):
    list_display = ["name", "tagline"]

    def has_add_permission(self, request) -> bool:
        # One row: the blog's identity.
        return not Blog.objects.exists() and super().has_add_permission(request)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "address"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    ordering = ["path"]

    @admin.display(description=_("Address"), ordering="path")
    def address(self, category: Category) -> str:
        return category.get_absolute_url()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


def _image_preview(image: Image, *, max_size: int) -> str:
    if not image.pk or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;width:auto;height:auto">',
        image.picture.thumbnail,
        max_size,
        max_size,
    )


def _markdown_snippet(image: Image) -> str:
    if not image.pk:
        return _("Save to get the Markdown that shows this image in a post.")
    return format_html(
        '<code style="user-select:all">{}</code><br><small>{}</small>',
        image.markdown,
        _("Paste this on a line of its own in a post's body for a figure with caption and credit."),
    )


class ImageSavingMixin:
    """Every image the admin saves or deletes goes through blog.services."""

    def save_model(self, request, obj, form, change) -> None:
        upload = form.cleaned_data.get("file") if "file" in form.changed_data else None
        image_save(image=obj, upload=upload)

    def delete_model(self, request, obj) -> None:
        image_delete(image=obj)

    def delete_queryset(self, request, queryset) -> None:
        for image in queryset:
            image_delete(image=image)


@admin.register(Image)
class ImageAdmin(ImageSavingMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "post", "uploaded_at"]
    list_display_links = ["thumbnail", "alt_text"]
    list_select_related = ["post"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "uploaded_at"
    autocomplete_fields = ["post"]
    readonly_fields = ["preview", "markdown_snippet", "rendition_list", "width", "height"]
    fields = [
        "preview",
        "file",
        "alt_text",
        "caption",
        "credit",
        "post",
        "markdown_snippet",
        "rendition_list",
        ("width", "height"),
    ]
    actions = ["make_renditions"]

    @admin.display(description=_("Image"))
    def thumbnail(self, image: Image) -> str:
        return _image_preview(image, max_size=96)

    @admin.display(description=_("Preview"))
    def preview(self, image: Image) -> str:
        return _image_preview(image, max_size=480)

    @admin.display(description=_("In a post"))
    def markdown_snippet(self, image: Image) -> str:
        return _markdown_snippet(image)

    @admin.display(description=_("Renditions"))
    def rendition_list(self, image: Image) -> str:
        sources = (image.renditions or {}).get("sources") or []
        if not sources:
            return _("None yet: they are made when an image is uploaded.")
        rows = [
            (
                image.file.storage.url(source["name"]),
                source["format"],
                source["width"],
                source["height"],
            )
            for source in sources
        ]
        og = image.og_image()
        rows.append((og["url"], "Open Graph JPEG", og["width"], og["height"]))
        return format_html(
            "<ul style='margin:0'>{}</ul>",
            format_html_join("", '<li><a href="{}">{} {}x{}</a></li>', rows),
        )

    @admin.action(description=_("Make the renditions of the selected images again"))
    def make_renditions(self, request, queryset) -> None:
        count = 0
        for image in queryset:
            image_renditions_rebuild(image=image)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Renditions made again for %(count)s image.",
                "Renditions made again for %(count)s images.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class ImageInline(admin.StackedInline):
    """Upload images with the post; their Markdown appears here once saved."""

    model = Image
    form = ImageForm
    fk_name = "post"
    extra = 1
    fields = ["preview", "file", "alt_text", "caption", "credit", "markdown_snippet"]
    readonly_fields = ["preview", "markdown_snippet"]
    verbose_name = "image uploaded with this post"
    verbose_name_plural = "images uploaded with this post"

    @admin.display(description=_("Preview"))
    def preview(self, image: Image) -> str:
        return _image_preview(image, max_size=240)

    @admin.display(description=_("In the body"))
    def markdown_snippet(self, image: Image) -> str:
        return _markdown_snippet(image)


# The button the author pressed (the editor's submit row) and the status it gives the post.
ACTION_STATUS = {
    "draft": Post.Status.DRAFT,
    "publish": Post.Status.PUBLISHED,
    "update": Post.Status.PUBLISHED,
}


def _stay_in_editor(request) -> None:
    """The author's buttons keep them in the editor, as WordPress does ("Save and continue")."""
    if request.POST.get("_action") in ACTION_STATUS and "_continue" not in request.POST:
        request.POST = request.POST.copy()
        request.POST["_continue"] = "1"


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostEditorForm
    list_display = ["title", "state", "author", "sticky", "view_link"]
    list_filter = ["status", "sticky", "format", "categories", "author"]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["featured_image_preview", "created_at", "updated_at"]
    list_select_related = ["author"]
    inlines = [ImageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt", "format"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "featured_image_preview"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "published_at",
                    "author",
                    "sticky",
                    "allow_comments",
                    "password",
                ]
            },
        ),
        (_("Filing"), {"fields": ["categories", "tags"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Image:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # sets the post on new images; lists the deleted ones
        for image in formset.deleted_objects:
            image_delete(image=image)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            changed = inline_form.changed_data
            upload = inline_form.cleaned_data.get("file") if "file" in changed else None
            image_save(image=inline_form.instance, upload=upload)
        return None

    def get_urls(self):
        def staff(view, **kwargs):
            return self.admin_site.admin_view(view, **kwargs)

        def revision_list(request, post_id):
            return editor.revision_list(request, post_id, self.admin_site.each_context(request))

        return [
            path("preview/", staff(editor.preview_fragment), name="blog_post_preview_fragment"),
            path("preview-page/", staff(editor.preview_page), name="blog_post_preview_page"),
            path("upload-image/", staff(editor.image_upload), name="blog_post_image_upload"),
            path("<int:post_id>/autosave/", staff(editor.autosave), name="blog_post_autosave"),
            path("<int:post_id>/revisions/", staff(revision_list), name="blog_post_revisions"),
            path(
                "<int:post_id>/revisions/<int:revision_id>/restore/",
                staff(editor.revision_restore),
                name="blog_post_revision_restore",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        post = self.get_object(request, object_id) if object_id else None
        autosave = None
        if post is not None:
            found = post.revisions.filter(is_autosave=True, author=request.user).first()
            if found and found.created_at > post.updated_at:
                local = timezone.localtime(found.created_at)
                autosave = {
                    "title": found.title,
                    "excerpt": found.excerpt,
                    "body": found.body,
                    "saved_at": local.isoformat(),
                    "label": f"{local:%H:%M}",
                }
        context = {
            "autosave_seconds": app_settings.BLOG_AUTOSAVE_SECONDS,
            "server_autosave": autosave,
            "is_published": post is not None and post.status == Post.Status.PUBLISHED,
            # "Publish" says "Schedule" while the chosen time is still to come.
            "is_scheduled": bool(post and post.published_at and post.published_at > timezone.now()),
            **(extra_context or {}),
        }
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change) -> None:
        action = request.POST.get("_action")
        if action in ACTION_STATUS:
            obj.status = ACTION_STATUS[action]
        elif request.POST.get("status") in Post.Status.values:  # a script posting the field
            obj.status = request.POST["status"]
        super().save_model(request, obj, form, change)
        revisions.revision_record(post=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        _stay_in_editor(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        _stay_in_editor(request)
        return super().response_change(request, obj)

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("Featured image"))
    def featured_image_preview(self, post: Post) -> str:
        image = post.featured_image
        if image is None:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:320px"><br>{}',
            image.picture.thumbnail,
            image.alt_text,
            image.credit,
        )

    @admin.display(description=_("Status"), ordering="published_at")
    def state(self, post: Post) -> str:
        if getattr(post, "password", ""):
            return _("Password-protected")
        if post.status == Post.Status.DRAFT:
            return pgettext("post status", "Draft")
        if post.is_scheduled:
            when = timezone.localtime(post.published_at)
            return format_html(
                '{} <time datetime="{}">{}</time>',
                pgettext("post status, before its time", "Scheduled:"),
                when.isoformat(),
                f"{when:%Y-%m-%d %H:%M}",
            )
        return pgettext("post status", "Published")

    @admin.display(description=_("On site"))
    def view_link(self, post: Post) -> str:
        label = _("View") if post.is_public else pgettext("post editor button", "Preview")
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), label)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "address", "parent", "is_published", "allow_comments", "menu_order"]
    list_editable = ["menu_order"]
    list_filter = ["is_published", "allow_comments"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    ordering = ["path", "menu_order"]

    @admin.display(description=_("Address"), ordering="path")
    def address(self, page: Page) -> str:
        return page.get_absolute_url()


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    fk_name = "menu"
    extra = 1
    fields = ["order", "title", "page", "category", "post", "url", "parent"]
    autocomplete_fields = ["page", "category", "post"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Top-level items of the menu being edited (one level of nesting).
            menu_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = MenuItem.objects.filter(menu_id=menu_id, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    """A menu and its links, edited on one screen; the chosen one is the site's navigation."""

    list_display = ["name", "is_navigation", "item_count"]
    list_editable = ["is_navigation"]
    inlines = [MenuItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description=_("Items"), ordering="item_total")
    def item_count(self, menu: Menu) -> int:
        return menu.item_total
