"""Every payload of the corpus, in every text field that exists, comes back inert: escaped where
the field is plain text, sanitized where it is Markdown, on the public pages and in the admin."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from blog.models import Blog
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory, UserFactory
from tests.security.escaping import page_is_inert
from tests.security.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_blog():
    """A blog whose every text field holds the same payload."""

    def build(payload: str):
        writer = UserFactory(username="writer", is_staff=True, display_name=payload[:150])
        category = CategoryFactory(name=payload[:100], slug="hostile-category")
        tag = TagFactory(name=payload[:100], slug="hostile-tag")
        post = PostFactory(
            author=writer,
            title=payload,
            slug="hostile-post",
            body=f"Before.\n\n{payload}\n\nAfter.",
            excerpt=payload,
            categories=[category],
            tags=[tag],
        )
        page = PageFactory(title=payload, slug="hostile-page", body=payload)
        Blog.objects.create(name=payload, tagline=payload)
        return post, page

    return build


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_blog_field_is_escaped_on_every_public_page(client, hostile_blog, payload):
    post, page = hostile_blog(payload)
    plain_text_pages = [
        reverse("blog:home"),  # title, excerpt, author, category, blog name and tagline
        reverse("blog:category", kwargs={"slug": "hostile-category"}),
        reverse("blog:tag", kwargs={"slug": "hostile-tag"}),
        reverse("blog:author", kwargs={"username": "writer"}),
    ]
    for url in plain_text_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page_is_inert(response, payload)
    # The post and the page also render the payload as Markdown (sanitized, where a harmless
    # quote may stay raw in a text node), so there: the escaped title, and nothing active.
    for url in [post.get_absolute_url(), page.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert str(escape(payload)) in response.content.decode()
        page_is_inert(response)


def test_every_payload_in_the_admin_lists_is_escaped(staff_client, author):
    for number, payload in enumerate(PAYLOADS):
        PostFactory(author=author, title=payload[:100], slug=f"hostile-{number}")
        CategoryFactory(name=payload[:100], slug=f"hostile-{number}")
    for url in ["admin:blog_post_changelist", "admin:blog_category_changelist"]:
        response = staff_client.get(reverse(url), {"all": ""})
        assert response.status_code == 200
        html = response.content.decode()
        page_is_inert(response)
        # Many payloads share one page, so one's escaped form may be another's raw text: check
        # that each is there escaped, and (above) that nothing in the page is active.
        for payload in PAYLOADS:
            assert str(escape(payload[:100])) in html
