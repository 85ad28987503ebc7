"""make bench's comparison with WordPress (bench/run.py, bench/wordpress.py): the report's ratios
use WordPress measured in the same run, the issue's figures only when WordPress is absent; and the
configuration files of the throw-away WordPress. Pure functions only: nothing is started."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from bench import run, wordpress
from bench.run import SIGNED_IN, Measure, WordPressFigures
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory


def measured(rps: float) -> tuple[Measure, float]:
    return Measure(rps=rps, p50_ms=1.0, p99_ms=2.0, requests=int(rps * 10)), 1.0


OURS = {
    ("home", "off"): measured(110),
    ("post-2", "off"): measured(100),
    ("post-200", "off"): measured(60),
    (SIGNED_IN, "off"): measured(90),
}


def wordpress_measured() -> WordPressFigures:
    return WordPressFigures(
        measured=True,
        results={
            "home": measured(10),
            "post-2": measured(8),
            "post-200": measured(2),
            SIGNED_IN: measured(12),
        },
        comment=(50.0, 20.0, "statuses: [302]"),
    )


def test_targets_compare_with_wordpress_measured_in_this_run():
    rows = run.targets(OURS, None, 20.0, "", wordpress_measured())

    assert "- rendered home page vs WordPress's (10 req/s): 11.0x (target ≥ 10x) — met" in rows
    assert (
        "- rendered post, 2 comments, vs WordPress's (8.0 req/s): 12.5x (target ≥ 10x) — met"
        in rows
    )
    assert (
        "- rendered post, 200 comments, vs WordPress's (2.0 req/s): 30.0x (target ≥ 25x) — met"
        in rows
    )
    assert "- comment POST time vs WordPress's (50.0 ms): 0.40x (target ≤ 0.5x) — met" in rows


def test_the_signed_in_goal_uses_wordpress_anonymous_page_and_the_like_for_like_is_shown_beside():
    rows = run.targets(OURS, None, 20.0, "", wordpress_measured())

    assert (
        "- signed-in reader's post page vs WordPress's post page (8.0 req/s): 11.2x "
        "(target ≥ 10x) — met"
    ) in rows
    assert (
        "- signed-in reader's post page vs WordPress's signed-in subscriber's (12 req/s): 7.5x "
        "(like for like; not the issue's goal)"
    ) in rows


def test_without_wordpress_the_targets_use_the_issue_figures():
    rows = run.targets(OURS, None, 20.0, "", WordPressFigures.recorded())

    assert "- rendered home page vs WordPress's (60 req/s): 1.8x (target ≥ 10x) — NOT met" in rows
    assert any(
        row.startswith("- comment POST time vs WordPress's (16.0 ms): 1.25x") for row in rows
    )
    assert not any("subscriber" in row for row in rows)


def test_measured_wordpress_is_shown_beside_the_issue_figures_not_instead(monkeypatch):
    monkeypatch.setattr(run, "python_speed", lambda: 100.0)
    monkeypatch.setattr(run, "machine", lambda: "test machine")
    args = type("Args", (), {"scale": False, "duration": 1, "warmup": 1, "runs": 1, "note": ""})
    report = run.render(
        args, "SQLite", {"CACHE_DIR": "cache"}, {"home": "/"}, {}, OURS, None,
        (20.0, 30.0, ""), wordpress_measured(),
    )  # fmt: skip

    measured_part, recorded_part = report.split("## The same ratios against the issue's")
    assert "- rendered home page vs WordPress's (10 req/s): 11.0x (target ≥ 10x) — met" in (
        measured_part
    )
    assert "- rendered home page vs WordPress's (60 req/s): 1.8x (target ≥ 10x) — NOT met" in (
        recorded_part
    )


def test_a_page_wordpress_did_not_serve_reads_not_measured():
    figures = wordpress_measured()
    del figures.results["post-200"]

    rows = run.targets(OURS, None, 20.0, "", figures)

    assert "- rendered post, 200 comments, vs WordPress's (not measured): not measured" in rows


def test_the_report_says_where_wordpress_figures_come_from():
    assert wordpress_measured().source == "measured in this run"
    assert WordPressFigures.recorded().source == "the issue's figures"
    assert "same machine speed" in run.wordpress_line(wordpress_measured(), scale=False)
    assert "small data set" in run.wordpress_line(wordpress_measured(), scale=True)
    skipped = run.wordpress_line(WordPressFigures.recorded("--no-wordpress"), scale=False)
    assert "not measured in this run (--no-wordpress)" in skipped
    assert WordPressFigures.recorded().against == "the issue's WordPress figures"


def test_ratio_cells_show_wordpress_figure_and_ratio():
    assert run.ratio_cells(100.0, 8.0) == "8.0 | 12.5x"
    assert run.ratio_cells(52_000.0, 40_600.0, 2) == "40,600 | 1.28x"
    assert run.ratio_cells(100.0, None) == "- | -"


def test_comment_form_hidden_fields_are_read_in_either_quoting():
    ours = '<input type="hidden" name="post" value="12">'
    theirs = (
        "<input type='hidden' name='comment_post_ID' value='4' id='comment_post_ID' />"
        "<input type='hidden' name='comment_parent' id='comment_parent' value='0' />"
    )

    assert run.HIDDEN_FIELD_RE.findall(ours + theirs) == [
        ("post", "12"),
        ("comment_post_ID", "4"),
        ("comment_parent", "0"),
    ]


class SeededWordPress:
    addresses = {
        "syria-aleppo-offensive": "/2015/10/27/syria-aleppo-offensive/",
        "syria-aleppo-offensive-200-comments": "/2015/10/27/syria-aleppo-offensive-200-comments/",
    }
    reader_cookie = "wordpress_logged_in_abc=reader"


def test_each_of_our_pages_maps_to_wordpress_counterpart_and_the_reader_signs_in():
    pages = run.wordpress_pages(
        SeededWordPress(), {"home": "/", "post-2": "/a/", "category": "/c/"}
    )

    assert pages == {
        "home": ("/", ""),
        "post-2": ("/2015/10/27/syria-aleppo-offensive/", ""),
        SIGNED_IN: ("/2015/10/27/syria-aleppo-offensive/", "wordpress_logged_in_abc=reader"),
    }


def config(tmp_path: Path) -> str:
    return wordpress.wp_config(
        url="http://127.0.0.1:8109",
        docroot=tmp_path / "wordpress",
        database={**wordpress.DATABASE, "password": "it's"},
        salt="s",
    )


def test_wp_config_names_its_own_database_and_address_and_turns_cron_off(tmp_path):
    text = config(tmp_path)

    assert "define('DB_NAME', 'broadsheet_bench_wp');" in text
    assert "define('DB_PASSWORD', 'it\\'s');" in text
    assert "define('WP_HOME', 'http://127.0.0.1:8109');" in text
    assert f"define('WP_CONTENT_DIR', '{tmp_path}/wordpress/wp-content');" in text
    assert "define('DISABLE_WP_CRON', true);" in text
    assert text.rstrip().endswith("require_once ABSPATH . 'wp-settings.php';")
    assert "/etc/wordpress" not in text


def test_php_fpm_pool_is_static_with_as_many_workers_as_asked(tmp_path):
    as_root = wordpress.fpm_config(tmp=tmp_path, children=3, as_root=True)
    as_user = wordpress.fpm_config(tmp=tmp_path, children=3, as_root=False)

    assert "pm = static\npm.max_children = 3\n" in as_root
    assert f"listen = {tmp_path}/php-fpm.sock" in as_root
    assert "daemonize = no" in as_root
    assert "user = www-data" in as_root
    assert "user =" not in as_user


def test_nginx_passes_php_to_the_pool_and_pretty_permalinks_to_index_php(tmp_path):
    text = wordpress.nginx_config(tmp=tmp_path, docroot=tmp_path / "wp", port=8109, workers=2)

    assert "listen 127.0.0.1:8109;" in text
    assert f"root {tmp_path}/wp;" in text
    assert "try_files $uri $uri/ /index.php?$args;" in text
    assert f"fastcgi_pass unix:{tmp_path}/php-fpm.sock;" in text


def test_plain_start_stops_where_wordpress_would_curl_a_quote():
    assert wordpress.plain_start("Both, I think. Aleppo was Syria's largest") == (
        "Both, I think. Aleppo was Syria"
    )


@pytest.mark.skipif(shutil.which("php") is None, reason="PHP is not installed (WordPress absent)")
@pytest.mark.parametrize("name", ["wp-config.php", "wordpress.php", "mu-plugin.php"])
def test_the_php_we_write_parses(tmp_path, name):
    sources = {
        "wp-config.php": config(tmp_path),
        "wordpress.php": wordpress.PHP_SCRIPT.read_text(),
        "mu-plugin.php": wordpress.MU_PLUGIN,
    }
    path = tmp_path / name
    path.write_text(sources[name])

    lint = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True, check=False)

    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_make_bench_wordpress_deps_installs_the_packages_the_benchmark_names():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    line = makefile.split("WORDPRESS_PACKAGES := ", 1)[1].split("\nbench-wordpress-deps:")[0]

    assert line.replace("\\\n\t", "").split() == wordpress.PACKAGES.split()


@pytest.mark.django_db
def test_wordpress_gets_our_home_page_posts_with_their_approved_threaded_comments():
    older = PostFactory(title="Older", published_at=timezone.now() - datetime.timedelta(days=3))
    newer = PostFactory(title="Newer", body="Some *words*.")
    PostFactory(slug="bench-scale-1", title="Scale post")
    top = CommentFactory(post=newer, body="First!")
    reply = CommentFactory(post=newer, parent=top, author_name="", user=newer.author, body="Hi.")
    CommentFactory(post=newer, status=Comment.Status.PENDING, body="Held")

    content = wordpress.our_content()

    assert [post["title"] for post in content["posts"]] == ["Newer", "Older"]
    [entry] = [post for post in content["posts"] if post["slug"] == newer.slug]
    assert entry["html"] == newer.body_html
    assert [(c["id"], c["parent"], c["content"]) for c in entry["comments"]] == [
        (top.pk, None, "First!"),
        (reply.pk, top.pk, "Hi."),
    ]
    assert entry["comments"][1]["by_author"] is True
    assert entry["comments"][1]["author"] == newer.author.display_name
    assert content["posts_per_page"] == 10
    assert older.slug in {post["slug"] for post in content["posts"]}
