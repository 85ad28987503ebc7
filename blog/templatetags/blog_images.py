from django import template

from blog.conf import app_settings

register = template.Library()


@register.inclusion_tag("blog/figure.html")
def figure(image, *, featured: bool = False, sizes: str = "") -> dict:
    """An Image as a <figure> with its renditions, caption and credit.

    ``featured``: the lead image of a page, above the fold: loaded eagerly. (No fetchpriority:
    the Nu HTML Checker the browser tests run does not accept it yet.)
    """
    return {
        "image": image,
        "alt": image.alt_text,
        "lazy": not featured,
        "sizes": sizes or app_settings.BLOG_IMAGE_SIZES,
        "in_body": not featured,
    }


@register.inclusion_tag("blog/picture.html")
def picture(image, *, alt: str | None = None, sizes: str = "", lazy: bool = True) -> dict:
    """An Image as a bare <picture> (thumbnails, lists)."""
    return {
        "image": image,
        "alt": image.alt_text if alt is None else alt,
        "lazy": lazy,
        "sizes": sizes or app_settings.BLOG_IMAGE_SIZES,
    }
