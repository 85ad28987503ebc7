"""Memory and time of import_wordpress on a generated WordPress export; prints a Markdown table.

    .venv/bin/python bench/wxr_memory.py                      # one 20 MB export
    .venv/bin/python bench/wxr_memory.py --megabytes 5 20     # flat memory: compare sizes
    .venv/bin/python bench/wxr_memory.py --megabytes 200      # the issue's size (takes a while)

Each size is generated into a temporary folder, then imported by a child process of its own into
a fresh SQLite database, so the peak resident memory (getrusage's maxrss) belongs to that import
alone. "growth" is the peak minus what the process held before the import started (Django loaded,
database migrated). Flat memory means the growth does not rise with the size of the file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench blog</title><link>https://bench.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example.com</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[writer]]></wp:author_login>
<wp:author_email><![CDATA[writer@example.com]]></wp:author_email>
<wp:author_display_name><![CDATA[Writer]]></wp:author_display_name></wp:author>
"""
PARAGRAPH = (
    "The offensive began at dawn and the city woke to the sound of it; "
    "reporters counted the hours, the names and the streets, and wrote down what they saw. "
) * 4
COMMENTS_PER_POST = 6


def category_xml(n: int) -> str:
    parent = f"section-{n // 5}" if n % 5 else ""
    return (
        f"<wp:category><wp:category_nicename><![CDATA[section-{n}]]></wp:category_nicename>"
        f"<wp:category_parent><![CDATA[{parent}]]></wp:category_parent>"
        f"<wp:cat_name><![CDATA[Section {n}]]></wp:cat_name></wp:category>\n"
    )


def item_xml(n: int) -> str:
    day = f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:00:00"
    body = "\n\n".join(f"{PARAGRAPH} (part {p} of post {n})" for p in range(12))
    body += f'\n\nSee <a href="https://bench.example.com/?p={max(1, n - 1)}">the one before</a>.'
    comments = []
    for c in range(COMMENTS_PER_POST):
        cid = n * 100 + c
        parent = cid - 1 if c % 3 else 0
        comments.append(
            f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
            f"<wp:comment_author><![CDATA[Reader {c}]]></wp:comment_author>"
            f"<wp:comment_author_email>r{c}@example.com</wp:comment_author_email>"
            f"<wp:comment_author_IP>203.0.113.{c}</wp:comment_author_IP>"
            f"<wp:comment_date>{day}</wp:comment_date><wp:comment_date_gmt>{day}"
            f"</wp:comment_date_gmt><wp:comment_content><![CDATA[{PARAGRAPH[:300]}]]>"
            f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
            f"<wp:comment_type></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
            f"</wp:comment>"
        )
    return (
        f"<item><title>Post number {n} &amp; more</title>"
        f"<link>https://bench.example.com/{day[:4]}/{day[5:7]}/{day[8:10]}/post-{n}/</link>"
        f"<dc:creator><![CDATA[writer]]></dc:creator>"
        f'<guid isPermaLink="false">https://bench.example.com/?p={n}</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{n}</wp:post_id>"
        f"<wp:post_date>{day}</wp:post_date><wp:post_date_gmt>{day}</wp:post_date_gmt>"
        f"<wp:comment_status>open</wp:comment_status><wp:post_name>post-{n}</wp:post_name>"
        f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="section-{n % 40}"><![CDATA[Section {n % 40}]]>'
        f'</category><category domain="post_tag" nicename="tag-{n % 200}">'
        f"<![CDATA[Tag {n % 200}]]></category>{''.join(comments)}</item>\n"
    )


def generate(path: Path, megabytes: float) -> int:
    """Write an export of about ``megabytes`` MB; return the number of posts."""
    target = int(megabytes * 1024 * 1024)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        out.write("".join(category_xml(n) for n in range(40)))
        n = 0
        while out.tell() < target:
            n += 1
            out.write(item_xml(n))
        out.write("</channel>\n</rss>\n")
    return n


def maxrss_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(export: Path) -> None:
    """Import ``export`` into the database named by DATABASE_URL and print JSON numbers."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from wordpress.importer import WordPressImporter

    call_command("migrate", verbosity=0)
    before = maxrss_mb()
    started = time.perf_counter()
    report = WordPressImporter(progress=lambda message: print(message, file=sys.stderr)).run(export)
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "before_mb": before,
                "peak_mb": maxrss_mb(),
                "posts": report.created["post"],
                "comments": report.created["comment"],
            }
        )
    )


def measure(megabytes: float, folder: Path) -> dict:
    export = folder / f"export-{megabytes}mb.xml"
    posts = generate(export, megabytes)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / f'bench-{megabytes}.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(export)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    numbers["file_mb"] = export.stat().st_size / 1024 / 1024
    # The summary must match the file: every generated post and comment was imported.
    numbers["matches"] = (
        numbers["posts"] == posts and numbers["comments"] == posts * COMMENTS_PER_POST
    )
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[20.0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="wxr-bench-") as tmp:
        for megabytes in args.megabytes:
            rows.append(measure(megabytes, Path(tmp)))
    print(
        "| export | posts | comments | import time | items/s | peak RSS | RSS growth "
        "| counts match the file |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |")
    for row in rows:
        print(
            f"| {row['file_mb']:.1f} MB | {row['posts']} | {row['comments']} "
            f"| {row['seconds']:.1f} s | {row['posts'] / row['seconds']:.0f} "
            f"| {row['peak_mb']:.0f} MB | {row['peak_mb'] - row['before_mb']:.0f} MB "
            f"| {'yes' if row['matches'] else 'NO'} |"
        )


if __name__ == "__main__":
    main()
