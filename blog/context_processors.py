from django.conf import settings

from blog.navigation import get_navigation


def site(request) -> dict:
    return {"site": get_navigation(), "SITE_URL": settings.SITE_URL}
