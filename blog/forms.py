from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from blog.conf import app_settings
from blog.models import Image, Post
from blog.protection import is_right_password
from blog.validators import ACCEPTED_FORMATS, inspect_image_upload
from core.forms import OneLineFieldsMixin


class ImageUploadField(forms.FileField):
    """A file field that judges an image by its content (blog.validators), not its name.

    Django's own ImageField answers an SVG or a decompression bomb with one generic message;
    this one says what is wrong.
    """

    widget = forms.ClearableFileInput(
        attrs={"accept": ",".join(f"image/{fmt.lower()}" for fmt in ACCEPTED_FORMATS)}
    )

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            inspect_image_upload(upload)
        return upload


class ImageForm(OneLineFieldsMixin, forms.ModelForm):
    """The admin's form for an Image, on its own page and inline on a post (its one-line
    fields refuse control characters: they end up in alt and title attributes and feeds)."""

    file = ImageUploadField()

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(app_settings.BLOG_IMAGE_MAX_UPLOAD_BYTES)
        self.fields["file"].help_text = (
            f"JPEG, PNG, GIF or WebP, at most {limit}. Location data and other metadata are "
            "removed; sizes for phones, desktops and sharing are made when you save."
        )


class PostPasswordForm(forms.Form):
    """The password that unlocks a protected post (WordPress's post password form)."""

    password = forms.CharField(
        label="Password",
        max_length=255,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, post, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_password(self) -> str:
        typed = self.cleaned_data["password"]
        if not is_right_password(self.post, typed):
            raise forms.ValidationError(
                _("That is not the password of this post. Please try again.")
            )
        return typed


class PublishTimeWidget(AdminSplitDateTime):
    """The admin's date and time inputs, without the ``aria-describedby`` that points at a time
    zone note only its JavaScript may add (an id missing from the page is invalid HTML)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for widget in context["widget"]["subwidgets"]:
            widget["attrs"].pop("aria-describedby", None)
        return context


class PostEditorForm(forms.ModelForm):
    """The admin's post form as a writing surface: a tall body, filing by checkboxes (labelled,
    unlike the autocomplete pickers), a featured image chosen from a labelled list. The status
    is not a field: the button the author presses sets it ("Save draft", "Publish", ...)."""

    class Meta:
        model = Post
        # The admin's fieldsets choose the fields shown; these are the ones given a widget here.
        fields = ["title", "slug", "body", "excerpt", "featured_image", "categories"]
        fields += ["tags", "published_at", "author", "sticky", "allow_comments"]
        widgets = {
            "body": forms.Textarea(
                attrs={"rows": 24, "class": "editor-body", "spellcheck": "true"}
            ),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
            "published_at": PublishTimeWidget,
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "featured_image" in self.fields:
            field = self.fields["featured_image"]
            field.empty_label = _("No featured image")
            field.help_text = _("Choose one of the images already uploaded, or upload one below.")
        if "published_at" in self.fields:
            self.fields["published_at"].label = _("Publish on")
