"""A console e-mail backend for ``make run`` that a person can read: headers, then the plain-text
body as written (not quoted-printable), so every link can be copied from the terminal."""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

SHOWN_HEADERS = ["From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post"]


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        mime = message.message()
        lines = [f"{name}: {mime[name]}" for name in SHOWN_HEADERS if mime[name]]
        alternatives = getattr(message, "alternatives", [])
        kinds = ", ".join(["text/plain", *(alt[1] for alt in alternatives)])
        lines += [f"(parts: {kinds})", "", message.body]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
