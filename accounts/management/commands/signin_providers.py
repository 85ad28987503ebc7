from django.core.management.base import BaseCommand

from accounts.providers import PROVIDERS


class Command(BaseCommand):
    help = "Say which sign-in providers (Google, X, Facebook) have keys set in the environment."

    def handle(self, *args, **options):
        configured = [provider for provider in PROVIDERS if provider.is_configured]
        if not configured:
            self.stdout.write(
                "Note: no sign-in provider keys are set, so the comment form shows no "
                "Google / X / Facebook buttons (anonymous comments work). To try one, set e.g. "
                "SOCIAL_AUTH_GOOGLE_OAUTH2_KEY and SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET; "
                "README, 'Sign in with Google, X or Facebook', says where to get them."
            )
            return
        for provider in PROVIDERS:
            state = (
                "on"
                if provider.is_configured
                else f"off (set {provider.key_setting} and {provider.secret_setting})"
            )
            self.stdout.write(f"Sign-in with {provider.name}: {state}")
