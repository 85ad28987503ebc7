from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "display_name",
        "email",
        "auth_provider",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = [*DjangoUserAdmin.list_filter, "auth_provider"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Profile"), {"fields": ("display_name", "avatar", "auth_provider", "email_verified")}),
    )
