"""The moderation screens on the site: the Pending / Spam / Removed queues, the ban form and the
list of bans. Moderators only (``can_moderate``); every change is a POST through a service."""

import ipaddress
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from comments import avatars, services
from comments.models import Ban, Comment
from comments.permissions import can_moderate
from comments.views import _next_url, forbidden
from core.digits import in_digits

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class Queue:
    status: str
    title: str
    heading: str
    summary: str  # lazy, with %(count)s: "3 pending comments, newest first."
    empty: str
    bulk_actions: dict


QUEUES = {
    "pending": Queue(
        Comment.Status.PENDING,
        pgettext_lazy("moderation tab", "Pending"),
        _("Comments awaiting moderation"),
        ngettext_lazy(
            "%(count)s pending comment, newest first.",
            "%(count)s pending comments, newest first.",
            "count",
        ),
        _("Nothing is waiting for moderation."),
        {
            "approve": pgettext_lazy("moderation action", "Approve"),
            "spam": _("Mark as spam"),
            "remove": pgettext_lazy("moderation action", "Remove"),
        },
    ),
    "spam": Queue(
        Comment.Status.SPAM,
        pgettext_lazy("moderation tab", "Spam"),
        _("Comments filed as spam"),
        ngettext_lazy(
            "%(count)s comment filed as spam, newest first.",
            "%(count)s comments filed as spam, newest first.",
            "count",
        ),
        _("No spam. Spam is deleted 30 days after it was filed."),
        {
            "not-spam": _("Not spam (approve)"),
            "remove": pgettext_lazy("moderation action", "Remove"),
        },
    ),
    "removed": Queue(
        Comment.Status.REMOVED,
        pgettext_lazy("moderation tab", "Removed"),
        _("Removed comments"),
        ngettext_lazy(
            "%(count)s removed comment, newest first.",
            "%(count)s removed comments, newest first.",
            "count",
        ),
        _("No removed comments."),
        {
            "restore": pgettext_lazy("moderation action", "Restore"),
            "spam": _("Mark as spam"),
        },
    ),
}


def _counts() -> dict[str, int]:
    by_status = dict(
        Comment.objects.filter(status__in=[q.status for q in QUEUES.values()])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {name: by_status.get(q.status, 0) for name, q in QUEUES.items()}


def _queue_url(name: str) -> str:
    return reverse("comments:queue" if name == "pending" else f"comments:queue-{name}")


def _tabs(view: str = "") -> list[dict]:
    """The links between the moderation views, each with its count (one query)."""
    counts = _counts()
    return [
        {"title": q.title, "count": counts[name], "url": _queue_url(name), "current": name == view}
        for name, q in QUEUES.items()
    ]


@require_http_methods(["GET", "POST"])
def queue(request, view: str = "pending"):
    """One of the moderation views, newest first, with every view's count."""
    if not can_moderate(request.user):
        return forbidden(request)
    shown = QUEUES[view]
    here = _queue_url(view)
    if request.method == "POST":
        action = request.POST.get("action", "")
        ids = [value for value in request.POST.getlist("comments") if value.isdigit()]
        if action not in shown.bulk_actions or not ids:
            messages.error(request, gettext("Choose an action and at least one comment."))
        else:
            chosen = Comment.objects.filter(pk__in=ids).select_related("post", "page")
            done = services.comments_moderate(comments=chosen, action=action, by=request.user)
            messages.success(
                request,
                ngettext("%(action)s: %(count)s comment.", "%(action)s: %(count)s comments.", done)
                % {"action": shown.bulk_actions[action], "count": done},
            )
        return redirect(_next_url(request, here))
    comments = (
        Comment.objects.filter(status=shown.status)
        .select_related("post", "page", "user")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(comments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for comment in page.object_list:
        comment.avatar_url = avatars.avatar_url_for(comment)
    return render(
        request,
        "comments/queue.html",
        {
            "page_obj": page,
            "comments": page.object_list,
            "queue": shown,
            "summary": in_digits(shown.summary % {"count": page.paginator.count}),
            "view": view,
            "tabs": _tabs(view),
            "here": here,
            "bulk_actions": shown.bulk_actions,
        },
    )


# --- Bans ---------------------------------------------------------------------------------------
# Networks a proxy, a LAN or a carrier puts many readers behind (RFC 1918, RFC 6598, RFC 4193).
SHARED_NETWORKS = [
    ipaddress.ip_network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
]


def is_shared_address(ip: str) -> bool:
    """Loopback, link-local or private: the address of a proxy or a network, not of a reader."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_link_local
        or any(address.version == net.version and address in net for net in SHARED_NETWORKS)
    )


def ip_ban_warnings(ip: str) -> list[str]:
    """Why banning this IP address may silence more people than the one commenter."""
    warnings = []
    if not ip:
        return warnings
    if is_shared_address(ip):
        warnings.append(
            gettext(
                "%(ip)s is a loopback or private address: it is probably your own proxy or "
                "network, shared by every reader who comes through it."
            )
            % {"ip": ip}
        )
    if not getattr(settings, "BEHIND_PROXY", False):
        warnings.append(
            gettext(
                "This site is not configured as BEHIND_PROXY: if it runs behind a reverse proxy, "
                "every reader seems to come from the proxy's address, and one IP ban silences "
                "everyone."
            )
        )
    return warnings


class BanForm(forms.Form):
    """What to ban. The e-mail address and the account by default; the IP address only when
    ticked (and, when that is risky, confirmed)."""

    chosen = forms.BooleanField(widget=forms.HiddenInput, initial=True, required=False)
    email = forms.BooleanField(required=False, initial=True)
    account = forms.BooleanField(required=False, initial=True)
    ip = forms.BooleanField(required=False, initial=False)
    ip_confirmed = forms.BooleanField(
        required=False, label=_("I understand: ban this IP address anyway.")
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason"),
        help_text=_("Why, for the other moderators (shown in the list of bans)."),
    )

    def __init__(self, *args, comment: Comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment
        self.ip_warnings = ip_ban_warnings(comment.ip_address or "")
        self.fields["email"].label = gettext("E-mail address: %(email)s") % {"email": comment.email}
        self.fields["account"].label = gettext("Account: %(name)s") % {"name": comment.display_name}
        self.fields["ip"].label = gettext("IP address: %(ip)s") % {"ip": comment.ip_address}
        if not comment.email:
            del self.fields["email"]
        if not comment.user_id:
            del self.fields["account"]
        if not comment.ip_address:
            del self.fields["ip"]
        if not (comment.ip_address and self.ip_warnings):
            del self.fields["ip_confirmed"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("chosen"):
            # The one-click Ban button (on the post, in the queue): the defaults.
            cleaned["email"] = "email" in self.fields
            cleaned["account"] = "account" in self.fields
            cleaned["ip"] = False
        if not any(cleaned.get(name) for name in ("email", "account", "ip")):
            raise forms.ValidationError(gettext("Choose at least one thing to ban."))
        if cleaned.get("ip") and "ip_confirmed" in self.fields and not cleaned["ip_confirmed"]:
            self.add_error(
                "ip_confirmed",
                gettext("Banning this IP address may silence other readers: confirm it."),
            )
        return cleaned


@require_http_methods(["GET", "POST"])
def ban(request, pk: int):
    """The ban form (GET), and the ban (POST)."""
    if not can_moderate(request.user):
        return forbidden(request)
    comment = get_object_or_404(Comment.objects.select_related("post", "page", "user"), pk=pk)
    form = BanForm(request.POST if request.method == "POST" else None, comment=comment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = services.ban_create(
            comment=comment,
            by=request.user,
            email=data.get("email", False),
            account=data.get("account", False),
            ip=data.get("ip", False),
            reason=data.get("reason", ""),
        )
        kinds = [ban.get_kind_display().lower() for ban in made]
        what = get_text_list(kinds, gettext("and")) if kinds else gettext("nothing new")
        messages.success(
            request,
            gettext("Banned %(what)s (%(name)s): their comments are spam from now on.")
            % {"what": what, "name": comment.display_name},
        )
        return redirect(_next_url(request, reverse("comments:bans")))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "comments/ban.html",
        {"comment": comment, "form": form, "next": request.POST.get("next", "")},
        status=status,
    )


@require_http_methods(["GET"])
def bans(request):
    """Every ban: what, who made it, when, why; each with Unban."""
    if not can_moderate(request.user):
        return forbidden(request)
    rows = Ban.objects.select_related("user", "created_by", "comment__post")
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/bans.html",
        {"page_obj": page, "bans": page.object_list, "tabs": _tabs()},
    )


@require_POST
def unban(request, pk: int):
    if not can_moderate(request.user):
        return forbidden(request)
    found = Ban.objects.select_related("user").filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("No such ban."))
    services.ban_remove(ban=found, by=request.user)
    messages.success(
        request,
        gettext("Unbanned %(kind)s %(what)s.")
        % {"kind": found.get_kind_display().lower(), "what": found.what},
    )
    return redirect(reverse("comments:bans"))
