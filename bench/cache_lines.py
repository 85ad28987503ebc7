"""Lines of caching code in a checkout: `python bench/cache_lines.py [DIR]` (default: this one).

Non-blank lines, docstrings and comments included, of the modules that are all caching and of
the named parts of mixed modules; a named part counts only if it has to do with the cache (it
says cache, kept or generation), so the same list measures the code before and after issue 15.
"""

import ast
import sys
from pathlib import Path

WHOLE = [
    "blog/pagecache.py",
    "blog/article_cache.py",
    "comments/thread_cache.py",
    "core/localcache.py",
    "core/staticfiles.py",
    "blog/signals.py",
    "blog/navigation.py",
    "core/cache.py",
    "core/templatetags/kept.py",
    "accounts/signals.py",
    "blog/management/commands/purge_page_cache.py",
]
PARTS = {  # top-level functions, classes and constants, or Class.method
    "blog/sidebar.py": [
        "cache_timeout", "_get_fresh", "_keep", "render_sidebar", "forget_sidebar",
        "related_posts", "forget_related", "SIDEBAR_KEY", "RELATED_GENERATION_KEY",
    ],
    "comments/signals.py": ["discussion_settings_changed", "comment_changed", "commenter_changed"],
    "comments/models.py": [
        "DiscussionSettings.load", "DiscussionSettings.forget", "DiscussionSettings._values",
        "DISCUSSION_CACHE_KEY",
    ],
    "comments/forms.py": [
        "BlankCommentForm", "fragment_key", "FRAGMENT_VERSION", "CommentForm.is_pristine",
        "CommentForm.fragment_key", "CommentForm.full",
    ],
    "blog/views.py": ["PostDetailView.keep_article"],
}  # fmt: skip


def counted(lines: list[str], *, named: bool) -> int:
    text = "\n".join(lines).lower()
    if named and not any(word in text for word in ("cache", "kept", "generation")):
        return 0
    return sum(1 for line in lines if line.strip())


def parts_of(path: Path, names: list[str]) -> int:
    text = path.read_text()
    lines = text.splitlines()

    def span(node) -> list[str]:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        return lines[start - 1 : node.end_lineno]

    total = 0
    for node in ast.parse(text).body:
        is_def = isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in names
        is_constant = isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) in names for target in node.targets
        )
        if is_def or is_constant:
            total += counted(span(node), named=True)
        if isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef) and f"{node.name}.{sub.name}" in names:
                    total += counted(span(sub), named=True)
    return total


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    rows = [
        (rel, counted((root / rel).read_text().splitlines(), named=False))
        for rel in WHOLE
        if (root / rel).exists()
    ]
    rows += [
        (f"{rel} ({', '.join(names)})", parts_of(root / rel, names))
        for rel, names in PARTS.items()
        if (root / rel).exists()
    ]
    for name, count in rows:
        print(f"{count:5d}  {name}")
    print(f"{sum(count for _, count in rows):5d}  total")


if __name__ == "__main__":
    main()
