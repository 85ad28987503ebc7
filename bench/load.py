"""No lost comments under load: `make bench-load` (or `.venv/bin/python bench/load.py --help`).

For each database (a SQLite file of its own in WAL mode, and PostgreSQL), it starts gunicorn with
production settings (DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect; rate
limits and comment flood control off through RATELIMIT_ENABLED=0, so every post is judged by
the rest of the site), loads the demo blog, and then at once:

- readers: wrk fetching the reference post's page (the one being commented on) over loopback;
- commenters: 8 threads (http.client, loopback only) sending at least 1,000 comment POSTs
  through the post's form as a browser would (an Origin header, the form's signed timestamp,
  a unique body each). Every 10th post is sent a second time with the same form, as a browser
  retrying; every 50th is sent, abandoned before the answer arrives (a lost answer), and sent
  again. Bounded in count (--comments) and time (--max-seconds).

It ends by reading the database: every accepted comment must be stored exactly once (no lost
ones, no doubles, retries included), no answer may be a 5xx, and "database is locked" must
not appear in the server's log. Prints a markdown table and writes bench/LOAD.md. Exits 1 if
any check fails.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
POST_PATH = "/2015/10/27/syria-aleppo-offensive/"  # the demo's reference post
ACCEPTED = {302, 303}

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; client_errors = 0; server_errors = 0 end
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1
  elseif status >= 400 then client_errors = client_errors + 1
  else ok = ok + 1 end
end
function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); b = b + t:get("client_errors"); c = c + t:get("server_errors")
  end
  io.write(string.format("STATUS %d %d %d\\n", a, b, c))
  io.write(string.format("LATENCY %f %f\\n", latency:percentile(50), latency:percentile(99)))
  io.write(string.format("SOCKET %d %d %d %d\\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
"""


# --- Environment and set-up ---------------------------------------------------------------------
def production_env(database_url: str, cache_dir: Path) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        # Abuse limits off for the run (they would refuse one machine's 1,000 comments).
        "RATELIMIT_ENABLED": "0",
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_HOURLY_LIMIT": "1000000",
        # Readers reach the database on every request (the page cache would hide it).
        "PAGE_CACHE": "0",
        "CACHE_DIR": str(cache_dir),
        # E-mail tasks are queued in the database (as in production); nothing sends them.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def fresh_postgres(url: str) -> None:
    """Drop and re-create the benchmark's PostgreSQL database (never a name without 'load')."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if "load" not in name:
        raise SystemExit(f"Refusing to empty {name!r}: the database name must contain 'load'.")
    admin = parts._replace(path="/postgres").geturl()
    for statement in [
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
    ]:
        subprocess.run(["psql", admin, "-q", "-c", statement], check=True)


def prepare(env: dict) -> None:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "load_demo", "--password", secrets.token_urlsafe(16), "-v", "0")


VERIFY = """
import json
from collections import Counter
from django.db import connection
from comments.models import Comment
marker = {marker!r}
bodies = Counter(Comment.objects.filter(body__startswith=marker).values_list("body", flat=True))
pragmas = {{}}
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        for name in ("journal_mode", "busy_timeout"):
            cursor.execute(f"PRAGMA {{name}}")
            pragmas[name] = cursor.fetchone()[0]
print(json.dumps({{"bodies": bodies, "vendor": connection.vendor, "pragmas": pragmas}}))
"""


def stored_comments(env: dict, marker: str) -> dict:
    output = manage(env, "shell", "-c", VERIFY.format(marker=marker), capture=True)
    return json.loads(output.strip().splitlines()[-1])


# --- The server ----------------------------------------------------------------------------------
@dataclass
class Gunicorn:
    port: int
    env: dict
    workers: int
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        run_env = {
            **os.environ,
            **self.env,
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
        }
        self.log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=run_env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}: see {self.log}")
            with contextlib.suppress(OSError):
                if request(self.port, "GET", "/")[0] == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer on port {self.port} within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log_file.close()


def request(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def send_and_abandon(port: int, path: str, body: bytes, headers: dict) -> None:
    """Send a whole POST and hang up before the answer: the answer is lost, the post is not."""
    head = f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    head += f"Content-Length: {len(body)}\r\n\r\n"
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        time.sleep(0.005)


# --- Readers: wrk ----------------------------------------------------------------------------
@dataclass
class Readers:
    requests: int = 0
    ok: int = 0
    client_errors: int = 0
    server_errors: int = 0
    socket_errors: int = 0
    p50: list = field(default_factory=list)
    p99: list = field(default_factory=list)
    seconds: float = 0.0


def run_readers(port: int, stop: threading.Event, result: Readers, connections: int, script):
    """wrk in 5-second rounds until the commenters are done (at least one round)."""
    started = time.monotonic()
    while True:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                "-d5s",
                "-s",
                script,
                f"http://{HOST}:{port}{POST_PATH}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if match := re.search(r"STATUS (\d+) (\d+) (\d+)", output):
            ok, client, server = map(int, match.groups())
            result.ok += ok
            result.client_errors += client
            result.server_errors += server
            result.requests += ok + client + server
        if match := re.search(r"LATENCY ([\d.]+) ([\d.]+)", output):
            result.p50.append(float(match.group(1)) / 1000)
            result.p99.append(float(match.group(2)) / 1000)
        if match := re.search(r"SOCKET (\d+) (\d+) (\d+) (\d+)", output):
            result.socket_errors += sum(map(int, match.groups()))
        if stop.is_set():
            break
    result.seconds = time.monotonic() - started


# --- Commenters ------------------------------------------------------------------------------
@dataclass
class Commenters:
    sent: int = 0
    retried: int = 0
    abandoned: int = 0
    statuses: dict = field(default_factory=dict)
    latencies_ms: list = field(default_factory=list)
    accepted: list = field(default_factory=list)  # bodies answered with a redirect
    retry_mismatches: int = 0  # a retry sent somewhere else than its first copy
    failures: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, milliseconds: float) -> None:
        with self.lock:
            self.sent += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies_ms.append(milliseconds)


def form_of(port: int) -> tuple[str, str]:
    status, _, html = request(port, "GET", POST_PATH)
    page = html.decode()
    action = re.search(r'action="(/comments/post/\d+/)"', page)
    ts = re.search(r'name="ts" value="([^"]+)"', page)
    if status != 200 or not action or not ts:
        raise SystemExit(f"no comment form on {POST_PATH} (status {status})")
    return action.group(1), ts.group(1)


def commenter(number: int, count: int, port: int, marker: str, deadline: float, out: Commenters):
    action, ts = form_of(port)  # the page as a browser loads it, then a person types for a while
    time.sleep(3.2)  # the form's signed timestamp marks faster answers as spam
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://{HOST}:{port}",
        "Referer": f"http://{HOST}:{port}{POST_PATH}",
        "User-Agent": "broadsheet-bench-load",
    }
    for sequence in range(count):
        if time.monotonic() > deadline:
            out.failures.append(f"client {number}: stopped by --max-seconds at {sequence}/{count}")
            return
        text = f"{marker} client {number} comment {sequence} {secrets.token_hex(6)}"
        body = urllib.parse.urlencode(
            {
                "comment": text,
                "author": f"Load reader {number}",
                "email": f"load{number}@example.com",
                "url": "",
                "ts": ts,
                "parent": "",
                "contact_phone": "",
                "notify": "",
            }
        ).encode()
        if sequence % 50 == 25:
            send_and_abandon(port, action, body, headers)
            with out.lock:
                out.abandoned += 1
        copies = 2 if sequence % 10 == 5 else 1
        locations = []
        for _ in range(copies):
            started = time.perf_counter()
            try:
                status, response_headers, _ = request(port, "POST", action, body, headers)
            except OSError as error:
                out.failures.append(f"client {number}: {error!r}")
                continue
            out.record(status, (time.perf_counter() - started) * 1000)
            if status in ACCEPTED:
                locations.append(response_headers.get("Location"))
        if copies == 2:
            with out.lock:
                out.retried += 1
                if len(locations) == 2 and locations[0] != locations[1]:
                    out.retry_mismatches += 1
        if locations:
            with out.lock:
                out.accepted.append(text)


# --- One database -------------------------------------------------------------------------------
def run_one(label: str, database_url: str, args, port: int) -> dict:
    print(f"--- {label}: setting up", flush=True)
    work = Path(tempfile.mkdtemp(prefix="broadsheet-load-"))
    env = production_env(database_url, work / "cache")
    if database_url.startswith("postgres"):
        fresh_postgres(database_url)
    prepare(env)
    server = Gunicorn(port, env, args.workers, work / "gunicorn.log")
    server.start()
    marker = f"Load {secrets.token_hex(4)}"
    readers, commenters = Readers(), Commenters()
    stop = threading.Event()
    script = work / "status.lua"
    script.write_text(WRK_SCRIPT)
    try:
        form_of(port)  # warm
        reader_thread = threading.Thread(
            target=run_readers, args=(port, stop, readers, args.readers, str(script))
        )
        reader_thread.start()
        print(f"--- {label}: {args.comments} comments from {args.clients} clients", flush=True)
        started = time.monotonic()
        deadline = started + args.max_seconds
        per_client = -(-args.comments // args.clients)
        threads = [
            threading.Thread(
                target=commenter, args=(n, per_client, port, marker, deadline, commenters)
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        comment_seconds = time.monotonic() - started
        stop.set()
        reader_thread.join()
    finally:
        server.stop()
    log = server.log.read_text(errors="replace")
    stored = stored_comments(env, marker)
    bodies = stored["bodies"]
    accepted = set(commenters.accepted)
    lost = [text for text in accepted if bodies.get(text, 0) == 0]
    doubled = [text for text, count in bodies.items() if count > 1]
    unexpected = [text for text in bodies if text not in accepted]
    server_errors = sum(n for status, n in commenters.statuses.items() if status >= 500)
    result = {
        "label": label,
        "vendor": stored["vendor"],
        "pragmas": stored["pragmas"],
        "readers": readers,
        "commenters": commenters,
        "comment_seconds": comment_seconds,
        "accepted": len(accepted),
        "stored": sum(bodies.values()),
        "lost": len(lost),
        "doubled": len(doubled),
        "unexpected": len(unexpected),
        "server_errors": server_errors + readers.server_errors,
        "locked_in_log": log.count("database is locked"),
        "tracebacks_in_log": log.count("Traceback"),
        "log": str(server.log),
    }
    shutil.rmtree(work / "cache", ignore_errors=True)
    return result


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def table(results: list[dict]) -> str:
    lines = [
        "| database | reader requests | reader req/s | reader p50 / p99 ms | reader 5xx | "
        "comment POSTs sent (retries, abandoned) | accepted | POST p50 / p99 ms | POST 4xx | "
        'POST 5xx | stored | lost | stored twice | "database is locked" |',
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: | ---: |",
    ]
    for r in results:
        readers, commenters = r["readers"], r["commenters"]
        statuses = commenters.statuses
        client_errors = sum(n for status, n in statuses.items() if 400 <= status < 500)
        post_5xx = sum(n for status, n in statuses.items() if status >= 500)
        rps = readers.requests / readers.seconds if readers.seconds else 0
        p50 = statistics.median(readers.p50) if readers.p50 else 0
        p99 = max(readers.p99, default=0)
        lines.append(
            f"| {r['label']} | {readers.requests:,} | {rps:,.0f} | {p50:.0f} / {p99:.0f} | "
            f"{readers.server_errors} | {commenters.sent:,} ({commenters.retried}, "
            f"{commenters.abandoned}) | {r['accepted']:,} | "
            f"{statistics.median(commenters.latencies_ms or [0]):.0f} / "
            f"{percentile(commenters.latencies_ms, 0.99):.0f} | {client_errors} | {post_5xx} | "
            f"{r['stored']:,} | {r['lost']} | {r['doubled']} | {r['locked_in_log']} |"
        )
    return "\n".join(lines)


def verdicts(result: dict, args) -> list[str]:
    problems = []
    if result["server_errors"]:
        problems.append(f"{result['server_errors']} answers were 5xx")
    if result["lost"]:
        problems.append(f"{result['lost']} accepted comments are not in the database")
    if result["doubled"]:
        problems.append(f"{result['doubled']} comments are stored more than once")
    if result["unexpected"]:
        problems.append(f"{result['unexpected']} comments stored that no answer accepted")
    if result["locked_in_log"]:
        problems.append("'database is locked' in the server's log")
    if result["commenters"].retry_mismatches:
        problems.append(f"{result['commenters'].retry_mismatches} retries went elsewhere")
    if result["accepted"] < args.comments:
        problems.append(f"only {result['accepted']} of {args.comments} comments were accepted")
    if result["readers"].socket_errors:
        problems.append(f"{result['readers'].socket_errors} reader socket errors")
    problems += result["commenters"].failures[:5]
    if result["vendor"] == "sqlite" and (
        result["pragmas"].get("journal_mode") != "wal" or not result["pragmas"].get("busy_timeout")
    ):
        problems.append(f"SQLite is not in WAL mode with a busy timeout: {result['pragmas']}")
    return problems


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def write_report(results: list[dict], args, problems: dict[str, list[str]]) -> str:
    sqlite = next((r for r in results if r["vendor"] == "sqlite"), None)
    pragma_line = ""
    if sqlite:
        pragmas = sqlite["pragmas"]
        pragma_line = (
            "SQLite, read back on a connection opened with the site's settings: "
            f"`journal_mode={pragmas.get('journal_mode')}`, "
            f"`busy_timeout={pragmas.get('busy_timeout')}` ms.\n\n"
        )
    outcome = "\n".join(
        f"- **{label}**: " + ("every check passed." if not found else "; ".join(found))
        for label, found in problems.items()
    )
    text = f"""# No lost comments under load

`make bench-load` (`bench/load.py`), run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on
{machine()}, shared with other work (numbers are a floor, not a capacity plan).

gunicorn ({args.workers} sync workers, `deploy/gunicorn.conf.py`) with production settings
(`DEBUG=0`, a `SECRET_KEY`, `ALLOWED_HOSTS=127.0.0.1`, `SECURE_SSL_REDIRECT=0`; for the run
`RATELIMIT_ENABLED=0` and `PAGE_CACHE=0`, so readers reach the database on every request). At the
same time: readers with wrk (2 threads, {args.readers} connections) on the demo's reference post,
and {args.clients} commenter threads sending {args.comments:,} comments to that post as a browser
would (Origin header, the page's signed form timestamp, a unique body each). Every 10th comment is
sent twice with the same form (a retry), every 50th is first sent and abandoned before its answer
(a lost answer), then sent again. At the end the database is read: each accepted comment must be
stored exactly once.

{table(results)}

{pragma_line}"POST 4xx" would be refusals (none expected: limits are off and every body is unique);
"stored twice" counts bodies found more than once, retries and abandoned copies included; "database
is locked" counts that message in gunicorn's log (a reader or commenter would have had a 503).

{outcome}

Re-run: `make bench-load` (both databases; PostgreSQL from `LOAD_DATABASE_URL`, default
`postgres://postgres@127.0.0.1:5432/broadsheet_load`, emptied first), or
`.venv/bin/python bench/load.py --database sqlite --comments 200`.
"""
    (BENCH_DIR / "LOAD.md").write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/broadsheet_load"
        ),
        help="an emptied-first PostgreSQL database (its name must contain 'load')",
    )
    parser.add_argument("--comments", type=int, default=1000, help="comments to post (1000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent commenters (8)")
    parser.add_argument("--readers", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--port", type=int, default=8212)
    parser.add_argument(
        "--max-seconds", type=float, default=300, help="stop posting after this long (300)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    runs = []
    if args.database in {"sqlite", "both"}:
        sqlite_file = Path(tempfile.mkdtemp(prefix="broadsheet-load-db-")) / "load.sqlite3"
        runs.append(("SQLite (WAL)", f"sqlite:///{sqlite_file}"))
    if args.database in {"postgres", "both"}:
        runs.append(("PostgreSQL", args.postgres_url))
    results, problems = [], {}
    for offset, (label, url) in enumerate(runs):
        result = run_one(label, url, args, args.port + offset)
        results.append(result)
        problems[label] = verdicts(result, args)
        if url.startswith("sqlite:"):
            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
    report = write_report(results, args, problems)
    print(report)
    if any(problems.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
