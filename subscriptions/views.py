"""Subscribe (double opt-in), confirm and unsubscribe pages. Thin: the rules are in
``subscriptions.services``."""

from django.apps import apps
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from core.csrf import same_origin_post
from core.ratelimit import client_ip
from core.redirects import safe_next
from subscriptions import services
from subscriptions.forms import FollowUpSubscribeForm, NewPostsSubscribeForm

CHECK_INBOX = _(
    "Thanks! Check your inbox: we have sent a link to confirm your subscription. "
    "Nothing more is sent until you follow it."
)
RATE_LIMITED = _(
    "Too many subscription requests for this address or from your network. Please try again later."
)


class SubscribeMixin:
    """GET shows the form on its own page; POST asks for a confirmation and goes back."""

    template_name = "subscriptions/subscribe.html"
    target_post = None  # the post whose comments are followed; None for new posts

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        outcome = services.subscription_request(
            email=form.cleaned_data["email"],
            ip=client_ip(self.request),
            post=self.target_post,
            mode=form.cleaned_data.get("mode") or "all",
        )
        if outcome is services.Outcome.LIMITED:
            form.add_error(None, RATE_LIMITED)
            return self.form_invalid(form, status=429)
        messages.success(self.request, CHECK_INBOX)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return safe_next(
            self.request, self.request.POST.get("next"), default=self.default_success_url()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.target_post, **kwargs)


@method_decorator(same_origin_post, name="dispatch")  # a footer form on cached pages
class NewPostsSubscribeView(SubscribeMixin, FormView):
    form_class = NewPostsSubscribeForm

    def default_success_url(self) -> str:
        return reverse("blog:home")


@method_decorator(same_origin_post, name="dispatch")  # a form on cached post pages
class FollowUpSubscribeView(SubscribeMixin, FormView):
    form_class = FollowUpSubscribeForm

    def dispatch(self, request, *args, **kwargs):
        self.target_post = get_object_or_404(
            apps.get_model("blog", "Post").objects.published(), pk=kwargs["post_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def default_success_url(self) -> str:
        return f"{self.target_post.get_absolute_url()}#comments"


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """GET shows a button (link scanners only GET); POST confirms."""

    def dispatch(self, request, *args, **kwargs):
        found = services.subscription_for_confirm_token(kwargs["token"])
        if found is services.ConfirmError.INVALID:
            return _invalid_link(request)
        if found is services.ConfirmError.GONE:
            return render(request, "subscriptions/gone.html", status=404)
        self.subscription = found
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        return render(request, "subscriptions/confirm.html", {"subscription": self.subscription})

    def post(self, request, token):
        services.subscription_confirm(subscription=self.subscription)
        return render(request, "subscriptions/confirmed.html", {"subscription": self.subscription})


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """GET shows a button; POST unsubscribes. Authenticated by the signed token alone, so a mail
    client's RFC 8058 one-click POST (``List-Unsubscribe=One-Click``, no CSRF token) works."""

    def dispatch(self, request, *args, **kwargs):
        self.unsubscription = services.unsubscription_for_token(kwargs["token"])
        if self.unsubscription is None:
            return _invalid_link(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        return render(
            request,
            "subscriptions/unsubscribe.html",
            {"unsubscription": self.unsubscription},
        )

    def post(self, request, token):
        services.subscription_cancel(unsubscription=self.unsubscription)
        return render(
            request,
            "subscriptions/unsubscribed.html",
            {"unsubscription": self.unsubscription},
        )


def _invalid_link(request):
    return render(request, "subscriptions/invalid.html", status=400)
