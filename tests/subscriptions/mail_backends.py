"""Mail servers that misbehave, for the failure tests."""

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """Every send fails, as when the SMTP server is down."""

    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(BaseEmailBackend):
    """The first send fails; later ones land in mail.outbox like the locmem backend."""

    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        if type(self).attempts == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(email_messages)
        return len(email_messages)
