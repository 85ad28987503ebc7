"""Addresses readers' tools expect from a WordPress blog: the day archive and /favicon.ico."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def local(year, month, day, hour) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_the_day_archive_lists_the_posts_of_that_day_only(client, author):
    PostFactory(author=author, title="Morning report", published_at=local(2024, 3, 5, 8))
    PostFactory(author=author, title="Evening report", published_at=local(2024, 3, 5, 22))
    PostFactory(author=author, title="Next day", published_at=local(2024, 3, 6, 1))
    PostFactory(author=author, title="A draft", status="draft", published_at=local(2024, 3, 5, 9))
    response = client.get("/2024/03/05/")
    html = response.content.decode().split("<main")[1].split("</main>")[0]  # not the sidebar
    assert response.status_code == 200
    assert "Day: March 5, 2024" in html
    assert "Morning report" in html and "Evening report" in html
    assert "Next day" not in html and "A draft" not in html


@pytest.mark.parametrize("address", ["/2024/02/30/", "/2024/13/01/", "/2024/00/10/"])
def test_a_day_that_does_not_exist_is_404(client, address):
    assert client.get(address).status_code == 404


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert "/img/favicon" in response["Location"] and response["Location"].endswith(".svg")
