"""Broadsheet's benchmark: `make bench` (or `.venv/bin/python bench/run.py --help`).

Starts the site with production settings under gunicorn (PostgreSQL when DATABASE_URL says so,
else a SQLite file of its own), creates the data (the reference post with 2, 200 and 2,000
threaded comments; --scale adds 10,000 posts and 1,000,000 comments), warms each page, and
measures it with wrk over loopback: with the page cache off, on, and through nginx serving the
cached files when nginx is installed, next to nginx serving the same HTML as a static file.
When Debian's WordPress is installed (`make bench-wordpress-deps`), a WordPress seeded with the
same content is measured in the same run, each page taking turns with ours (bench/wordpress.py);
else the ratios use the issue's figures for WordPress. Prints one markdown table and writes it,
with the machine and WordPress's figures, to bench/RESULTS.md (or --output).
"""

import argparse
import contextlib
import datetime
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# Run as a script, this folder comes first on the path: put the checkout before it, so that
# `wordpress` is the app and the benchmark's own modules are `bench.*`.
sys.path.insert(0, str(ROOT))

from bench import wordpress  # noqa: E402
from bench.tools import HOST, Server, debian_tool, get, wait_until_up  # noqa: E402

VENV_BIN = Path(sys.executable).parent
#: A memory file system for the file cache and the page files, when the machine has one.
SHM = "/dev/shm"  # noqa: S108 (only under fresh names from tempfile.mkdtemp)
MEMORY_DIR = SHM if os.access(SHM, os.W_OK) else None

# The numbers to beat (issue 11): WordPress 6.1, PHP 8.2 + opcache, nginx, MariaDB, 2 cores,
# wrk -t2 -c16 -d20s after a 5 s warm-up, medians of 5 runs.
WORDPRESS = {
    "post-2": {"rps": 53, "queries": 34, "p50_1c": 33},
    "post-200": {"rps": 5, "queries": 40, "p50_1c": 305},
    "home": {"rps": 60},
    # Issue 15: a signed-in reader's post page against WordPress's post page (2 comments).
    "post-2, signed-in reader": {"rps": 53},
    "comment_post_ms": 16,
    "static_rps": 40_600,
}


WORDPRESS_DEPS = "install it with `make bench-wordpress-deps`"


# --- Environment: production settings, our own database unless DATABASE_URL is given ----------
def production_env(args) -> dict[str, str]:
    env = {
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or "sqlite:///bench/bench.sqlite3",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600",
        "PAGE_CACHE": "0",
        # The comment POST measurement sends 20 comments from one address in a few seconds:
        # relax flood control and the abuse limits for the run (their own settings, from the env).
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_HOURLY_LIMIT": "1000000",
        "RATELIMIT_ENABLED": "0",
    }
    # A cache of its own, emptied at the start (files unless REDIS_URL is set), in memory (tmpfs)
    # where there is one, as README's "Performance" advises: on this kind of disk each cache write
    # (a temporary file renamed into place) costs milliseconds, in tmpfs a few microseconds.
    if MEMORY_DIR:
        env["CACHE_DIR"] = tempfile.mkdtemp(prefix="broadsheet-bench-cache-", dir=MEMORY_DIR)
    else:
        env["CACHE_DIR"] = str(BENCH_DIR / "cache")
        shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
        env["CACHE_KEY_PREFIX"] = "broadsheet-bench"
    return env


def cache_name(env: dict[str, str]) -> str:
    return "Redis" if env.get("REDIS_URL") else f"files (CACHE_DIR={env['CACHE_DIR']})"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Data --------------------------------------------------------------------------------------
REFERENCE_SLUG = "syria-aleppo-offensive"
COMMENT_SIZES = (2, 200, 2000)


def seed(scale: bool) -> dict[str, str]:
    """Create what the pages need (idempotent) and return the addresses to measure."""
    from django.core.management import call_command

    from blog.models import Post

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)  # idempotent: brings the demo back as it should be
    remove_benchmark_comments()
    reference = Post.objects.get(slug=REFERENCE_SLUG)
    urls = {"home": "/"}
    for size in COMMENT_SIZES:
        post = reference if size == 2 else copy_of(reference, size)
        ensure_comments(post, size)
        urls[f"post-{size}"] = post.get_absolute_url()
    # Another order than the author's: not kept by the page cache, drawn from the kept thread.
    urls["post-200-best"] = f"{urls['post-200']}?corder=best"
    category = reference.categories.first()
    urls["category"] = category.get_absolute_url() if category else "/"
    if category:
        from django.urls import reverse

        urls["category-feed"] = reverse("blog:category-feed", kwargs={"slug": category.slug})
    if scale:
        seed_scale()
    refresh_planner_statistics()
    urls.update(optional_urls())
    return urls


def refresh_planner_statistics() -> None:
    """After bulk seeding, PostgreSQL's planner still believes the tables are tiny until autovacuum
    gets to them: the latest-comments feed then took 3-6 s at scale instead of under 1 ms; and new
    rows wait in a GIN index's pending list (search) until vacuum merges them. A production
    database is vacuumed and analysed routinely (autovacuum); make the benchmark's so too."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def remove_benchmark_comments() -> None:
    """The comments a previous run's POST measurement left (held for moderation or approved)."""
    from comments.models import Comment

    Comment.objects.filter(
        author_email__startswith="bench", author_name__startswith="Bencher"
    ).delete()


def copy_of(reference, size: int):
    from blog.models import Post

    slug = f"{REFERENCE_SLUG}-{size}-comments"
    post = Post.objects.filter(slug=slug).first()
    if post is None:
        post = Post.objects.create(
            slug=slug,
            title=f"{reference.title} ({size} comments)",
            author=reference.author,
            body=reference.body,
            featured_image=reference.featured_image,
            status=Post.Status.PUBLISHED,
            published_at=reference.published_at - datetime.timedelta(hours=size // 100 + 1),
        )
        post.categories.set(reference.categories.all())
        post.tags.set(reference.tags.all())
    return post


def ensure_comments(post, size: int) -> None:
    """Exactly ``size`` approved comments, in threads: each top-level comment gets a reply, and
    every other reply a reply of its own."""
    from comments.models import Comment

    approved = Comment.objects.filter(post=post, status=Comment.Status.APPROVED)
    have = approved.count()
    if have == size:
        return
    if have > size:
        approved.delete()
        have = 0
    missing = size - have
    tops = Comment.objects.bulk_create(
        [comment_row(post, i) for i in range(0, missing, 3) if i < missing]
    )
    replies, deeper = [], []
    for index, top in enumerate(tops):
        if 3 * index + 1 < missing:
            replies.append(comment_row(post, 3 * index + 1, parent=top))
    replies = Comment.objects.bulk_create(replies)
    for index, reply in enumerate(replies):
        if 3 * index + 2 < missing:
            deeper.append(comment_row(post, 3 * index + 2, parent=reply))
    Comment.objects.bulk_create(deeper)


def comment_row(post, number: int, parent=None):
    from comments.models import Comment

    return Comment(
        post=post,
        parent=parent,
        author_name=f"Reader {number}",
        author_email=f"reader{number}@example.com",
        author_url="https://example.com/" if number % 4 == 0 else "",
        body=(
            f"Comment {number}. A thoughtful paragraph about the offensive, the supply lines and "
            "what it means for the people of Aleppo.\n\nA second paragraph with a link: "
            "https://example.org/analysis"
        ),
        status=Comment.Status.APPROVED,
        ip_address="192.0.2.1",
    )


# Overridable for a quick try of --scale itself (the figures are the defaults).
SCALE_POSTS = int(os.environ.get("BENCH_SCALE_POSTS", 10_000))
SCALE_COMMENTS = int(os.environ.get("BENCH_SCALE_COMMENTS", 1_000_000))


def seed_scale() -> None:
    """10,000 more posts and 1,000,000 comments, inserted in batches."""
    from django.db import transaction
    from django.utils import timezone

    from blog.markup import render_markdown
    from blog.models import Category, Post
    from comments.models import Comment

    existing = Post.objects.filter(slug__startswith="bench-scale-").count()
    if existing >= SCALE_POSTS:
        print(f"scale data present ({existing} posts)")
        return
    print(f"creating {SCALE_POSTS:,} posts and {SCALE_COMMENTS:,} comments…", flush=True)
    reference = Post.objects.get(slug=REFERENCE_SLUG)
    body = reference.body
    body_html = render_markdown(body)
    categories = list(Category.objects.all()) or [Category.objects.create(name="Bench", slug="b")]
    start = timezone.now() - datetime.timedelta(days=4000)
    through = Post.categories.through
    per_post = SCALE_COMMENTS // SCALE_POSTS
    for batch_start in range(existing, SCALE_POSTS, 500):
        with transaction.atomic():
            posts = Post.objects.bulk_create(
                [
                    Post(
                        slug=f"bench-scale-{n}",
                        title=f"Scale post {n}",
                        author=reference.author,
                        body=body,
                        body_html=body_html,
                        status=Post.Status.PUBLISHED,
                        published_at=start + datetime.timedelta(hours=n * 9),
                    )
                    for n in range(batch_start, min(batch_start + 500, SCALE_POSTS))
                ]
            )
            through.objects.bulk_create(
                [
                    through(post_id=post.pk, category_id=categories[post.pk % len(categories)].pk)
                    for post in posts
                ]
            )
            Comment.objects.bulk_create(
                [comment_row(post, i) for post in posts for i in range(per_post)],
                batch_size=5000,
            )
        print(f"  {batch_start + len(posts)} posts", flush=True)


def optional_urls() -> dict[str, str]:
    """The feed and search, when those parts of the site exist."""
    from django.urls import NoReverseMatch, reverse

    found = {}
    for name, candidates in {
        "feed": [("blog:feed", ""), ("blog:feed-posts", ""), ("feed", "")],
        "comments-feed": [("comments:feed", "")],
        "search": [("blog:search", "?q=aleppo"), ("search", "?q=aleppo")],
    }.items():
        for url_name, query in candidates:
            with contextlib.suppress(NoReverseMatch):
                found[name] = reverse(url_name) + query
                break
    return found


SIGNED_IN = "post-2, signed-in reader"


def reader_session_cookie() -> str:
    """A ``Cookie`` header of a signed-in reader (as after "Sign in with Google"): such readers
    never get the page cache, so their post page is always rendered."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    reader, _ = get_user_model().objects.update_or_create(
        username="bench-reader",
        defaults={"display_name": "Bench Reader", "email": "reader@example.org"},
    )
    session = SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def query_counts(urls: dict[str, str], cookie: str = "") -> dict[str, int]:
    """Queries each page costs with the page cache off (the second visit: warm navigation)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    client = Client(HTTP_HOST=HOST)
    if cookie:
        name, _, value = cookie.partition("=")
        client.cookies[name] = value
    with override_settings(PAGE_CACHE=False):
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts[name] = len(queries.captured_queries)
    return counts


# --- Servers -----------------------------------------------------------------------------------


def start_gunicorn(env: dict, port: int, workers: int | None) -> Server:
    run_env = {**os.environ, **env, "GUNICORN_BIND": f"{HOST}:{port}"}
    if workers:
        run_env["WEB_CONCURRENCY"] = str(workers)
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "config.wsgi"],
        cwd=ROOT,
        env=run_env,
    )
    server = Server(port, process, env)
    wait_until_up(server.base + "/", process)
    return server


NGINX_CONF = """
worker_processes {workers};
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
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream app {{ server {host}:{app_port}; keepalive 16; }}
    map $http_cookie $no_session {{
        default 1;
        "~*(^|;\\s*)(sessionid|messages)=" 0;
    }}
    map "$request_method:$is_args:$no_session" $cache_file {{
        default "/.no-cache-file";
        "GET::1" "$uri/index.html";
        "HEAD::1" "$uri/index.html";
    }}
    server {{
        listen {host}:{port};
        location = /static-reference.html {{ root {tmp}/static; }}
        location / {{
            root {pages};
            try_files $cache_file @django;
            default_type text/html;
            add_header X-Page-Cache file;
        }}
        location @django {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""


def start_nginx(tmp: Path, port: int, app_port: int, pages: Path, static_html: bytes):
    # The "cached post vs a static file" target is measured through nginx: install it like wrk.
    nginx = debian_tool("nginx", required=False)
    if nginx is None:
        return None
    (tmp / "static").mkdir(parents=True, exist_ok=True)
    (tmp / "static" / "static-reference.html").write_bytes(static_html)
    for path in [tmp, tmp / "static", pages]:
        path.chmod(0o755)
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            workers=os.cpu_count() or 1,
            tmp=tmp,
            host=HOST,
            port=port,
            app_port=app_port,
            pages=pages,
        )
    )
    process = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(conf)])
    wait_until_up(f"http://{HOST}:{port}/static-reference.html", process, seconds=15)
    return process


# --- Measuring ---------------------------------------------------------------------------------
@dataclass
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0
    requests: int = 0
    #: Server CPU milliseconds per request over the loaded runs (gunicorn's workers only).
    cpu_ms: float | None = None


def wrk_path() -> str:
    return debian_tool("wrk")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(
    url: str, *, seconds: float, connections: int = 16, threads: int = 2, headers=None
) -> Measure:
    header_args = [
        part for name, value in (headers or {}).items() for part in ("-H", f"{name}: {value}")
    ]
    output = subprocess.run(
        [
            wrk_path(),
            *header_args,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return Measure(rps, p50, p99, int(errors.group(1)) if errors else 0, requests)


@dataclass
class Target:
    """One thing measure_side_by_side() measures: an address, its headers, and the server that
    answers it (for its CPU time per request)."""

    url: str
    headers: dict | None = None
    server: Server | None = None


def measure(url: str, args, headers=None, server=None) -> tuple[Measure, float]:
    """Warm, then the loaded run(s) (median by requests/s) and the unloaded p50 (one connection);
    with ``server``, its CPU time per request over the loaded runs."""
    return measure_side_by_side([Target(url, headers, server)], args)[0]


def measure_side_by_side(targets: list[Target], args) -> list[tuple[Measure, float]]:
    """measure() for each target, its loaded runs taking turns with the others' (WordPress,
    ours, WordPress, ours, ...), so that they all see the machine at the same speed: this VM's
    can change twofold within an hour."""
    for target in targets:
        wrk(target.url, seconds=args.warmup, headers=target.headers)
        settle(target)
    runs: list[list[Measure]] = [[] for _ in targets]
    cpu_seconds = [0.0 for _ in targets]
    for _ in range(args.runs):
        for index, target in enumerate(targets):
            before = target.server.cpu_seconds() if target.server else 0
            runs[index].append(wrk(target.url, seconds=args.duration, headers=target.headers))
            if target.server:
                cpu_seconds[index] += target.server.cpu_seconds() - before
            settle(target)
    results = []
    for target, done, cpu in zip(targets, runs, cpu_seconds, strict=True):
        if target.server is not None:
            cpu_ms = 1000 * cpu / max(1, sum(run.requests for run in done))
            for run in done:
                run.cpu_ms = cpu_ms
        done.sort(key=lambda m: m.rps)
        unloaded = wrk(
            target.url,
            seconds=max(1, args.duration / 3),
            connections=1,
            threads=1,
            headers=target.headers,
        )
        results.append((done[len(done) // 2], unloaded.p50_ms))
    return results


def settle(target: Target) -> None:
    """Wait until the requests a wrk run left queued at the server are answered: wrk hangs up,
    but the workers still answer them. One request of our own goes through that queue, so the
    next run (the other server's, or the unloaded one) starts on an idle machine (a slow page's
    backlog once read as a p50 of seconds; WordPress's post with 200 comments leaves seconds of
    work queued)."""
    with contextlib.suppress(OSError):
        get(target.url, headers=target.headers)


#: A hidden field of a form, quoted either way, its value before or after its id (WordPress's).
HIDDEN_FIELD_RE = re.compile(
    r"""type=["']hidden["'] name=["']([^"']+)["'](?: id=["'][^"']*["'])? value=["']([^"']*)["']"""
)


def comment_post_median(base: str, post_url: str, count: int = 20) -> tuple[float | None, str, int]:
    """Sequential comment POSTs through the form on the post page: the median milliseconds, a
    note, and how many requests were sent (the page and the POSTs)."""
    status, headers, html = get(base + post_url)
    page = html.decode()
    form = re.search(r'<form[^>]*action="([^"]*)"[^>]*method="post"[^>]*>(.*?)</form>', page, re.S)
    form = form or re.search(
        r'<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S
    )
    if form is None or "comment" not in form.group(2):
        return None, "no comment form on the post page yet (comments not merged)", 1
    action = urllib.parse.urljoin(base + post_url, form.group(1))
    hidden = dict(HIDDEN_FIELD_RE.findall(form.group(2)))
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    timings, statuses = [], []
    time.sleep(3.2)  # the form's signed timestamp rejects very fast submissions
    for number in range(count):
        fields = {
            **hidden,
            "comment": f"Benchmark comment {number} {secrets.token_hex(4)}",
            "body": f"Benchmark comment {number} {secrets.token_hex(4)}",
            "author": f"Bencher {number}",
            "email": f"bench{number}@example.com",
        }
        body = urllib.parse.urlencode(fields).encode()
        request_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": base,
            "Referer": base + post_url,
        }
        if cookie:
            request_headers["Cookie"] = cookie
        started = time.perf_counter()
        status, _, _ = get(action, "POST", body, request_headers)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.append(status)
    accepted = [t for t, s in zip(timings, statuses, strict=True) if s in (200, 201, 302, 303)]
    note = f"statuses: {sorted(set(statuses))}"
    return (statistics.median(accepted) if accepted else None), note, count


# --- Report ------------------------------------------------------------------------------------
def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}){memory}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        f"load average at the end {load}"
    )


def python_speed() -> float:
    """Milliseconds this machine takes for a fixed piece of pure Python (best of three): a VM's
    host can be two or three times slower one hour than the next, with nothing running here, so
    requests/s of two runs compare only beside this figure."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(2_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def fmt(number: float | None, digits: int = 1) -> str:
    return "-" if number is None else f"{number:,.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds per wrk run (20)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of warm-up (5)")
    parser.add_argument("--runs", type=int, default=1, help="wrk runs per page; median (1)")
    parser.add_argument("--scale", action="store_true", help="add 10,000 posts, 1M comments")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the config's)")
    parser.add_argument("--port", type=int, default=8106, help="first of three ports (8106)")
    parser.add_argument("--pages", help="comma-separated subset, e.g. home,post-2")
    parser.add_argument("--output", default=str(BENCH_DIR / "RESULTS.md"))
    parser.add_argument("--note", help="a line for the report (e.g. what else the machine ran)")
    parser.add_argument(
        "--wordpress",
        action=argparse.BooleanOptionalAction,
        help="measure WordPress beside us, in the same run, on --port + 3 (default: when "
        f"installed; {WORDPRESS_DEPS}); --no-wordpress compares with the issue's figures",
    )
    args = parser.parse_args()

    env = production_env(args)
    setup_django(env)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import OperationalError

    engine = "PostgreSQL" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "SQLite"
    print(f"database: {engine}; cache: {cache_name(env)}")
    call_command("collectstatic", verbosity=0, interactive=False)
    try:
        urls = seed(args.scale)
    except OperationalError as error:  # most often: DATABASE_URL names a database not made yet
        name = settings.DATABASES["default"]["NAME"]
        sys.exit(f"The benchmark cannot use the database {name!r} ({error}). For PostgreSQL, "
                 f"create it first: createdb -h 127.0.0.1 -U postgres {name}")  # fmt: skip
    notes = [
        f"{name}: not measured (no URL named blog:{name} yet; see optional_urls() in bench/run.py)"
        for name in ("feed", "search")
        if name not in urls
    ]
    if args.pages:
        urls = {name: url for name, url in urls.items() if name in args.pages.split(",")}
    counts = query_counts(urls)
    reader_pages, reader_cookie = {}, ""
    if "post-2" in urls:
        reader_pages, reader_cookie = {SIGNED_IN: urls["post-2"]}, reader_session_cookie()
        counts.update(query_counts(reader_pages, reader_cookie))
    if any(name.endswith("feed") for name in urls):
        notes.append(
            "Feeds are not HTML, so they are not written as files: their nginx rows are nginx "
            "proxying to gunicorn, which answers from the page cache."
        )

    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-bench-", dir=MEMORY_DIR))
    pages_dir = tmp / "pages"
    pages_dir.mkdir()
    results: dict[tuple[str, str], tuple[Measure, float]] = {}
    memory = {}
    static = None
    comment_ms, comment_cpu_ms = None, None
    comment_note = "the post-2 page was not part of this run"
    servers: list = []
    wp = None
    try:
        wp = start_wordpress(args, urls, notes)
        wp_pages = wordpress_pages(wp, urls) if wp else {}
        figures = wordpress_figures(args, wp)
        for name, (path, cookie) in wp_pages.items():
            figures.queries[name] = wp.queries(path, cookie)

        off = start_gunicorn({**env, "PAGE_CACHE": "0"}, args.port, args.workers)
        servers.append(off)
        pages = [(name, url, {}) for name, url in urls.items()]
        pages += [(name, url, {"Cookie": reader_cookie}) for name, url in reader_pages.items()]
        for name, url, headers in pages:
            also = " (and WordPress's)" if name in wp_pages else ""
            print(f"  page cache off  {name}{also}", flush=True)
            ours = Target(off.base + url, headers, off)
            if name not in wp_pages:
                results[(name, "off")] = measure_side_by_side([ours], args)[0]
                continue
            path, cookie = wp_pages[name]
            theirs = Target(wp.base + path, {"Cookie": cookie} if cookie else {}, wp.fpm)
            figures.results[name], results[(name, "off")] = measure_side_by_side(
                [theirs, ours], args
            )
        if "post-2" in urls:
            if wp:
                print("  comment POST (WordPress's)", flush=True)
                figures.comment = timed_comment_posts(wp.fpm, wp.base, wp_pages["post-2"][0])
                created = wp.comments_created()
                figures.notes.append(
                    f"WordPress's comment POSTs created {sum(created.values())} comments "
                    f"(counted in its database; by status: {created})"
                )
            print("  comment POST", flush=True)
            comment_ms, comment_cpu_ms, comment_note = timed_comment_posts(
                off, off.base, urls["post-2"]
            )
        memory["off"] = off.worker_peak_memory_kb()
        off.stop()

        on_env = {**env, "PAGE_CACHE": "1", "PAGE_CACHE_DIR": str(pages_dir)}
        on = start_gunicorn(on_env, args.port + 1, args.workers)
        servers.append(on)
        for name, url in urls.items():
            print(f"  page cache on   {name}", flush=True)
            results[(name, "on")] = measure(on.base + url, args, server=on)
        reference_html = get(on.base + urls.get("post-2", "/"))[2]
        nginx = start_nginx(tmp, args.port + 2, on.port, pages_dir, reference_html)
        if nginx is not None:
            servers.append(nginx)
            base = f"http://{HOST}:{args.port + 2}"
            for name, url in urls.items():
                print(f"  nginx + files   {name}", flush=True)
                results[(name, "nginx")] = measure(base + url, args)
            print("  nginx static file" + (" (and WordPress's nginx)" if wp else ""), flush=True)
            ours = Target(base + "/static-reference.html")
            if wp:
                # The same file from WordPress's nginx: the two should be alike (a check on
                # taking turns), as the figure was nginx on WordPress's machine.
                wp.save_static_file(reference_html)
                theirs = Target(wp.base + "/static-reference.html")
                figures.static, static = measure_side_by_side([theirs, ours], args)
            else:
                static = measure_side_by_side([ours], args)[0]
        else:
            notes.append("nginx is not installed: no nginx or static-file rows")
        memory["on"] = on.worker_peak_memory_kb()
    finally:
        for server in reversed(servers):
            if isinstance(server, Server):
                server.stop()
            elif server.poll() is None:
                server.send_signal(signal.SIGQUIT)
                server.wait(timeout=10)
        if wp:
            wp.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        if MEMORY_DIR:
            shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)

    shown = {**urls, **reader_pages}
    comment = (comment_ms, comment_cpu_ms, comment_note)
    report = render(args, engine, env, shown, counts, results, static, comment, figures)
    report += "\n" + "\n".join(
        [
            f"- Peak memory of a gunicorn worker: {memory.get('off', 0) / 1024:.0f} MB "
            f"(page cache off), {memory.get('on', 0) / 1024:.0f} MB (on).",
            *[f"- {note}" for note in notes + figures.notes],
            "",
        ]
    )
    print(report)
    Path(args.output).write_text(report, encoding="utf-8")
    print(f"written to {args.output}")


def timed_comment_posts(server: Server, base: str, post_url: str):
    """comment_post_median() with the server's CPU milliseconds per request."""
    cpu_before = server.cpu_seconds()
    median_ms, note, posted = comment_post_median(base, post_url)
    return median_ms, 1000 * (server.cpu_seconds() - cpu_before) / max(1, posted), note


# --- WordPress beside us (bench/wordpress.py) ----------------------------------------------------
@dataclass
class WordPressFigures:
    """WordPress's side of the report: measured in this run beside ours, or, when WordPress is not
    installed here, the issue's figures (recorded once, on another day: see WORDPRESS)."""

    measured: bool
    #: Page name -> (the loaded run, the unloaded p50), as ``results`` holds ours.
    results: dict[str, tuple[Measure, float]] = field(default_factory=dict)
    queries: dict[str, int | None] = field(default_factory=dict)
    #: The comment POST: median ms, server CPU ms per request, a note.
    comment: tuple[float | None, float | None, str] = (None, None, "")
    static: tuple[Measure, float] | None = None
    notes: list[str] = field(default_factory=list)
    recorded_rps: dict[str, float] = field(default_factory=dict)
    #: Why WordPress was not measured (the issue's figures only).
    reason: str = ""

    @classmethod
    def recorded(cls, reason: str = "") -> "WordPressFigures":
        rps = {name: value["rps"] for name, value in WORDPRESS.items() if isinstance(value, dict)}
        return cls(
            measured=False,
            recorded_rps={**rps, "static": WORDPRESS["static_rps"]},
            comment=(WORDPRESS["comment_post_ms"], None, ""),
            reason=reason,
        )

    @property
    def source(self) -> str:
        return "measured in this run" if self.measured else "the issue's figures"

    @property
    def against(self) -> str:
        return (
            "WordPress measured in this run" if self.measured else "the issue's WordPress figures"
        )

    def rps(self, name: str) -> float | None:
        if not self.measured:
            return self.recorded_rps.get(name)
        found = self.static if name == "static" else self.results.get(name)
        return found[0].rps if found else None

    @property
    def comment_ms(self) -> float | None:
        return self.comment[0]


def not_measuring_wordpress(args) -> str:
    """Why WordPress is not measured in this run ("" when it is)."""
    reason = wordpress.missing() if args.wordpress is not False else "--no-wordpress"
    if reason and args.wordpress:
        sys.exit(f"WordPress cannot be measured: {reason} ({WORDPRESS_DEPS})")
    return reason or ""


def start_wordpress(args, urls: dict[str, str], notes: list[str]):
    """WordPress seeded like ours and serving on --port + 3, or None (with a note why)."""
    reason = not_measuring_wordpress(args)
    if reason:
        notes.append(
            f"WordPress was not measured ({reason}): its figures are the issue's, recorded once "
            f"on another day. To measure it beside ours: {WORDPRESS_DEPS}"
        )
        return None
    print("setting up WordPress beside us…", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-bench-wordpress-", dir=MEMORY_DIR))
    content = wordpress.our_content()
    wp = wordpress.start(tmp, port=args.port + 3, children=wordpress_workers(args), content=content)
    try:
        wp.check_posts(content, [REFERENCE_SLUG, f"{REFERENCE_SLUG}-200-comments"])
    except BaseException:
        wp.stop()
        raise
    return wp


def wordpress_workers(args) -> int:
    """php-fpm's workers: as many as gunicorn's (deploy/gunicorn.conf.py: a core each, plus one)."""
    return args.workers or (os.cpu_count() or 1) + 1


def wordpress_figures(args, wp) -> "WordPressFigures":
    if wp is None:
        return WordPressFigures.recorded(not_measuring_wordpress(args))
    return WordPressFigures(
        measured=True,
        notes=[
            f"WordPress {wordpress.version()} (Debian's package), PHP {wordpress.php_version()} "
            f"with opcache, php-fpm with {wordpress_workers(args)} static workers behind nginx, "
            "MariaDB, theme Twenty Twenty-Three; seeded with the same posts, bodies, comments "
            "and featured image as ours, its comments paged and threaded as ours are; cron and "
            "outbound HTTP off, and its comment-flood check off for the POSTs "
            "(bench/wordpress.py). Measured in this run, taking turns with ours page by page."
            + " With --scale it keeps the small data set (no extra posts or comments)."
            * args.scale
        ],
    )


def wordpress_pages(wp, urls: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Our page name -> WordPress's path for it, and the Cookie header to send."""
    slugs = {"post-2": REFERENCE_SLUG, "post-200": f"{REFERENCE_SLUG}-200-comments"}
    pages = {"home": ("/", "")} if "home" in urls else {}
    for name, slug in slugs.items():
        if name in urls:
            pages[name] = (wp.addresses[slug], "")
    if "post-2" in urls:
        pages[SIGNED_IN] = (wp.addresses[REFERENCE_SLUG], wp.reader_cookie)
    return pages


def render(args, engine, env, urls, counts, results, static, comment, wp) -> str:
    """The report; ``wp`` is WordPressFigures (measured in this run, or the issue's figures)."""
    comment_ms, comment_cpu_ms, comment_note = comment
    data = "reference posts"
    if args.scale:
        data += f" + {SCALE_POSTS:,} posts and {SCALE_COMMENTS:,} comments (--scale)"
    mode_names = {"off": "page cache off", "on": "page cache on", "nginx": "nginx + cache files"}
    lines = [
        "# Broadsheet benchmark",
        "",
        f"- Machine: {machine()}; a fixed Python loop took {python_speed():.0f} ms (see "
        "python_speed: smaller is a faster machine)",
        f"- When: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; database: {engine}; "
        f"cache: {cache_name(env)}; "
        f"data: {data}",
        f"- Load: `wrk -t2 -c16 -d{args.duration:g}s --latency` after a {args.warmup:g} s warm-up, "
        f"median of {args.runs} run(s); unloaded p50: one connection. Loopback only.",
        f"- WordPress: {wordpress_line(wp, args.scale)}",
        f'- Command: `make bench BENCH_ARGS="{" ".join(sys.argv[1:])}"`',
        *([f"- Note: {args.note}"] if args.note else []),
        "",
        "| page | mode | requests/s | p50 ms | p99 ms | p50 ms, 1 conn | server CPU ms | queries | "
        f"WordPress req/s ({wp.source}) | ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in urls:
        for mode in ("off", "on", "nginx"):
            if (name, mode) not in results:
                continue
            loaded, unloaded = results[(name, mode)]
            queries = counts.get(name, "-") if mode == "off" else 0 if mode == "nginx" else "-"
            errors = f" ({loaded.errors} errors)" if loaded.errors else ""
            lines.append(
                f"| {name} `{urls[name]}` | {mode_names[mode]} | {fmt(loaded.rps)}{errors} | "
                f"{fmt(loaded.p50_ms, 2)} | {fmt(loaded.p99_ms, 2)} | {fmt(unloaded, 2)} | "
                f"{fmt(loaded.cpu_ms, 2)} | {queries} | {ratio_cells(loaded.rps, wp.rps(name))} |"
            )
    if static is not None:
        loaded, unloaded = static
        lines.append(
            f"| same HTML as a static file | nginx | {fmt(loaded.rps)} | {fmt(loaded.p50_ms, 2)} | "
            f"{fmt(loaded.p99_ms, 2)} | {fmt(unloaded, 2)} | - | 0 | "
            f"{ratio_cells(loaded.rps, wp.rps('static'), 2)} |"
        )
    wp_ms = wp.comment_ms
    lines.append(
        f"| comment POST (sequential, median) | page cache off | - | {fmt(comment_ms, 2)} | - | - "
        f"| {fmt(comment_cpu_ms, 2)} | - | {fmt(wp_ms, 1) + ' ms' if wp_ms else '-'} | "
        f"{fmt(comment_ms / wp_ms, 2) + 'x' if comment_ms and wp_ms else '-'} |"
    )
    if wp.measured:
        lines += ["", "## WordPress, measured in this run", "", *wordpress_table(wp)]
    lines += ["", f"## Targets (ratios against {wp.against})", ""]
    lines += targets(results, static, comment_ms, comment_note, wp)
    if wp.measured:
        # The goals were set against these; show both, so a reader can judge the difference.
        lines += ["", "## The same ratios against the issue's WordPress figures", ""]
        lines += ratio_targets(results, comment_ms, comment_note, WordPressFigures.recorded())
    return "\n".join(lines) + "\n"


def wordpress_line(wp: "WordPressFigures", scale: bool) -> str:
    if not wp.measured:
        return (
            "the issue's figures (WordPress 6.1, PHP 8.2 + opcache, nginx, MariaDB, 2 cores, "
            "recorded once on another day: see WORDPRESS in bench/run.py); not measured in this "
            f"run ({wp.reason or 'not installed'})"
        )
    line = (
        "measured in this run on this machine, each page taking turns with ours "
        "(WordPress, ours, WordPress, ours…), so both see the same machine speed"
    )
    return line + ("; it keeps its small data set with --scale" if scale else "")


def ratio_cells(ours: float, theirs: float | None, digits: int = 1) -> str:
    """The "WordPress req/s | ratio" cells of a row."""
    if not theirs:
        return "- | -"
    return f"{fmt(theirs, 0 if theirs >= 100 else 1)} | {fmt(ours / theirs, digits)}x"


def wordpress_table(wp: "WordPressFigures") -> list[str]:
    lines = [
        "| page | requests/s | p50 ms | p99 ms | p50 ms, 1 conn | server CPU ms | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*wp.results.items(), *([("static file", wp.static)] if wp.static else [])]
    for name, (loaded, unloaded) in rows:
        errors = f" ({loaded.errors} errors)" if loaded.errors else ""
        queries = wp.queries.get(name)
        lines.append(
            f"| {name} | {fmt(loaded.rps)}{errors} | {fmt(loaded.p50_ms, 2)} | "
            f"{fmt(loaded.p99_ms, 2)} | {fmt(unloaded, 2)} | {fmt(loaded.cpu_ms, 2)} | "
            f"{'-' if queries is None else queries} |"
        )
    comment_ms, cpu_ms, note = wp.comment
    if comment_ms or note:
        lines.append(
            f"| comment POST (sequential, median) | - | {fmt(comment_ms, 2)} | - | - | "
            f"{fmt(cpu_ms, 2)} | - |"
        )
    return lines


def targets(results, static, comment_ms, comment_note, wp: "WordPressFigures") -> list[str]:
    rows = ratio_targets(results, comment_ms, comment_note, wp)
    found = results.get(("post-2", "nginx")) or results.get(("post-2", "on"))
    cached = found[0].rps if found else None
    if static is not None and cached:
        ratio = cached / static[0].rps
        rows.append(
            f"- cached post vs nginx static file: {ratio:.0%} (target ≥ 50%) — "
            f"{'met' if ratio >= 0.5 else 'NOT met'}"
        )
    for name in ("home", "post-2"):
        found = results.get((name, "off"))
        if found:
            rows.append(
                f"- {name} p50 unloaded, page cache off: {found[1]:.2f} ms "
                "(target at scale on PostgreSQL ≤ 20 ms)"
            )
    return rows


def ratio_targets(results, comment_ms, comment_note, wp: "WordPressFigures") -> list[str]:
    """The goals set as ratios to WordPress: the pages' throughput and the comment POST's time."""

    def rps(name, mode):
        found = results.get((name, mode))
        return found[0].rps if found else None

    rows = []

    def check(label, ours, theirs, goal: float, higher: bool = True) -> None:
        """A ratio line: ours over WordPress's, against the goal (at least, or at most)."""
        if not ours or not theirs:
            rows.append(f"- {label}: not measured")
            return
        ratio = ours / theirs
        met = ratio >= goal if higher else ratio <= goal
        shown = f"{ratio:.2f}x" if not higher else f"{ratio:.1f}x"
        target = f"{'≥' if higher else '≤'} {goal:g}x"
        rows.append(f"- {label}: {shown} (target {target}) — {'met' if met else 'NOT met'}")

    def theirs(name: str) -> str:
        value = wp.rps(name)
        return f"{fmt(value, 0 if value >= 10 else 1)} req/s" if value else "not measured"

    check(
        f"rendered home page vs WordPress's ({theirs('home')})",
        rps("home", "off"),
        wp.rps("home"),
        10,
    )
    # The goal compares our signed-in reader with WordPress's anonymous post page.
    check(
        f"signed-in reader's post page vs WordPress's post page ({theirs('post-2')})",
        rps(SIGNED_IN, "off"),
        wp.rps("post-2"),
        10,
    )
    if wp.measured and wp.rps(SIGNED_IN) and rps(SIGNED_IN, "off"):
        ratio = rps(SIGNED_IN, "off") / wp.rps(SIGNED_IN)
        rows.append(
            f"- signed-in reader's post page vs WordPress's signed-in subscriber's "
            f"({theirs(SIGNED_IN)}): {ratio:.1f}x (like for like; not the issue's goal)"
        )
    check(
        f"rendered post, 2 comments, vs WordPress's ({theirs('post-2')})",
        rps("post-2", "off"),
        wp.rps("post-2"),
        10,
    )
    check(
        f"rendered post, 200 comments, vs WordPress's ({theirs('post-200')})",
        rps("post-200", "off"),
        wp.rps("post-200"),
        25,
    )
    their_ms = f"{wp.comment_ms:.1f} ms" if wp.comment_ms else "not measured"
    check(
        f"comment POST time vs WordPress's ({their_ms})",
        comment_ms,
        wp.comment_ms,
        0.5,
        higher=False,
    )
    if comment_ms is None:
        rows[-1] += f" ({comment_note})"
    return rows


if __name__ == "__main__":
    main()
