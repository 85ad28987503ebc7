"""Forms on cached pages carry no CSRF token; their views accept a POST only when the browser
says it came from this site, or with Django's usual token (core/csrf.py)."""

import pytest
from django.test import Client

from subscriptions.models import PostSubscription

pytestmark = pytest.mark.django_db

EVIL = {"origin": "https://evil.example"}
HOME = {"origin": "http://testserver"}


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_cross_site_form_cannot_start_a_sign_in(browser, providers, post):
    response = browser.post("/login/google-oauth2/", {"next": "/"}, headers=EVIL)
    assert response.status_code == 403


def test_a_sign_in_from_this_site_goes_to_the_provider(browser, providers, post):
    response = browser.post("/login/google-oauth2/", {"next": "/"}, headers=HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("https://accounts.google.com/")


def test_a_cross_site_form_cannot_subscribe_someone(browser, post):
    response = browser.post("/subscriptions/", {"email": "victim@example.org"}, headers=EVIL)
    assert response.status_code == 403
    assert not PostSubscription.objects.exists()


def test_a_token_from_a_fresh_page_still_works_without_origin_headers(browser, post):
    token = "x" * 32  # a CSRF secret as Django's cookie holds it, sent back in the form
    browser.cookies["csrftoken"] = token
    response = browser.post(
        "/subscriptions/", {"email": "reader@example.org", "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302)
    assert PostSubscription.objects.filter(email="reader@example.org").exists()
