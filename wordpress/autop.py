"""WordPress's ``wpautop``: blank lines become paragraphs, single newlines become ``<br />``.

A port of the PHP function (wp-includes/formatting.php), step by step, so classic-editor posts
look the way they did on WordPress. Text inside ``<pre>`` is kept as it is.
"""

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
NEWLINE_MARK = " <!-- wpnl --> "
PRESERVE_MARK = "<WPPreserveNewline />"
TAG_OR_COMMENT_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
PRE_RE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)


def _replace_newlines_in_tags(text: str) -> str:
    """Newlines inside a tag or an HTML comment must not become paragraphs."""
    parts = TAG_OR_COMMENT_RE.split(text)
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace("\n", NEWLINE_MARK)
    return "".join(parts)


def wpautop(text: str, br: bool = True) -> str:
    if text.strip() == "":
        return ""
    pre_tags: dict[str, str] = {}
    text = text + "\n"

    if "<pre" in text:

        def keep_pre(match: re.Match) -> str:
            name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
            pre_tags[name] = match.group(0)
            return name

        text = PRE_RE.sub(keep_pre, text)

    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + ALL_BLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + ALL_BLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_newlines_in_tags(text)

    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)

    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join("<p>" + paragraph.strip("\n") + "</p>\n" for paragraph in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)

    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda match: match.group(0).replace("\n", PRESERVE_MARK),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace(PRESERVE_MARK, "\n")

    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)

    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text
