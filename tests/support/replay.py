"""A small threaded HTTP server on 127.0.0.1 that replays recorded responses.

The sources tests run the real fetching code against it: nothing reaches the
internet. A route answers with a fixture file (or bytes), its status and
headers; with ``etag`` / ``last_modified`` it honours conditional requests the
way real servers do (304 Not Modified, no body). Every request is recorded, so
a test can say how many were sent and with which headers.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0  # seconds before the answer (recorded on arrival): a slow source


@dataclass(frozen=True)
class Recorded:
    path: str  # with the query string
    headers: dict[str, str]  # names in lower case
    status: int


class ReplayServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?", 1)[0])
                headers = {k.lower(): v for k, v in self.headers.items()}
                if route is None:
                    route = Route(status=404, body=b"Not Found", headers={"Content-Type": "text/plain"})
                status, body = route.status, route.body
                if status == 200 and (
                    (route.etag and headers.get("if-none-match") == route.etag)
                    or (route.last_modified and headers.get("if-modified-since") == route.last_modified)
                ):
                    status, body = 304, b""
                with server._lock:
                    server.requests.append(Recorded(self.path, headers, status))
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(
        self,
        path: str,
        *,
        fixture: str = "",
        body: bytes | str = b"",
        status: int = 200,
        content_type: str = "",
        headers: dict[str, str] | None = None,
        etag: str = "",
        last_modified: str = "",
    ) -> Route:
        """Answer GET ``path`` (matched with its query string first, then without)."""
        if fixture:
            body = (FIXTURES / fixture).read_bytes()
        if isinstance(body, str):
            body = body.encode()
        all_headers = dict(headers or {})
        if content_type:
            all_headers["Content-Type"] = content_type
        route = Route(status=status, body=body, headers=all_headers, etag=etag, last_modified=last_modified)
        self.routes[path] = route
        return route

    def redirect(self, path: str, location: str, status: int = 302) -> Route:
        return self.add(path, status=status, headers={"Location": location})

    def requests_to(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path or r.path.split("?", 1)[0] == path]

    def start(self) -> "ReplayServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
