from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before blog: its `<slug>/` page address would otherwise catch these.
    path("account/", include("accounts.urls")),
    path("", include("accounts.social_urls")),
    path("", include("core.urls")),
    path("", include("comments.urls")),
    path("", include("subscriptions.urls")),
    path("", include("federation.urls")),
    path("", include("blog.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Standalone error pages (no database needed); a lost database connection answers 503.
handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"
