"""Rendering for reading: headings under the title, tables in a scrolling box, code reachable by
keyboard, WordPress's markers kept between separately rendered parts, styles never kept."""

from blog.markup import MORE_MARKER, NEXTPAGE_MARKER, render_markdown


def test_a_body_with_an_h1_moves_every_heading_one_level_down():
    html = render_markdown("# Top\n\n## Under\n\n###### Deepest")
    assert '<h2 id="top">Top</h2>' in html
    assert '<h3 id="under">Under</h3>' in html
    assert '<h6 id="deepest">Deepest</h6>' in html
    assert "<h1" not in html


def test_a_body_without_h1_keeps_its_levels():
    assert '<h2 id="a">A</h2>' in render_markdown("## A\n\n### B")
    assert '<h3 id="b">B</h3>' in render_markdown("## A\n\n### B")


def test_every_table_sits_in_a_box_that_scrolls_sideways():
    html = render_markdown("<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>")
    assert html.count('<div class="table-scroll"') == 1  # the outer one only
    assert html.endswith("</table></td></tr></tbody></table></div>")


def test_preformatted_text_is_focusable_so_it_can_be_scrolled_by_keyboard():
    assert '<pre tabindex="0"><code>' in render_markdown("    long code line")


def test_more_and_nextpage_markers_survive_sanitizing_but_nothing_else_does():
    html = render_markdown("One\n\n<!--more-->\n\nTwo <!-- a note -->\n\n<!--nextpage-->\n\nThree")
    assert html.count(MORE_MARKER) == 1 and html.count(NEXTPAGE_MARKER) == 1
    assert "a note" not in html


def test_style_attributes_never_survive():
    html = render_markdown('<div class="wp-block-spacer" style="height:100px"></div>')
    assert html == '<div class="wp-block-spacer"></div>'
