"""No lost comments under load and faults: `make bench-load` (or `bench/load.py --help`).

Each run starts gunicorn with production settings (DEBUG=0, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
no HTTPS redirect) with the abuse limits AND the page cache on, Redis as the cache (REDIS_URL,
a key prefix of the run's own), on the demo blog, and then at once:

- readers: wrk fetching the reference post's page (the one being commented on) over loopback;
- commenters: 8 threads, each from its own loopback address (127.0.0.2 ... 127.0.0.9: the client
  socket is bound to it, so the site counts each as a separate reader and the flood limits apply
  to each as in real life), sending 1,000 comments through the post's form as a browser would
  (an Origin header, the form's signed timestamp, a unique body each). Each commenter paces
  itself to the flood limit (COMMENTS_FLOOD_SECONDS, 1 s for the run); a 429 is waited out
  (Retry-After) and sent again, and so is a 503 (Retry-After) and a connection the server
  dropped. Every 10th comment is sent a second time once accepted (a browser retrying), every
  50th is first sent and abandoned before its answer (a lost answer), and every 25th follows the
  one before without waiting (an impatient reader: the flood limit's 429, waited out).

Faults, each in a run of its own, once a third of the comments are in: a gunicorn worker killed
(SIGKILL); the database write-locked for 25 s (PostgreSQL: `LOCK TABLE comments_comment IN
EXCLUSIVE MODE` held by another connection; SQLite: `BEGIN EXCLUSIVE` on the file); Redis
restarted (the machine's own server: shut down, started again with the same settings, checked).

It ends by reading the database: every accepted comment is stored exactly once, every POST that
failed and was sent again is stored exactly once, nothing is stored that no answer accepted, and
no answer was a 5xx other than a 503 with Retry-After while the database was locked. Prints a
markdown table and writes bench/LOAD.md. Exits 1 if any check fails.
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
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
POST_PATH = "/2015/10/27/syria-aleppo-offensive/"  # the demo's reference post
ACCEPTED = {302, 303}
FAULTS = {
    "plain": "plain",
    "worker-killed": "a gunicorn worker killed (SIGKILL)",
    "db-locked": "the database write-locked for 25 s",
    "redis-restarted": "Redis restarted",
}
# The runs `make bench-load` makes: the four on PostgreSQL + Redis, and SQLite's own locking.
DEFAULT_RUNS = "postgres:plain,postgres:worker-killed,postgres:db-locked,postgres:redis-restarted,"
DEFAULT_RUNS += "sqlite:db-locked"
LOCK_SECONDS = 25
RETRY_AFTER_CAP = 5  # seconds: a commenter waits what Retry-After says, at most this long
# The Redis settings to start it again exactly as it was (read from the running server).
REDIS_SETTINGS = ("port", "bind", "daemonize", "dir", "logfile", "pidfile", "save", "appendonly")

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
def production_env(database_url: str, work: Path, args) -> dict[str, str]:
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
        # The abuse limits on, per commenter address: one comment a second each (15 s by
        # default; 1 s lets 1,000 comments through in minutes) and the hourly cap above what
        # each sends (125).
        "RATELIMIT_ENABLED": "1",
        "COMMENTS_FLOOD_SECONDS": str(args.flood_seconds),
        "COMMENTS_HOURLY_LIMIT": str(args.hourly_limit),
        # The page cache on, in Redis (and its files for nginx in the run's folder).
        "PAGE_CACHE": "1",
        "PAGE_CACHE_DIR": str(work / "pages"),
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": f"broadsheet-load-{secrets.token_hex(4)}",  # a run's counts its own
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
    manage(env, "load_demo", f"--password={secrets.token_urlsafe(16)}", "-v", "0")


VERIFY = """
import json
from collections import Counter
from django.db import connection
from comments.models import Comment
marker = {marker!r}
rows = Comment.objects.filter(body__startswith=marker).values_list("body", "ip_address")
bodies = Counter(body for body, _ in rows)
addresses = sorted({{str(address) for _, address in rows}})
pragmas = {{}}
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        for name in ("journal_mode", "busy_timeout"):
            cursor.execute(f"PRAGMA {{name}}")
            pragmas[name] = cursor.fetchone()[0]
print(json.dumps({{"bodies": bodies, "addresses": addresses, "vendor": connection.vendor,
                  "pragmas": pragmas}}))
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

    def worker_pids(self) -> list[int]:
        output = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(pid) for pid in output.split()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log_file.close()


def request(port: int, method: str, path: str, body=None, headers=None, source: str = ""):
    connection = http.client.HTTPConnection(
        HOST, port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def send_and_abandon(port: int, path: str, body: bytes, headers: dict, source: str) -> None:
    """Send a whole POST and hang up before the answer: the answer is lost, the post is not."""
    head = f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    head += f"Content-Length: {len(body)}\r\n\r\n"
    with socket.create_connection((HOST, port), timeout=10, source_address=(source, 0)) as sock:
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
            ["wrk", "-t2", f"-c{connections}", "-d5s", "--timeout", "30s", "-s", script,
             f"http://{HOST}:{port}{POST_PATH}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout  # fmt: skip
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
    duplicates: int = 0  # an accepted comment sent again (a browser retrying)
    abandoned: int = 0
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list = field(default_factory=list)
    accepted: list = field(default_factory=list)  # bodies answered with a redirect
    retried_after_failure: set = field(default_factory=set)  # bodies whose POST failed first
    dropped: int = 0  # connections the server closed without an answer
    without_retry_after: int = 0  # a 429 or 503 that did not say when to come back
    duplicate_mismatches: int = 0  # a duplicate sent somewhere else than its first copy
    failures: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, milliseconds: float) -> None:
        with self.lock:
            self.sent += 1
            self.statuses[status] += 1
            self.latencies_ms.append(milliseconds)


def form_of(port: int, source: str = "") -> tuple[str, str]:
    status, _, html = request(port, "GET", POST_PATH, source=source)
    page = html.decode()
    action = re.search(r'action="(/comments/post/\d+/)"', page)
    ts = re.search(r'name="ts" value="([^"]+)"', page)
    if status != 200 or not action or not ts:
        raise SystemExit(f"no comment form on {POST_PATH} (status {status})")
    return action.group(1), ts.group(1)


def commenter_address(number: int) -> str:
    return f"127.0.0.{2 + number}"


def commenter(number: int, count: int, port: int, marker: str, deadline: float, out: Commenters,
              flood_seconds: float):  # fmt: skip
    source = commenter_address(number)
    action, ts = form_of(port, source)  # the page as a browser loads it, then a person types
    time.sleep(3.2)  # the form's signed timestamp marks faster answers as spam
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://{HOST}:{port}",
        "Referer": f"http://{HOST}:{port}{POST_PATH}",
        "User-Agent": "broadsheet-bench-load",
    }

    def send(body: bytes) -> tuple[int | None, dict]:
        started = time.perf_counter()
        try:
            status, response_headers, _ = request(port, "POST", action, body, headers, source)
        except (OSError, http.client.HTTPException):  # the worker died under the request
            with out.lock:
                out.dropped += 1
            return None, {}
        out.record(status, (time.perf_counter() - started) * 1000)
        return status, response_headers

    for sequence in range(count):
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
            with contextlib.suppress(OSError):
                send_and_abandon(port, action, body, headers, source)
            with out.lock:
                out.abandoned += 1
        location = None
        while location is None:
            if time.monotonic() > deadline:
                out.failures.append(f"client {number}: stopped by --max-seconds at {sequence}")
                return
            status, response_headers = send(body)
            if status in ACCEPTED:
                location = response_headers.get("Location")
                break
            if status in {429, 503} or status is None:
                with out.lock:
                    out.retried_after_failure.add(text)
                wait = 0.5
                if status is not None:
                    retry_after = response_headers.get("Retry-After")
                    if retry_after is None:
                        with out.lock:
                            out.without_retry_after += 1
                    wait = min(RETRY_AFTER_CAP, float(retry_after or 1))
                time.sleep(wait)
                continue
            out.failures.append(f"client {number}: comment {sequence} answered {status}")
            break
        if location is None:
            continue
        with out.lock:
            out.accepted.append(text)
        if sequence % 10 == 5:  # the browser sends it again (a double click, a reload)
            status, response_headers = send(body)
            with out.lock:
                out.duplicates += 1
                if status in ACCEPTED and response_headers.get("Location") != location:
                    out.duplicate_mismatches += 1
            if status not in ACCEPTED:
                out.failures.append(f"client {number}: a duplicate answered {status}")
        if sequence % 25 != 12:  # every 25th goes at once: an impatient reader meets the limit
            time.sleep(flood_seconds + 0.05)  # a person, or a well-behaved client, waits


# --- Faults ------------------------------------------------------------------------------------
@dataclass
class Fault:
    """What the fault thread did, and when (seconds after the commenters started)."""

    name: str
    at: float | None = None
    until: float | None = None
    notes: list = field(default_factory=list)


def wait_for_a_third(commenters: Commenters, total: int, stop: threading.Event) -> bool:
    while len(commenters.accepted) < total // 3:
        if stop.wait(0.2):
            return False
    return True


def worker_serving_a_comment(server: Gunicorn, seconds: float = 10) -> tuple[int, str] | None:
    """A worker with a commenter's connection open (a POST in hand), and that commenter's address,
    from ``ss`` (the sockets the workers hold)."""
    commenters = {commenter_address(n) for n in range(8)}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        output = subprocess.run(
            ["ss", "-tnpH", "state", "established", f"( sport = :{server.port} )"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        workers = set(server.worker_pids())
        for line in output.splitlines():
            peer = line.split()[3].rpartition(":")[0] if len(line.split()) > 3 else ""
            pids = {int(pid) for pid in re.findall(r"pid=(\d+)", line)} & workers
            if peer in commenters and pids:
                return pids.pop(), peer
        time.sleep(0.01)
    return None


def kill_a_worker(server: Gunicorn, fault: Fault, started: float) -> None:
    found = worker_serving_a_comment(server)
    if found is None:
        pids = server.worker_pids()
        if not pids:
            fault.notes.append("no worker found to kill")
            return
        found = (pids[0], "")
    pid, peer = found
    fault.at = time.monotonic() - started
    os.kill(pid, signal.SIGKILL)
    serving = f" while it served a comment POST from {peer}" if peer else ""
    fault.notes.append(
        f"worker {pid} killed (SIGKILL) at {fault.at:.0f} s{serving}; gunicorn forks another"
    )


def lock_postgres(url: str, fault: Fault, started: float) -> None:
    import psycopg

    with psycopg.connect(url) as holder:
        holder.execute("LOCK TABLE comments_comment IN EXCLUSIVE MODE")
        fault.at = time.monotonic() - started
        time.sleep(LOCK_SECONDS)
        holder.rollback()
        fault.until = time.monotonic() - started
    fault.notes.append(
        f"`LOCK TABLE comments_comment IN EXCLUSIVE MODE` held by another connection from "
        f"{fault.at:.0f} s to {fault.until:.0f} s"
    )


def lock_sqlite(path: str, fault: Fault, started: float) -> None:
    holder = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        fault.at = time.monotonic() - started
        time.sleep(LOCK_SECONDS)
        holder.execute("ROLLBACK")
        fault.until = time.monotonic() - started
    finally:
        holder.close()
    fault.notes.append(
        f"`BEGIN EXCLUSIVE` held on the file by another connection from {fault.at:.0f} s to "
        f"{fault.until:.0f} s"
    )


def redis_config(port: int) -> dict[str, str]:
    output = subprocess.run(
        ["redis-cli", "-p", str(port), "config", "get", "*"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return dict(zip(output[0::2], output[1::2], strict=False))


def redis_answers(port: int) -> bool:
    result = subprocess.run(
        ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "PONG"


def restart_redis(port: int, fault: Fault, started: float) -> None:
    """Shut the machine's Redis down and start it again with the settings it had (it keeps
    nothing on disk here: `save ""`, no append-only file), then check they are the same."""
    before = redis_config(port)
    command = ["redis-server"]
    for name in REDIS_SETTINGS:
        command += [f"--{name}", *(before[name].split() or [""])]
    fault.at = time.monotonic() - started
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False)
    while redis_answers(port):
        time.sleep(0.05)
    time.sleep(2)  # a short outage: other work on this machine uses other Redis databases
    try:
        subprocess.run(command, check=True)
    finally:
        deadline = time.monotonic() + 10
        while not redis_answers(port) and time.monotonic() < deadline:
            time.sleep(0.05)
    fault.until = time.monotonic() - started
    after = redis_config(port)
    changed = sorted(name for name in before if before[name] != after.get(name))
    fault.notes.append(
        f"`redis-cli shutdown nosave` at {fault.at:.0f} s, started again "
        f"(`{shlex.join(command)}`) and answering at {fault.until:.0f} s; "
        + (f"settings changed: {changed}" if changed else "every setting as before")
    )


def inject(kind: str, *, server, database_url, redis_port, fault, started, commenters, total, stop):
    if kind == "plain" or not wait_for_a_third(commenters, total, stop):
        return
    try:
        if kind == "worker-killed":
            kill_a_worker(server, fault, started)
        elif kind == "db-locked" and database_url.startswith("postgres"):
            lock_postgres(database_url, fault, started)
        elif kind == "db-locked":
            lock_sqlite(database_url.removeprefix("sqlite:///"), fault, started)
        elif kind == "redis-restarted":
            restart_redis(redis_port, fault, started)
    except Exception as error:  # reported in the results
        fault.notes.append(f"the fault failed: {error!r}")


# --- One run ---------------------------------------------------------------------------------
def run_one(label: str, kind: str, database_url: str, env: dict, args, port: int) -> dict:
    print(f"--- {label}: {args.comments} comments from {args.clients} addresses", flush=True)
    work = Path(env["PAGE_CACHE_DIR"]).parent
    server = Gunicorn(port, env, args.workers, work / f"gunicorn-{port}.log")
    server.start()
    marker = f"Load {secrets.token_hex(4)}"
    readers, commenters = Readers(), Commenters()
    fault = Fault(kind)
    stop = threading.Event()
    script = work / "status.lua"
    script.write_text(WRK_SCRIPT)
    redis_port = urllib.parse.urlsplit(args.redis_url).port or 6379
    try:
        form_of(port)  # warm
        reader_thread = threading.Thread(
            target=run_readers, args=(port, stop, readers, args.readers, str(script))
        )
        reader_thread.start()
        started = time.monotonic()
        deadline = started + args.max_seconds
        per_client = -(-args.comments // args.clients)
        threads = [
            threading.Thread(
                target=commenter,
                args=(n, per_client, port, marker, deadline, commenters, args.flood_seconds),
            )
            for n in range(args.clients)
        ]
        fault_thread = threading.Thread(
            target=inject,
            args=(kind,),
            kwargs={
                "server": server, "database_url": database_url, "redis_port": redis_port,
                "fault": fault, "started": started, "commenters": commenters,
                "total": per_client * args.clients, "stop": stop,
            },
        )  # fmt: skip
        fault_thread.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        comment_seconds = time.monotonic() - started
        stop.set()
        fault_thread.join()
        reader_thread.join()
    finally:
        stop.set()
        server.stop()
    log = server.log.read_text(errors="replace")
    stored = stored_comments(env, marker)
    bodies = stored["bodies"]
    accepted = set(commenters.accepted)
    statuses = commenters.statuses
    retry_503 = statuses.get(503, 0)
    return {
        "label": label,
        "kind": kind,
        "vendor": stored["vendor"],
        "pragmas": stored["pragmas"],
        "addresses": stored["addresses"],
        "readers": readers,
        "commenters": commenters,
        "fault": fault,
        "comment_seconds": comment_seconds,
        "accepted": len(accepted),
        "stored": sum(bodies.values()),
        "lost": len([text for text in accepted if bodies.get(text, 0) == 0]),
        "doubled": len([text for text, count in bodies.items() if count > 1]),
        "unexpected": len([text for text in bodies if text not in accepted]),
        "retried": len(commenters.retried_after_failure),
        "retried_stored_once": len(
            [text for text in commenters.retried_after_failure if bodies.get(text, 0) == 1]
        ),
        "post_5xx_other": sum(n for status, n in statuses.items() if status >= 500) - retry_503,
        "post_503": retry_503,
        "post_429": statuses.get(429, 0),
        "locked_in_log": log.count("database is locked") + log.count("lock timeout"),
        "internal_errors_in_log": log.count("Internal Server Error"),
        "redis_warnings_in_log": log.count("Redis is unreachable"),
        "log": str(server.log),
    }


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def table(results: list[dict]) -> str:
    lines = [
        "| run | reader requests | reader p50 / p99 ms | reader 5xx | reader socket errors | "
        "comment POSTs (duplicates, abandoned) | accepted | POST p50 / p99 ms | 429 (waited, "
        "sent again) | 503 with Retry-After | other 5xx | dropped connections | failed POSTs "
        "sent again / stored once | stored | lost | stored twice |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: | ---: | ---: | ---: |",
    ]
    for r in results:
        readers, commenters = r["readers"], r["commenters"]
        p50 = statistics.median(readers.p50) if readers.p50 else 0
        p99 = max(readers.p99, default=0)
        lines.append(
            f"| {r['label']} | {readers.requests:,} | {p50:.0f} / {p99:.0f} | "
            f"{readers.server_errors} | {readers.socket_errors} | {commenters.sent:,} "
            f"({commenters.duplicates}, {commenters.abandoned}) | {r['accepted']:,} | "
            f"{statistics.median(commenters.latencies_ms or [0]):.0f} / "
            f"{percentile(commenters.latencies_ms, 0.99):.0f} | {r['post_429']} | "
            f"{r['post_503']} | {r['post_5xx_other']} | {commenters.dropped} | "
            f"{r['retried']} / {r['retried_stored_once']} | {r['stored']:,} | {r['lost']} | "
            f"{r['doubled']} |"
        )
    return "\n".join(lines)


def verdicts(result: dict, args) -> list[str]:
    problems = []
    commenters = result["commenters"]
    if result["readers"].server_errors:
        problems.append(f"{result['readers'].server_errors} reader answers were 5xx")
    if result["post_5xx_other"]:
        problems.append(f"{result['post_5xx_other']} comment answers were a 5xx other than 503")
    if result["post_503"] and result["kind"] != "db-locked":
        problems.append(f"{result['post_503']} answers were 503 with no lock held")
    if commenters.without_retry_after:
        problems.append(f"{commenters.without_retry_after} 429/503 answers lacked Retry-After")
    if result["lost"]:
        problems.append(f"{result['lost']} accepted comments are not in the database")
    if result["doubled"]:
        problems.append(f"{result['doubled']} comments are stored more than once")
    if result["unexpected"]:
        problems.append(f"{result['unexpected']} comments stored that no answer accepted")
    if result["retried"] != result["retried_stored_once"]:
        problems.append("a POST that failed and was sent again is not stored exactly once")
    if commenters.duplicate_mismatches:
        problems.append(f"{commenters.duplicate_mismatches} duplicates went elsewhere")
    if result["accepted"] < args.comments:
        problems.append(f"only {result['accepted']} of {args.comments} comments were accepted")
    if result["internal_errors_in_log"]:
        problems.append(f"{result['internal_errors_in_log']} 'Internal Server Error' in the log")
    expected = {commenter_address(n) for n in range(args.clients)}
    if set(result["addresses"]) != expected:
        problems.append(f"stored from {result['addresses']}, not one address per commenter")
    if result["kind"] != "plain" and result["fault"].at is None:
        problems.append("the fault did not happen: " + "; ".join(result["fault"].notes))
    problems += [note for note in result["fault"].notes if "failed" in note]
    problems += commenters.failures[:5]
    return problems


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def write_report(results: list[dict], args, problems: dict[str, list[str]], loads) -> str:
    faults = "\n".join(
        f"- **{r['label']}**: " + ("; ".join(r["fault"].notes) or "no fault")
        + f". Commenting took {r['comment_seconds']:.0f} s; load average before / after: "
        f"{loads[r['label']][0]} / {loads[r['label']][1]}."
        for r in results
    )  # fmt: skip
    outcome = "\n".join(
        f"- **{label}**: " + ("every check passed." if not found else "; ".join(found))
        for label, found in problems.items()
    )
    sqlite = next((r for r in results if r["vendor"] == "sqlite"), None)
    pragma_line = ""
    if sqlite:
        pragmas = sqlite["pragmas"]
        pragma_line = (
            "SQLite, read back on a connection opened with the site's settings: "
            f"`journal_mode={pragmas.get('journal_mode')}`, "
            f"`busy_timeout={pragmas.get('busy_timeout')}` ms.\n\n"
        )
    command = "make bench-load" + (f' LOAD_ARGS="{args.original}"' if args.original else "")
    text = f"""# No lost comments under load and faults

`{command}` (`bench/load.py`), run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on
{machine()}, shared with seven other helpers' work (load average {loads["start"]} at the start,
1, 5 and 15 minutes): the runs measure correctness, not speed.

Each run: gunicorn ({args.workers} sync workers, `deploy/gunicorn.conf.py`) with production
settings (`DEBUG=0`, a `SECRET_KEY`, `ALLOWED_HOSTS=127.0.0.1`, `SECURE_SSL_REDIRECT=0`), the
**rate limits on** (`COMMENTS_FLOOD_SECONDS={args.flood_seconds}`,
`COMMENTS_HOURLY_LIMIT={args.hourly_limit}`: per address, so per commenter) and the **page cache
on** (`PAGE_CACHE=1`), Redis as the cache (`{args.redis_url}`, a key prefix of the run's own),
`DATABASE_LOCK_TIMEOUT` and `DATABASE_STATEMENT_TIMEOUT` at their defaults (10 s, 20 s). At the
same time: readers with wrk (2 threads, {args.readers} connections) on the demo's reference post,
and {args.clients} commenters, each from its own loopback address (127.0.0.2 ...
127.0.0.{1 + args.clients}, the client socket bound to it; the database shows each comment's
address), sending
{args.comments:,} comments to that post as a browser would (Origin header, the page's signed
form timestamp, a unique body each). Each commenter waits the flood interval after each accepted
comment; a 429 or a 503 is waited out (its `Retry-After`, at most {RETRY_AFTER_CAP} s) and the
same form sent again, and so is a POST whose connection the server dropped. Every 10th accepted
comment is sent once more (a duplicate), every 50th is first sent and abandoned before its
answer, and every 25th follows the one before at once (the flood limit answers 429). At the end
the database is read: each accepted comment must be stored exactly once.

{table(results)}

{pragma_line}"429" counts refusals by the flood limit, each waited out and sent again; "503 with
Retry-After" are comment POSTs that gave up waiting on the lock (the reader's page gives the
comment back to send again); "dropped connections" are POSTs whose worker died under them (sent
again); "failed POSTs sent again / stored once" counts comments whose first POST got a 429, a 503
or no answer, and how many of them are stored exactly once; "stored twice" counts bodies found
more than once, duplicates and abandoned copies included. "reader socket errors" are wrk's
connect/read/timeout errors (a killed worker's open connections), not HTTP answers.

Faults (each once a third of the comments were in):

{faults}

Outcome:

{outcome}

Re-run: `make bench-load` (PostgreSQL from `LOAD_DATABASE_URL`, default
`postgres://postgres@127.0.0.1:5432/load_bench`, dropped and re-created; Redis from `--redis-url`,
default `redis://127.0.0.1:6379/3`; the Redis run shuts that server down and starts it again), or
one run: `.venv/bin/python bench/load.py --runs postgres:plain --comments 200`.
"""
    (BENCH_DIR / "LOAD.md").write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs",
        default=DEFAULT_RUNS,
        help="comma-separated database:fault pairs; databases sqlite, postgres; faults "
        f"{', '.join(FAULTS)} (default: {DEFAULT_RUNS})",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/load_bench"),
        help="an emptied-first PostgreSQL database (its name must contain 'load')",
    )  # fmt: skip
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--comments", type=int, default=1000, help="comments to post (1000)")
    parser.add_argument("--clients", type=int, default=8, help="commenters, one address each (8)")
    parser.add_argument("--readers", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--flood-seconds", type=int, default=1, help="COMMENTS_FLOOD_SECONDS (1)")
    parser.add_argument("--hourly-limit", type=int, default=200, help="COMMENTS_HOURLY_LIMIT")
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument(
        "--max-seconds", type=float, default=900, help="stop posting after this long (900)"
    )
    args = parser.parse_args()
    args.original = " ".join(sys.argv[1:])
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    if not 1 <= args.clients <= 8:
        raise SystemExit("--clients: 1 to 8 (one loopback address each, 127.0.0.2 ... .9)")
    runs = []
    for item in args.runs.split(","):
        database, _, kind = item.strip().partition(":")
        if database not in {"sqlite", "postgres"} or kind not in FAULTS:
            raise SystemExit(f"--runs: {item!r} is not database:fault")
        runs.append((database, kind))
    prepared: dict[str, tuple[str, Path]] = {}
    results, problems, loads = [], {}, {"start": load_average()}
    for offset, (database, kind) in enumerate(runs):
        if database not in prepared:  # one database for every run on it (each run's own marker)
            work = Path(tempfile.mkdtemp(prefix="broadsheet-load-"))
            if database == "postgres":
                url = args.postgres_url
                fresh_postgres(url)
            else:
                url = f"sqlite:///{work / 'load.sqlite3'}"
            print(f"--- {database}: setting up", flush=True)
            prepare(production_env(url, work, args))
            prepared[database] = (url, work)
        url, work = prepared[database]
        env = production_env(url, work, args)
        label = f"{'PostgreSQL' if database == 'postgres' else 'SQLite'}: {FAULTS[kind]}"
        before = load_average()
        result = run_one(label, kind, url, env, args, args.port + offset % 10)
        loads[label] = (before, load_average())
        results.append(result)
        problems[label] = verdicts(result, args)
        print(f"    {'; '.join(problems[label]) or 'every check passed'}", flush=True)
    for _url, work in prepared.values():
        shutil.rmtree(work, ignore_errors=True)
    report = write_report(results, args, problems, loads)
    print(report)
    if any(problems.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
