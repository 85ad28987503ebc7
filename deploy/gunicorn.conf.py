"""gunicorn settings for Broadsheet: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Sized for the machine it starts on. Rendering a page is CPU work (the database answers in well
under a millisecond), so a sync worker per core plus one keeps every core busy while one worker
waits on the database or the network; more workers only add memory and context switches. The
page cache (blog.pagecache) and nginx in front take the bulk of anonymous traffic.

Before the workers start, ``on_starting`` refuses to start, with one message, a site that could
not serve a page (DEBUG off before ``collectstatic``: core.checks).

Environment: WEB_CONCURRENCY (workers), GUNICORN_BIND, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS,
GUNICORN_ACCESSLOG, GUNICORN_LOGLEVEL, FORWARDED_ALLOW_IPS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Slow clients are nginx's problem (it buffers requests and responses), so sync workers suffice.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Load the application once in the master: workers share its memory pages and start fast.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# Request headers from nginx may not exceed these (defence against oversized headers).
limit_request_line = 8190
limit_request_fields = 100


def on_starting(server):
    # With preload_app Django is set up already; setup() again is harmless either way.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from core.checks import refuse_to_start_if_unready

    refuse_to_start_if_unready()


def post_fork(server, worker):
    # Connections opened in the master (preload_app) must not be shared with the workers.
    from django.db import connections

    connections.close_all()
