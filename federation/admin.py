from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from federation.models import (
    Delivery,
    FediverseBlock,
    FediverseProfile,
    Follower,
    RemoteActor,
    SentWebmention,
)


# --- ActivityPub --------------------------------------------------------------------------------
@admin.register(FediverseProfile)
class FediverseProfileAdmin(admin.ModelAdmin):
    """The handle and picture; the public key shown, the private key never."""

    fields = ["address", "handle", "icon", "public_key_pem"]
    readonly_fields = ["address", "public_key_pem"]

    @admin.display(description=_("followed as"))
    def address(self, row: FediverseProfile) -> str:
        from federation.activitypub import actor

        return actor.address(row) if row.pk else "(saved with the handle below)"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("private_key_pem")

    def has_add_permission(self, request) -> bool:
        return not FediverseProfile.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a new key pair would make every follower's server refuse our deliveries

    def save_model(self, request, obj, form, change) -> None:
        if not obj.private_key_pem:
            from federation.activitypub.actor import profile

            keys = profile()  # made once, with its key pair
            obj.pk, obj.private_key_pem, obj.public_key_pem = (
                keys.pk,
                keys.private_key_pem,
                keys.public_key_pem,
            )
            obj.created_at = keys.created_at
            obj._state.adding = False
        super().save_model(request, obj, form, change)


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    """Who follows the blog from the Fediverse (they follow and unfollow from their server)."""

    list_display = ["account", "name", "server_inbox", "created_at"]
    search_fields = ["actor__handle", "actor__name", "actor__uri"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    @admin.display(description=_("account"), ordering="actor__handle")
    def account(self, follower: Follower) -> str:
        return format_html(
            '<a href="{}" rel="noopener">{}</a>', follower.actor.get_absolute_url(), follower.actor
        )

    @admin.display(description=_("name"), ordering="actor__name")
    def name(self, follower: Follower) -> str:
        return follower.actor.name

    @admin.display(description=_("delivered to"))
    def server_inbox(self, follower: Follower) -> str:
        return follower.actor.delivery_inbox

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What was sent to which server, and how it went (read-only: the delivery task writes it;
    seen by those given "Can view delivery", and superusers)."""

    list_display = ["activity_type", "status", "attempts", "response_status", "last_error",
                    "server_inbox", "sent_object", "created_at"]  # fmt: skip
    list_display_links = ["activity_type"]
    view_on_site = False  # a delivery is seen here only
    list_filter = ["status", "activity_type"]
    search_fields = ["inbox", "object_id", "activity_id", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = ["activity_type", "activity_id", "object_id", "inbox", "status", "attempts",
                       "response_status", "last_error", "created_at", "attempted_at"]  # fmt: skip

    @admin.display(description="object", ordering="object_id")
    def sent_object(self, delivery: Delivery) -> str:
        address = delivery.object_id  # an Accept's object is their Follow's id: theirs
        if not address.startswith(("https://", "http://")):
            return address
        shown = address.split("://", 1)[-1]
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', address, shown)

    @admin.display(description="inbox", ordering="inbox")
    def server_inbox(self, delivery: Delivery) -> str:
        return delivery.inbox.split("://", 1)[-1]  # the scheme says nothing here; room for more

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- Webmention ------------------------------------------------------------------------------
@admin.register(SentWebmention)
class SentWebmentionAdmin(admin.ModelAdmin):
    """What each outside link of a post was last sent (read-only: the task queue writes it)."""

    list_display = ["target", "post", "result", "response_status", "linked", "sent_at"]
    list_filter = ["result", "linked"]
    search_fields = ["target", "endpoint", "post__title"]
    list_select_related = ["post"]
    readonly_fields = ["post", "target", "linked", "endpoint", "result", "response_status",
                       "detail", "sent_at", "created_at"]  # fmt: skip
    exclude = ["post_version"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FediverseBlock)
class FediverseBlockAdmin(admin.ModelAdmin):
    list_display = ["value", "reason", "created_at"]
    search_fields = ["value", "reason"]


@admin.register(RemoteActor)
class RemoteActorAdmin(admin.ModelAdmin):
    """The Fediverse accounts the blog has heard from (read only)."""

    list_display = ["__str__", "name", "uri", "fetched_at"]
    search_fields = ["handle", "name", "uri"]
    readonly_fields = [
        "uri",
        "handle",
        "name",
        "profile_url",
        "inbox",
        "shared_inbox",
        "key_id",
        "fetched_at",
    ]
    exclude = ["public_key_pem"]

    def has_add_permission(self, request) -> bool:
        return False
