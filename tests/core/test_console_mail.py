import io

from django.core.mail import EmailMultiAlternatives

from core.console_mail import EmailBackend


def test_the_development_console_shows_links_whole_and_readable():
    link = "http://127.0.0.1:8000/subscriptions/confirm/" + "x" * 120 + "/"
    message = EmailMultiAlternatives(
        subject="Confirm “Aleppo”",
        body=f"Open this link · {link}\n",
        from_email="Notes <noreply@localhost>",
        to=["reader@example.org"],
        headers={"List-Unsubscribe": "<http://127.0.0.1:8000/u/>"},
    )
    message.attach_alternative("<p>hi</p>", "text/html")
    stream = io.StringIO()

    EmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "Subject: Confirm “Aleppo”" in printed
    assert "To: reader@example.org" in printed
    assert "List-Unsubscribe: <http://127.0.0.1:8000/u/>" in printed
    assert "(parts: text/plain, text/html)" in printed
    assert f"Open this link · {link}" in printed
