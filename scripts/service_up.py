"""Exit 0 when a service answers: `service_up.py postgres URL`, `service_up.py redis URL`."""

import socket
import sys
from urllib.parse import urlparse


def reachable(url, default_port):
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    kind, url = sys.argv[1], sys.argv[2]
    sys.exit(0 if reachable(url, {"postgres": 5432, "redis": 6379}[kind]) else 1)
