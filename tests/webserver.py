"""A real HTTP server on loopback for tests of outgoing requests (the ``web_server`` fixture).

Routes answer with fixed replies or with a function of the request; every request received is
recorded, so a test can assert what was sent (a webmention's form, a signed delivery)::

    web_server.route("/post", body=b"<a href='...'>", content_type="text/html")
    web_server.route("/inbox", handler=lambda request: Reply(status=202))
    fetch(web_server.url("/post")); web_server.requests[-1].headers["User-Agent"]
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str  # with its query string
    headers: dict[str, str]  # names lowercased
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    # A slow answer: the body is sent in ``chunks`` pieces, ``chunk_delay`` seconds apart.
    chunks: int = 1
    chunk_delay: float = 0.0
    # False: send no Content-Length (the body ends when the connection closes).
    content_length: bool = True


class WebServer:
    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Callable[[Request], Reply]] = {}
        self.requests: list[Request] = []
        self._server = ThreadingHTTPServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "WebServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, *, handler: Callable[[Request], Reply] | None = None, **reply):
        """Answer ``path`` (without its query) with ``Reply(**reply)`` or ``handler(request)``."""
        fixed = Reply(**reply)
        self.routes[path] = handler or (lambda _request: fixed)

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.route(path, status=status, headers={"Location": to})

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet in test output
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    method=self.command,
                    path=self.path,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                server.requests.append(request)
                handler = server.routes.get(self.path.split("?")[0])
                reply = handler(request) if handler else Reply(status=404, body=b"Not found")
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                if self.command == "HEAD":
                    return
                size = max(1, -(-len(reply.body) // reply.chunks))
                for start in range(0, len(reply.body), size):
                    if start and reply.chunk_delay:
                        time.sleep(reply.chunk_delay)
                    try:
                        self.wfile.write(reply.body[start : start + size])
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return

            do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _answer

        return Handler
