import pytest

from blog.markup import excerpt_from_html, render_markdown

HOSTILE_INPUTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">para</p>',
    '<object data="x.swf"></object>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name="q"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "![x](javascript:alert(1))",
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]


@pytest.mark.parametrize("hostile", HOSTILE_INPUTS)
def test_hostile_markdown_is_defused(hostile):
    html = render_markdown(hostile).lower()
    for needle in (
        "<script",
        "javascript:",
        "vbscript:",
        "data:text",
        "onerror",
        "onload",
        "onclick",
        "<iframe",
        "<object",
        "<style",
        "<form",
        "<svg",
        "<meta",
    ):
        assert needle not in html, (hostile, html)


def test_article_structure_is_kept():
    html = render_markdown(
        "## A heading\n\nA [link](https://example.com) and `code`.\n\n"
        "> quoted\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "![a map](/media/map.jpg)"
    )
    assert '<h2 id="a-heading">A heading</h2>' in html
    assert '<a href="https://example.com" rel="noopener">link</a>' in html
    assert "<code>code</code>" in html
    assert "<blockquote>" in html
    assert "<li>one</li>" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<img alt="a map" src="/media/map.jpg">' in html


def test_excerpt_strips_tags_and_entities():
    assert excerpt_from_html("<p>Fish &amp; <em>chips</em></p>") == "Fish & chips"
