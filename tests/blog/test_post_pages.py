"""Posts split with <!--nextpage-->, teasers ended by <!--more-->, and post formats, as
WordPress shows them."""

import pytest

from blog.models import Blog, Post, forget_blog
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

# As the block editor saves a post with two page breaks and a "more" block.
PAGED_BODY = """<!-- wp:paragraph -->
<p>The teaser everyone sees on the home page.</p>
<!-- /wp:paragraph -->

<!--more-->

<p>The rest of the first page.</p>

<!--nextpage-->

<p>Second page words.</p>

<!--nextpage-->

<p>Third page words.</p>
"""


def article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


@pytest.fixture
def paged():
    return PostFactory(title="A long read", slug="a-long-read", body=PAGED_BODY)


def test_the_first_page_is_at_the_posts_address_with_links_to_every_page(client, paged):
    page = client.get(paged.get_absolute_url()).content.decode()
    assert "The rest of the first page." in page
    assert "Second page words." not in page
    assert '<nav class="post-page-links" aria-label="Pages of this post">' in page
    assert '<span class="post-page-current" aria-current="page">1</span>' in page
    assert f'<a href="{paged.get_absolute_url()}2/">2</a>' in page
    assert f'<a href="{paged.get_absolute_url()}3/">3</a>' in page
    assert f'<span id="more-{paged.pk}"></span>' in page  # where "Continue reading" lands


def test_page_two_is_at_slug_2_and_shows_only_its_own_part(client, paged):
    response = client.get(f"{paged.get_absolute_url()}2/")
    page = response.content.decode()
    assert response.status_code == 200
    body = article(page)
    assert "Second page words." in body
    assert "The teaser everyone sees" not in body and "Third page words." not in body
    canonical = f"http://127.0.0.1:8000{paged.get_absolute_url()}2/"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert '<span class="post-page-current" aria-current="page">2</span>' in page
    assert f'<a href="{paged.get_absolute_url()}">1</a>' in page


def test_a_page_beyond_the_last_is_a_404_and_page_1_redirects_to_the_post(client, paged):
    assert client.get(f"{paged.get_absolute_url()}4/").status_code == 404
    response = client.get(f"{paged.get_absolute_url()}1/")
    assert response.status_code == 301
    assert response["Location"] == paged.get_absolute_url()


def test_a_post_without_page_breaks_has_no_page_links_and_no_page_2(client):
    post = PostFactory()
    assert "post-page-links" not in client.get(post.get_absolute_url()).content.decode()
    assert client.get(f"{post.get_absolute_url()}2/").status_code == 404


def test_each_page_is_kept_apart_by_the_article_cache(client, paged):
    first = client.get(paged.get_absolute_url()).content.decode()
    second = client.get(f"{paged.get_absolute_url()}2/").content.decode()
    again = client.get(paged.get_absolute_url()).content.decode()
    assert "Second page words." in second and "Second page words." not in again
    assert article(first) == article(again)


def test_the_more_marker_ends_the_excerpt_on_list_pages(client, paged):
    assert paged.summary == "The teaser everyone sees on the home page."
    page = client.get("/").content.decode()
    assert "The teaser everyone sees on the home page." in page
    assert "The rest of the first page." not in page
    assert f'href="{paged.get_absolute_url()}#more-{paged.pk}">Continue reading' in page


def test_a_hand_written_excerpt_still_wins_over_the_more_marker(paged):
    paged.excerpt = "Written by hand."
    assert paged.summary == "Written by hand."


def test_without_a_marker_the_excerpt_is_the_first_55_words():
    post = PostFactory(body=" ".join(f"word{n}" for n in range(80)))
    assert post.summary.split() == [f"word{n}" for n in range(54)] + ["word54…"]


def test_markdown_bodies_take_the_markers_too():
    post = PostFactory(body="Intro.\n\n<!--more-->\n\nMore.\n\n<!--nextpage-->\n\nPage two.")
    assert len(post.body_pages) == 2
    assert post.summary == "Intro."


@pytest.mark.parametrize("value", [choice for choice in Post.Format.values if choice])
def test_every_post_format_shows_a_class_and_a_label(client, value):
    post = PostFactory(format=value)
    label = Post.Format(value).label
    for url in (post.get_absolute_url(), "/"):
        page = client.get(url).content.decode()
        assert f"format-{value}" in page, url
        assert (
            '<p class="post-format-label"><span class="visually-hidden">Post format: </span>'
            f"{label}</p>"
        ) in page, url


def test_a_standard_post_has_no_format_label(client):
    post = PostFactory()
    assert "post-format-label" not in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("structure", [choice for choice, _ in Blog.Permalinks.choices])
def test_page_two_answers_under_every_permalink_structure(client, structure):
    blog = Blog.load()
    blog.permalink_structure = structure
    blog.save()
    forget_blog()
    category = CategoryFactory(slug="rivers")
    paged = PostFactory(title="A long read", slug="a-long-read", body=PAGED_BODY)
    paged.categories.add(category)
    first = paged.get_absolute_url()
    assert f'<a href="{first}2/">2</a>' in client.get(first).content.decode()
    response = client.get(f"{first}2/")
    assert response.status_code == 200, (structure, first)
    assert "Second page words." in article(response.content.decode())
    assert client.get(f"{first}3/").status_code == 200
    assert client.get(f"{first}4/").status_code == 404
    assert client.get(f"{first}1/")["Location"] == first


def test_under_the_category_structure_a_post_named_with_digits_is_not_taken_for_a_page(client):
    blog = Blog.load()
    blog.permalink_structure = Blog.Permalinks.CATEGORY
    blog.save()
    forget_blog()
    post = PostFactory(title="2", slug="2", body="Plain words.")
    post.categories.add(CategoryFactory(slug="news"))
    response = client.get("/news/2/")
    assert response.status_code == 200
    assert "Plain words." in response.content.decode()
