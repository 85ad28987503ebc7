import hashlib
import time
import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.core import signing
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property, lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from blog.models import Page
from comments.conf import app_settings
from comments.models import target_key
from core.forms import OneLineFieldsMixin

TIMESTAMP_SALT = "comments.form-timestamp"
NOTIFY_CHOICES = [
    ("", _("Don’t notify me")),  # noqa: RUF001
    ("all", _("all new comments on this post")),
    ("replies", _("only replies to my comment")),
]


def token_key(target) -> int | str:
    """What a form's ``ts`` says it is for: the post's id (as before pages took comments), or
    "page:ID" for a page."""
    return f"page:{target.pk}" if isinstance(target, Page) else target.pk


def form_urls(target) -> tuple[str, str]:
    """Where the form on ``target`` posts to, and where it asks for a fresh ``ts``."""
    if isinstance(target, Page):
        kwargs, suffix = {"page_id": target.pk}, "-on-page"
    else:
        kwargs, suffix = {"post_id": target.pk}, ""
    return (
        reverse(f"comments:create{suffix}", kwargs=kwargs),
        reverse(f"comments:form-token{suffix}", kwargs=kwargs),
    )


def sign_timestamp(post_pk: int | str, *, shown_at: float | None = None) -> str:
    """The form's hidden ``ts``: the post, when the page with the form was shown (``at``), when
    this token was signed (``fresh``), and a nonce of its own (so two forms shown at once still
    differ; see CommentForm.submission_key). A token fetched later (``form_token_refresh``)
    keeps the page's ``at``: the too-fast rule counts from the page, not from the first click."""
    now = time.time()
    at = now if shown_at is None else min(shown_at, now)
    return signing.dumps(
        {"post": post_pk, "at": at, "fresh": now, "n": uuid.uuid4().hex}, salt=TIMESTAMP_SALT
    )


def form_times(token: str, post_pk: int | str) -> tuple[float, float] | None:
    """(when the page was shown, when the token was signed) as Unix times, or None when the
    token is missing, forged or for another post."""
    try:
        data = signing.loads(token or "", salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("post") != post_pk:
        return None
    try:
        at = float(data["at"])
        return at, float(data.get("fresh", at))
    except (KeyError, TypeError, ValueError):
        return None


def form_age_seconds(token: str, post_pk: int | str) -> float | None:
    """Seconds since the page with the form was shown, or None when the token is missing,
    forged or for another post."""
    times = form_times(token, post_pk)
    return None if times is None else time.time() - times[0]


def token_age_seconds(token: str, post_pk: int | str) -> float | None:
    """Seconds since the token was signed (a refreshed one is younger than its page)."""
    times = form_times(token, post_pk)
    return None if times is None else time.time() - times[1]


def form_token_refresh(token: str, post_pk: int | str, *, seconds_on_page: float | None) -> str:
    """A fresh ``ts`` for a page that already has one: signed now, but shown when the page was.

    ``seconds_on_page`` is what the browser says (comments.js: time since the page loaded).
    It can only make the page younger than the old token says, never older, so a client gains
    nothing by lying; a page from the page cache (rendered long before it was shown) gets the
    time it was shown. Without a valid old token the page counts as shown now."""
    now = time.time()
    times = form_times(token, post_pk)
    if times is None:
        return sign_timestamp(post_pk)
    shown_at = times[0]
    if seconds_on_page is not None and seconds_on_page >= 0:
        shown_at = max(shown_at, now - seconds_on_page)
    return sign_timestamp(post_pk, shown_at=shown_at)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


lazy_number = lazy(_number, str)


def _body_field() -> forms.CharField:
    limit = app_settings.COMMENTS_MAX_LENGTH
    return forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": limit}),
        max_length=limit,
        error_messages={
            "required": _("Please type your comment."),
            "max_length": format_lazy(
                _(
                    "Your comment is too long: please keep it under {limit} characters "
                    "(it has %(show_value)s)."
                ),
                limit=lazy_number(limit),
            ),
        },
    )


class WebsiteField(forms.URLField):
    """A web address: http or https only (no ftp:, no javascript:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentBodyForm(forms.Form):
    """Just the text: the edit form."""

    comment = _body_field()

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_class = "comment-form"
        self.helper.add_input(Submit("submit", _("Save changes")))


class CommentForm(OneLineFieldsMixin, forms.Form):
    """The "Leave a Reply" form. A signed-in reader gets no name, e-mail or website fields, except
    an optional e-mail field when their account has no address (X gives none): it is only for the
    follow-up e-mails they ask for, kept on the comment and never copied to the account."""

    comment = _body_field()
    author = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={"required": _("Please enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Your email address will not be published."),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = WebsiteField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _("Please enter a valid website address, like https://example.com."),
        },
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )
    notify = forms.ChoiceField(
        label=_("Notify me of follow-up comments by email"),
        choices=NOTIFY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    # A field people never see (hidden by CSS, skipped by screen readers): bots fill it in.
    contact_phone = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    ts = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, post, user=None, require_name_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        # Follow-up e-mails are kept per post; a page's form does not offer them.
        self.on_page = isinstance(post, Page)
        if self.on_page:
            del self.fields["notify"]
        self.signed_in = bool(user is not None and user.is_authenticated)
        self.asks_email = self.signed_in and not user.email
        self.user_pk = user.pk if self.signed_in else None
        if self.signed_in:
            for name in ("author", "url", "remember"):
                del self.fields[name]
            if self.asks_email:
                email = self.fields["email"]
                email.required = False
                email.label = _("Email (optional, for notifications)")
                email.help_text = _(
                    "Only for the follow-up e-mails you ask for below. It is not published "
                    "and not added to your account."
                )
            else:
                del self.fields["email"]
        elif not require_name_email:
            self.fields["author"].required = False
            self.fields["email"].required = False
        if not self.is_bound:
            self.initial.setdefault("ts", sign_timestamp(token_key(post)))

    @cached_property
    def helper(self) -> FormHelper:
        """The visible fields only: templates/comments/respond.html writes the <form> element,
        the CSRF token and the hidden fields, so the fields' HTML is the same on every post and
        can be kept in the template fragment cache (crispy rendering is the slow part). Built
        when crispy draws the fields: not at all when the kept fragment is used."""
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        fields = [Field("comment", css_class="comment-text")]
        if not self.signed_in:
            fields += ["author", "email", "url"]
        fields.append(Div("contact_phone", css_class="comment-hp", aria_hidden="true"))
        if not self.signed_in:
            fields.append("remember")
        elif self.asks_email:
            fields.append("email")
        if not self.on_page:
            fields.append(Div("notify", css_class="comment-notify"))
        fields.append(
            HTML(
                format_html(
                    '<p class="form-submit"><button type="submit" class="btn btn-primary" '
                    'id="submit">{}</button></p>',
                    _("Post Comment"),
                )
            )
        )
        helper.layout = Layout(*fields)
        return helper

    @property
    def action(self) -> str:
        return form_urls(self.post)[0]

    @property
    def token_url(self) -> str:
        return form_urls(self.post)[1]

    @property
    def parent_value(self):
        return self["parent"].value()

    @property
    def ts_value(self):
        return self["ts"].value()

    @property
    def is_pristine(self) -> bool:
        """Unbound and nothing typed in advance: its fields' HTML is the same for everyone."""
        typed = ("author", "email", "url", "remember")
        return not self.is_bound and not any(self.initial.get(name) for name in typed)

    @property
    def fragment_key(self) -> str:
        name_required = not self.signed_in and self.fields["author"].required
        return fragment_key(
            signed_in=self.signed_in,
            name_required=name_required,
            asks_email=self.asks_email,
            on_page=self.on_page,
        )

    def clean_comment(self) -> str:
        value = self.cleaned_data["comment"].strip()
        if not value:
            raise forms.ValidationError(_("Please type your comment."))
        return value

    def clean_email(self) -> str:
        return self.cleaned_data.get("email", "").strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        wants_email = cleaned.get("notify") and "email" in self.fields
        if wants_email and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Please enter your email address to get notifications."))
        return cleaned

    @property
    def submission_key(self) -> str:
        """The same form sent again with the same text by the same person gives the same key.

        Made of the form's signed ``ts`` (unique to each form shown: it carries a nonce), who is
        writing (the account, else the e-mail address) and the text. A page from the page cache
        shares its ``ts`` between readers, but not their address and text; a reader who changes
        the text writes a new comment. The key has a unique constraint, so two copies of one
        submission racing each other store one comment (comments.services.comment_create)."""
        who = f"user:{self.user_pk}" if self.signed_in else self.cleaned_data.get("email", "")
        parts = [target_key(self.post), self.cleaned_data.get("ts", ""), who]
        parts += [str(self.cleaned_data.get("parent") or ""), self.cleaned_data["comment"]]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("contact_phone"))

    @property
    def form_age_seconds(self) -> float | None:
        return form_age_seconds(self.cleaned_data.get("ts", ""), token_key(self.post))

    @property
    def token_age_seconds(self) -> float | None:
        return token_age_seconds(self.cleaned_data.get("ts", ""), token_key(self.post))


def fragment_key(
    *, signed_in: bool, name_required: bool, asks_email: bool, on_page: bool = False
) -> str:
    """The key of the visible fields' HTML in the template fragment cache (respond.html)."""
    return f"{int(signed_in)}:{int(name_required)}:{int(asks_email)}:{int(on_page)}"
