from comments.markup import count_links, render_comment


def test_paragraphs_and_line_breaks_are_kept():
    html = render_comment("First line\nsecond line\n\nNew paragraph")
    assert html == "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>"


def test_bare_urls_become_links_with_nofollow_ugc_noopener():
    html = render_comment("Read https://example.com/a?b=1&c=2. Then think.")
    assert (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>. Then think." in html
    )


def test_the_markdown_subset_renders():
    html = render_comment("*em* **strong** `code` [site](https://example.com)\n\n> quoted")
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert '<a href="https://example.com" rel="nofollow ugc noopener">site</a>' in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html


def test_raw_html_and_script_are_shown_as_text():
    html = render_comment('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_lose_their_target():
    html = render_comment("[click](javascript:alert(1))")
    assert "javascript:" not in html


def test_headings_and_images_are_not_part_of_the_subset():
    html = render_comment("# Big\n\n![x](https://example.com/x.png)")
    assert "<h1" not in html and "<img" not in html


def test_links_are_counted_however_they_are_written():
    assert count_links("https://a.example [b](http://b.example) www.c.example") == 3
    assert count_links("no links here") == 0


def test_nothing_of_one_comment_carries_over_to_the_next():
    """The converter is reused between comments: a link reference defined in one comment must
    not turn the next one's text into a link."""
    first = render_comment("See [the site][ref].\n\n[ref]: https://example.org/defined-before")
    assert 'href="https://example.org/defined-before"' in first
    second = render_comment("Just text with [the site][ref] in brackets.")
    assert "defined-before" not in second and "<a" not in second
