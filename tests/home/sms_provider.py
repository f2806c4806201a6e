"""A stand-in for an SMS provider's API: a real HTTP server on 127.0.0.1 that records what the
official SDK sent and answers with the status and JSON body the test chose."""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def form(self):
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}

    @property
    def json(self):
        return json.loads(self.body)


class ProviderServer:
    def __init__(self):
        self.received = []
        self.answers = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                url = urlsplit(self.path)
                server.received.append(
                    Received(
                        self.command,
                        url.path,
                        {key: values[0] for key, values in parse_qs(url.query).items()},
                        {key.lower(): value for key, value in self.headers.items()},
                        self.rfile.read(length),
                    )
                )
                status, body = server.answers.pop(0) if server.answers else (200, {})
                payload = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, status, body):
        self.answers.append((status, body))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
