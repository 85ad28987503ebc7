"""``{% kept "name" part ... %}…{% endkept %}``: a template fragment kept in the cache's
generation (``core.cache``), like Django's ``{% cache %}`` but never stale: whatever the
fragment shows must be the same for every reader given its name and parts."""

from django import template
from django.utils.safestring import mark_safe

from core import cache as kept

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context) -> str:
        parts = [part.resolve(context) for part in self.parts]
        html = kept.kept(self.name.resolve(context), lambda: self.nodelist.render(context), *parts)
        return mark_safe(html)  # noqa: S308 (rendered by our own autoescaping templates)


@register.tag("kept")
def do_kept(parser, token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
