import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def form(self) -> dict:
        return dict(urllib.parse.parse_qsl(self.body.decode(), keep_blank_values=True))


@dataclass
class Provider:
    """A local stand-in for a provider's API: it records each request and answers with what
    `respond(seen) -> (status, dict)` returns (by default the provider's success answer)."""

    url: str
    received: list = field(default_factory=list)
    respond: object = None


@pytest.fixture
def provider():
    state = Provider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parsed = urllib.parse.urlsplit(self.path)
            seen = Seen(
                method="POST",
                path=parsed.path,
                query=dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(int(self.headers.get("Content-Length", 0))),
            )
            seen.raw_query = parsed.query
            state.received.append(seen)
            status, answer = state.respond(seen) if state.respond else (200, {"errcode": 0})
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}"
    yield state
    server.shutdown()
    server.server_close()
