"""Every page shows dates in the blog's own time zone (Blog.time_zone), as its addresses do."""

from django.utils import timezone

from blog.models import Blog


class BlogTimeZoneMiddleware:
    """Activates the blog's time zone for the request: archives, dates on pages and the admin
    agree with the dates in the posts' addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(Blog.current().zone):
            return self.get_response(request)
