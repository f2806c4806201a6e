"""A small TCP proxy of a test's own, to stand between the site and PostgreSQL or Redis and
fail on demand, as a restart or a network fault would.

``cut()`` closes every open connection and stops listening, so new ones are refused at once
(what a client sees while a server restarts); ``restore()`` listens again on the same port.
``stall()`` keeps connections open but passes nothing on (a silent network), until
``restore()``. Threads, not asyncio, so that it runs beside Django's synchronous test code.
"""

import contextlib
import socket
import threading

BUFFER = 65536


class TcpProxy:
    def __init__(self, target_host, target_port, port=0):
        self.target = (target_host, target_port)
        self.port = port
        self._pairs = set()
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self._listener = None
        self._accepting = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        self._listen()
        return self

    def cut(self):
        """Refuse new connections and drop the open ones."""
        self._stop_listening()
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            for sock in pair:
                _close(sock)
        self._flowing.set()  # let stalled pumps see their sockets closed

    def stall(self):
        """Keep every connection, accept new ones, but pass no bytes on."""
        self._flowing.clear()

    def restore(self):
        self._flowing.set()
        if self._listener is None:
            self._listen()

    def close(self):
        self.cut()

    def _listen(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def _stop_listening(self):
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._accepting.join()  # it closes the listener within 0.05 s of seeing it replaced
        self._accepting = None

    def _accept(self, listener):
        try:
            while self._listener is listener:
                try:
                    client, _address = listener.accept()
                except TimeoutError:
                    continue
                self._connect(client)
        finally:
            listener.close()

    def _connect(self, client):
        client.settimeout(None)
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        pair = (client, upstream)
        with self._lock:
            self._pairs.add(pair)
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(pair, source, sink), daemon=True).start()

    def _pump(self, pair, source, sink):
        try:
            while True:
                data = source.recv(BUFFER)
                if not data:
                    break
                self._flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._pairs.discard(pair)
        for sock in pair:
            _close(sock)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
