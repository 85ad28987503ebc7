"""WordPress beside Broadsheet in the same benchmark run, so both see the same machine speed.

A throw-away WordPress from Debian's package: a copy of /usr/share/wordpress in a temporary
folder with a wp-config.php of its own (Debian's reads /etc/wordpress, which stays untouched), its
own MariaDB database (dropped and re-created each run, dropped at the end), php-fpm in the
foreground with a static pool the size of our gunicorn, and nginx on a loopback port of its own.
It is seeded through WordPress's own PHP functions (bench/wordpress.php) with what our benchmark
seeded: the same posts on the home page, the reference post's body, comments and featured image,
the copies with 200 and 2,000 comments, and a subscriber who signs in through wp-login.php.

Install it with `make bench-wordpress-deps` (the packages are in ``PACKAGES``).
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from bench.tools import HOST, Server, find_program, get, wait_until_up

BENCH_DIR = Path(__file__).resolve().parent
PHP_SCRIPT = BENCH_DIR / "wordpress.php"
WORDPRESS_DIR = Path("/usr/share/wordpress")
PHP_FPM = "php-fpm8.2"
#: What `make bench-wordpress-deps` installs (WORDPRESS_PACKAGES in the Makefile); the theme is
#: WordPress 6.1's default, Twenty Twenty-Three (only recommended by the wordpress package).
PACKAGES = (
    "wordpress wordpress-theme-twentytwentythree php8.2-fpm php8.2-cli php8.2-mysql "
    "php8.2-opcache nginx wrk"
)
DATABASE = {
    "host": os.environ.get("BENCH_WORDPRESS_DB_HOST", "127.0.0.1"),
    "port": int(os.environ.get("BENCH_WORDPRESS_DB_PORT", "3306")),
    "user": os.environ.get("BENCH_WORDPRESS_DB_USER", "root"),
    "password": os.environ.get("BENCH_WORDPRESS_DB_PASSWORD", ""),
    "name": os.environ.get("BENCH_WORDPRESS_DB_NAME", "broadsheet_bench_wp"),
}
PERMALINKS = "/%year%/%monthnum%/%day%/%postname%/"
READER = "bench-reader"


def missing() -> str | None:
    """Why WordPress cannot be measured here, or None when it can."""
    if not (WORDPRESS_DIR / "wp-settings.php").exists():
        return f"Debian's wordpress package is not installed ({WORDPRESS_DIR})"
    if not any((WORDPRESS_DIR / "wp-content/themes").glob("*/theme.json")):
        return "no WordPress theme is installed (wordpress-theme-twentytwentythree)"
    for program in ("php", PHP_FPM, "nginx"):
        if find_program(program) is None:
            return f"{program} is not installed"
    return None


def version() -> str:
    found = re.search(
        r"\$wp_version = '([^']+)'", (WORDPRESS_DIR / "wp-includes/version.php").read_text()
    )
    return found.group(1) if found else "?"


def php_version() -> str:
    command = [find_program("php"), "-r", "echo PHP_VERSION;"]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout or "?"


# --- Configuration files ------------------------------------------------------------------------
def wp_config(*, url: str, docroot: Path, database: dict, salt: str) -> str:
    """Our wp-config.php: the database, the address, and two things a benchmark machine needs
    (no cron spawned by page views, as a production site runs it from a timer; no outbound HTTP:
    this machine reaches no update server, and a page must not wait on one)."""
    keys = [
        "AUTH_KEY",
        "SECURE_AUTH_KEY",
        "LOGGED_IN_KEY",
        "NONCE_KEY",
        "AUTH_SALT",
        "SECURE_AUTH_SALT",
        "LOGGED_IN_SALT",
        "NONCE_SALT",
    ]
    constants = {
        "DB_NAME": database["name"],
        "DB_USER": database["user"],
        "DB_PASSWORD": database["password"],
        "DB_HOST": f"{database['host']}:{database['port']}",
        "DB_CHARSET": "utf8mb4",
        "DB_COLLATE": "",
        **{key: f"{salt}-{key}" for key in keys},
        "WP_HOME": url,
        "WP_SITEURL": url,
        "WP_CONTENT_DIR": str(docroot / "wp-content"),
        "WP_CONTENT_URL": f"{url}/wp-content",
        "DISABLE_WP_CRON": True,
        "WP_HTTP_BLOCK_EXTERNAL": True,
        "AUTOMATIC_UPDATER_DISABLED": True,
    }
    lines = ["<?php", "// Written by bench/wordpress.py for one benchmark run."]
    lines += [f"define({php(name)}, {php(value)});" for name, value in constants.items()]
    lines += [
        "$table_prefix = 'wp_';",
        "defined('ABSPATH') || define('ABSPATH', __DIR__ . '/');",
        "require_once ABSPATH . 'wp-settings.php';",
        "",
    ]
    return "\n".join(lines)


def php(value) -> str:
    """A PHP literal: a quoted string (backslashes and quotes escaped) or a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


#: A must-use plugin of ours: WordPress's comment-flood check off for the comment POST measurement
#: (20 comments from one address in seconds), as our benchmark relaxes ours. Nothing else.
MU_PLUGIN = """<?php
/* Plugin Name: Benchmark: no comment-flood check (bench/wordpress.py) */
remove_action('check_comment_flood', 'check_comment_flood_db', 10);
"""


def fpm_config(*, tmp: Path, children: int, as_root: bool) -> str:
    """php-fpm's configuration: one static pool of ``children`` workers, on a socket in ``tmp``.
    PHP's settings are Debian's (its php.ini and conf.d: opcache on)."""
    user = "user = www-data\ngroup = www-data\n" if as_root else ""
    return f"""[global]
pid = {tmp}/php-fpm.pid
error_log = {tmp}/php-fpm.log
daemonize = no

[bench]
{user}listen = {tmp}/php-fpm.sock
listen.mode = 0666
pm = static
pm.max_children = {children}
catch_workers_output = yes
php_admin_value[error_log] = {tmp}/php-errors.log
"""


def nginx_config(*, tmp: Path, docroot: Path, port: int, workers: int) -> str:
    """nginx in front of php-fpm, as WordPress's own documentation sets it up for pretty
    permalinks; /static-reference.html is a file (run.py puts our post page there)."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
{temp_paths}
    server {{
        listen {HOST}:{port};
        root {docroot};
        index index.php;
        location = /static-reference.html {{ root {tmp}/static; }}
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ \\.php$ {{
            include /etc/nginx/fastcgi.conf;
            fastcgi_pass unix:{tmp}/php-fpm.sock;
        }}
    }}
}}
"""


# --- Content: what our benchmark seeded, read from our database ---------------------------------
def our_content(*, exclude_slug_prefix: str = "bench-scale-") -> dict:
    """The blog as our home page shows it (without --scale's extra posts): its posts, newest first,
    with their comments, tags, categories and featured image, and the discussion settings."""
    from blog.conf import app_settings
    from blog.models import Blog, Post
    from comments.models import DiscussionSettings

    per_page = app_settings.BLOG_POSTS_PER_PAGE
    posts = (
        Post.objects.published()
        .exclude(slug__startswith=exclude_slug_prefix)
        .order_by("-sticky", "-published_at", "-pk")
        .select_related("author", "featured_image")
        .prefetch_related("categories", "tags")[:per_page]
    )
    blog = Blog.objects.order_by("pk").first() or Blog()
    discussion = DiscussionSettings.objects.order_by("pk").first() or DiscussionSettings()
    author = posts[0].author
    return {
        "blog": {"name": blog.name, "tagline": blog.tagline},
        "author": {
            "login": author.username,
            "display_name": author.display_name,
            "email": author.email or "author@example.com",
        },
        "posts_per_page": per_page,
        "comments_per_page": discussion.per_page,
        "comments_depth": discussion.max_depth,
        "posts": [post_entry(post) for post in posts],
    }


def post_entry(post) -> dict:
    from comments.models import Comment

    comments = Comment.objects.filter(post=post, status=Comment.Status.APPROVED)
    return {
        "slug": post.slug,
        "title": post.title,
        "html": post.body_html,
        "excerpt": "",
        "date_gmt": f"{post.published_at:%Y-%m-%d %H:%M:%S}",
        "categories": [category.name for category in post.categories.all()],
        "tags": [tag.name for tag in post.tags.all()],
        "image": image_of(post.featured_image),
        "comments": [
            comment_entry(comment, post)
            for comment in comments.select_related("user").order_by("created_at", "pk")
        ],
    }


def comment_entry(comment, post) -> dict:
    user = comment.user
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author": comment.author_name or (user.display_name if user else ""),
        "email": comment.author_email or (user.email if user else ""),
        "url": comment.author_url,
        "content": comment.body,
        "date_gmt": f"{comment.created_at:%Y-%m-%d %H:%M:%S}",
        "by_author": comment.user_id == post.author_id,
    }


def plain_start(text: str) -> str:
    """The start of ``text`` that WordPress shows unchanged (it curls quotes and dashes)."""
    return re.match(r"[\w ,.:()]{0,40}", text).group().strip()


def image_of(image) -> dict | None:
    if image is None or not image.file:
        return None
    with contextlib.suppress(ValueError, NotImplementedError):
        return {
            "path": image.file.path,
            "title": Path(image.file.name).stem,
            "alt": image.alt_text,
            "caption": image.caption,
        }
    return None


# --- The running site ---------------------------------------------------------------------------
@dataclass
class WordPress:
    """A WordPress of our own, started by ``start()``; ``stop()`` removes all of it."""

    tmp: Path
    port: int
    site_file: Path
    fpm: Server | None = None
    nginx: subprocess.Popen | None = None
    addresses: dict | None = None
    reader_cookie: str = ""

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def run_php(self, *arguments: str) -> dict:
        output = subprocess.run(
            [find_program("php"), str(PHP_SCRIPT), *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0 or not output.stdout.strip():
            raise SystemExit(f"WordPress's {arguments[0]} failed: {output.stderr or output.stdout}")
        return json.loads(output.stdout.strip().splitlines()[-1])

    def queries(self, path: str, cookie: str = "") -> int | None:
        """How many queries WordPress sends for ``path`` (one request through the php CLI, after
        one to warm what WordPress stores on a first visit)."""
        with contextlib.suppress(SystemExit, ValueError):
            self.run_php("queries", str(self.site_file), path, cookie)
            return self.run_php("queries", str(self.site_file), path, cookie)["queries"]
        return None

    def comments_created(self) -> dict[str, int]:
        """The comments the POST measurement created, by status."""
        return self.run_php("count", str(self.site_file))["created"]

    def sign_in(self, login: str, password: str) -> str:
        """A ``Cookie`` header of ``login`` after signing in through wp-login.php."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        body = urllib.parse.urlencode(
            {"log": login, "pwd": password, "wp-submit": "Log In", "testcookie": "1"}
        )
        connection.request(
            "POST",
            "/wp-login.php",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "wordpress_test_cookie=WP%20Cookie%20check",
            },
        )
        response = connection.getresponse()
        response.read()
        cookies = [
            header.split(";")[0]
            for header in response.msg.get_all("Set-Cookie") or []
            if "path=/;" in header.replace(" ", "") + ";" and "=deleted" not in header
        ]
        connection.close()
        if response.status != 302 or not any("logged_in" in cookie for cookie in cookies):
            raise SystemExit(f"signing in to WordPress failed (HTTP {response.status})")
        return "; ".join(cookies)

    def save_static_file(self, html: bytes) -> None:
        """``html`` as /static-reference.html, served by WordPress's nginx as a file."""
        (self.tmp / "static" / "static-reference.html").write_bytes(html)

    def check_page(self, path: str, title: str, texts: list[str], cookie: str = "") -> None:
        """Stop the run unless WordPress renders ``path`` as a seeded post page should."""
        status, _, html = get(self.base + path, headers={"Cookie": cookie} if cookie else None)
        page = html.decode(errors="replace")
        problems = [f"HTTP {status}"] if status != 200 else []
        problems += ["the install screen"] if "wp-admin/install.php" in page else []
        problems += [f"no {text[:40]!r}" for text in [title, *texts] if text not in page]
        if problems:
            raise SystemExit(f"WordPress's {path} is not the seeded page: {', '.join(problems)}")

    def check_posts(self, content: dict, slugs: list[str]) -> None:
        """Stop the run unless each post renders with its title and first comments, and the
        subscriber's page has the toolbar of a signed-in reader."""
        for post in content["posts"]:
            if post["slug"] in slugs:
                texts = [plain_start(comment["content"]) for comment in post["comments"][:2]]
                self.check_page(self.addresses[post["slug"]], plain_start(post["title"]), texts)
        self.check_page(self.addresses[slugs[0]], 'id="wpadminbar"', [], self.reader_cookie)

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        if self.fpm is not None:
            self.fpm.stop()
        with contextlib.suppress(SystemExit):
            self.run_php("drop", str(self.site_file))
        shutil.rmtree(self.tmp, ignore_errors=True)


def start(tmp: Path, *, port: int, children: int, content: dict) -> WordPress:
    """Copy, configure, install, seed and serve WordPress in the empty folder ``tmp``, on
    ``port``."""
    docroot = tmp / "wordpress"
    shutil.copytree(WORDPRESS_DIR, docroot, symlinks=True)
    (docroot / "wp-content" / "mu-plugins").mkdir(exist_ok=True)
    (docroot / "wp-content" / "mu-plugins" / "bench-no-flood-check.php").write_text(MU_PLUGIN)
    (docroot / "wp-content" / "uploads").mkdir(exist_ok=True)
    (tmp / "static").mkdir()
    url = f"http://{HOST}:{port}"
    (docroot / "wp-config.php").write_text(
        wp_config(url=url, docroot=docroot, database=DATABASE, salt=secrets.token_hex(24))
    )
    tmp.chmod(0o755)  # php-fpm's workers (www-data) read the copy
    password = secrets.token_urlsafe(16)
    site = {
        **content,
        "docroot": str(docroot),
        "url": url,
        "database": DATABASE,
        "permalink_structure": PERMALINKS,
        "author": {**content["author"], "password": secrets.token_urlsafe(16)},
        "reader": {"login": READER, "password": password, "email": "reader@example.org"},
    }
    site_file = tmp / "site.json"
    site_file.write_text(json.dumps(site))
    site_file.chmod(0o600)
    wordpress = WordPress(tmp, port, site_file)
    try:
        wordpress.run_php("install", str(site_file))
        wordpress.addresses = wordpress.run_php("seed", str(site_file))["addresses"]
        serve(wordpress, children=children)
        wordpress.reader_cookie = wordpress.sign_in(READER, password)
    except BaseException:
        wordpress.stop()
        raise
    return wordpress


def serve(wordpress: WordPress, *, children: int) -> None:
    tmp = wordpress.tmp
    fpm_conf = tmp / "php-fpm.conf"
    fpm_conf.write_text(fpm_config(tmp=tmp, children=children, as_root=os.geteuid() == 0))
    fpm = subprocess.Popen([find_program(PHP_FPM), "--nodaemonize", "--fpm-config", str(fpm_conf)])
    wordpress.fpm = Server(wordpress.port, fpm)
    nginx_conf = tmp / "nginx.conf"
    nginx_conf.write_text(
        nginx_config(
            tmp=tmp, docroot=tmp / "wordpress", port=wordpress.port, workers=os.cpu_count() or 1
        )
    )
    wordpress.nginx = subprocess.Popen(
        [find_program("nginx"), "-p", str(tmp), "-c", str(nginx_conf)]
    )
    wait_until_up(wordpress.base + "/", fpm, seconds=30)
