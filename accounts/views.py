from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from social_django import views as social_views

from accounts import data, services, signals
from accounts.conf import app_settings
from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.mixins import ReaderRequiredMixin
from accounts.providers import PROVIDERS, SIGNIN_MESSAGE_TAG, get_provider
from core.csrf import same_origin_post
from core.redirects import safe_next


@same_origin_post  # the sign-in buttons are on cached pages: see core/csrf.py
@require_POST
def begin(request, backend: str):
    """Start a sign-in (social-auth's own view), but only with a provider that has keys here."""
    provider = get_provider(backend)
    if provider is None or not provider.is_configured:
        raise Http404(_("No such sign-in provider."))
    return social_views.auth(request, backend)


@method_decorator(never_cache, name="dispatch")
class ProfileView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return self.sign_in_page(request)
        return self.profile_page(request, ProfileForm(instance=request.user))

    def post(self, request):
        if not request.user.is_authenticated:
            return redirect("accounts:profile")
        form = ProfileForm(request.POST, instance=request.user)
        if not form.is_valid():
            return self.profile_page(request, form, status=400)
        services.profile_update(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your display name is saved."))
        return redirect("accounts:profile")

    def sign_in_page(self, request):
        back = safe_next(request, request.GET.get("next"), default=reverse("accounts:profile"))
        return render(request, "accounts/signin.html", {"next": back})

    def profile_page(self, request, form, status=200):
        user = request.user
        connected = list(user.social_auth.order_by("provider", "pk"))
        can_disconnect = user.has_usable_password() or len(connected) > 1
        rows = []
        for provider in PROVIDERS:
            links = [social for social in connected if social.provider == provider.backend]
            if links or provider.is_configured:
                rows.append({"provider": provider, "links": links})
        context = {
            "form": form,
            "provider_rows": rows,
            "can_disconnect": can_disconnect,
            "holdings": signals.reader_holdings(user=user),
            "is_staff_account": is_staff(user),
            "next": reverse("accounts:profile"),
        }
        return render(request, "accounts/profile.html", context, status=status)


class AvatarRemoveView(ReaderRequiredMixin, View):
    def post(self, request):
        services.avatar_remove(user=request.user)
        messages.success(request, _("Your picture is removed; comments show a drawn one instead."))
        return redirect("accounts:profile")


@method_decorator(never_cache, name="dispatch")
class DataDownloadView(ReaderRequiredMixin, View):
    def get(self, request):
        response = JsonResponse(
            data.user_data(user=request.user, request=request), json_dumps_params={"indent": 2}
        )
        filename = f"broadsheet-{request.user.username}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@method_decorator(never_cache, name="dispatch")
class DeleteAccountView(ReaderRequiredMixin, View):
    template_name = "accounts/delete.html"

    def get(self, request):
        return self.page(request, DeleteAccountForm())

    def post(self, request):
        if is_staff(request.user):
            return HttpResponseForbidden(_("Staff accounts are deleted in the admin."))
        form = DeleteAccountForm(request.POST)
        if not form.is_valid():
            return self.page(request, form, status=400)
        services.user_delete(user=request.user, keep_comments=form.keep_comments)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("blog:home")

    def page(self, request, form, status=200):
        holdings = signals.reader_holdings(user=request.user)
        counted = [holding.counted for holding in holdings if holding.count]
        context = {
            "form": form,
            "holdings": holdings,
            "holdings_list": get_text_list(counted, _("and")) if counted else "",
            "is_staff_account": is_staff(request.user),
            "deleted_name": app_settings.ACCOUNTS_DELETED_USER_NAME,
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(same_origin_post, name="dispatch")
class LogoutView(View):
    """Log Out and Change, from the sign-in block: sign out (POST) and go back to ``next``.

    Checked by origin like the comment form beside it (core/csrf.py), so the block carries no
    CSRF token: a signed-in reader's post page costs no token, and sets no CSRF cookie."""

    def post(self, request):
        was_signed_in = request.user.is_authenticated
        logout(request)
        if was_signed_in:
            if request.POST.get("change"):
                text = _("You are signed out: choose the account to comment with.")
            else:
                text = _("You are signed out.")
            messages.info(request, text, extra_tags=SIGNIN_MESSAGE_TAG)
        return redirect(safe_next(request, request.POST.get("next"), default="/"))


def is_staff(user) -> bool:
    return user.is_staff or user.is_superuser
