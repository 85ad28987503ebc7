import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from blog.models import Category, Page, Post, Tag


def can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("blog.view_post")


class PostListMixin:
    """What every list of posts shares: published posts only, paginated, one template."""

    model = Post
    paginate_by = settings.BLOG_POSTS_PER_PAGE
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    heading = ""

    def get_queryset(self):
        return Post.objects.published().for_listing()

    def get_heading(self) -> str:
        return self.heading

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.get_heading(), **kwargs)


class HomeView(PostListMixin, ListView):
    def get_queryset(self):
        return super().get_queryset().order_by("-sticky", "-published_at", "-pk")


class CategoryView(PostListMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(categories=self.category)

    def get_heading(self) -> str:
        return f"Category: {self.category.name}"


class TagView(PostListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self) -> str:
        return f"Tag: {self.tag.name}"


class AuthorView(PostListMixin, ListView):
    def get_queryset(self):
        self.author = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        return super().get_queryset().filter(author=self.author)

    def get_heading(self) -> str:
        return f"Author: {self.author.get_display_name()}"


class YearArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        return super().get_queryset().filter(published_at__year=self.kwargs["year"])

    def get_heading(self) -> str:
        return f"Year: {self.kwargs['year']}"


class MonthArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        if not 1 <= self.kwargs["month"] <= 12:
            raise Http404("No such month.")
        return (
            super()
            .get_queryset()
            .filter(
                published_at__year=self.kwargs["year"], published_at__month=self.kwargs["month"]
            )
        )

    def get_heading(self) -> str:
        month = datetime.date(self.kwargs["year"], self.kwargs["month"], 1)
        return f"Month: {month:%B %Y}"


class PostDetailView(DetailView):
    """A post at its permalink. Staff may also see drafts and scheduled posts there."""

    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        # One post: its categories and tags are read by the template (a query each), which
        # costs the same queries as prefetch_related without its machinery.
        posts = Post.objects.select_related("author", "featured_image")
        if can_preview(self.request.user):
            return posts
        return posts.published()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.get_absolute_url() != request.path:
            # The date in the address is wrong (or the post was re-dated): go to the real one.
            return redirect(self.object, permanent=self.object.is_public)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_public:
            response.headers["Cache-Control"] = "private, no-cache, no-store, must-revalidate"
        return response

    def get_context_data(self, **kwargs):
        post = self.object
        context = super().get_context_data(**kwargs)
        if post.published_at is not None:
            neighbours = Post.objects.published().only("title", "slug", "published_at")
            context["previous_post"] = (
                neighbours.filter(published_at__lt=post.published_at)
                .order_by("-published_at", "-pk")
                .first()
            )
            context["next_post"] = (
                neighbours.filter(published_at__gt=post.published_at)
                .order_by("published_at", "pk")
                .first()
            )
        return context


@method_decorator(never_cache, name="dispatch")
class PostPreviewView(PostDetailView):
    """A draft that has no date yet, for staff only; everyone else gets a plain 404."""

    def get_queryset(self):
        if not can_preview(self.request.user):
            raise Http404("No such post.")
        return super().get_queryset()

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return self.render_to_response(self.get_context_data(object=self.object))


class PageDetailView(DetailView):
    template_name = "blog/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()
