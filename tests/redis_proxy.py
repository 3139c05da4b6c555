"""A proxy in front of Redis that counts the commands sent through it: the Redis traffic of the processes
given its URL, and theirs alone. (INFO's counters are the whole server's: anyone else's commands on the shared
Redis, other databases included, would be counted with them.)"""

import contextlib
import socket
import threading


def command_end(buffer: bytes, at: int = 0) -> int | None:
    """Where the command starting at `at` ends (RESP: an array of bulk strings, or one inline line), or None
    while it has not all arrived."""
    line = buffer.find(b"\r\n", at)
    if line < 0:
        return None
    if buffer[at : at + 1] != b"*":
        return line + 2
    parts, at = int(buffer[at + 1 : line]), line + 2
    for _ in range(parts):
        line = buffer.find(b"\r\n", at)
        if line < 0:
            return None
        at = line + 2 + int(buffer[at + 1 : line]) + 2  # "$<length>\r\n<bytes>\r\n"
        if at > len(buffer):
            return None
    return at


class CountingProxy:
    def __init__(self, redis_url: str):
        scheme, rest = redis_url.split("//")
        address, _, database = rest.partition("/")
        host, port = address.split(":")
        self._upstream = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"{scheme}//127.0.0.1:{self._listener.getsockname()[1]}/{database}"
        self.commands = 0
        self._lock = threading.Lock()
        self._open: dict[tuple[socket.socket, socket.socket], str] = {}  # each pair -> its address at Redis
        threading.Thread(target=self._accept, daemon=True).start()

    def upstream_addresses(self) -> set[str]:
        """The proxy's own connections to Redis, as CLIENT LIST names them ("ip:port")."""
        with self._lock:
            return set(self._open.values())

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for pair in self._open:
                _close(*pair)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            upstream = socket.create_connection(self._upstream)
            with self._lock:
                self._open[client, upstream] = "%s:%d" % upstream.getsockname()[:2]
            threading.Thread(target=self._requests, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._replies, args=(client, upstream), daemon=True).start()

    def _requests(self, client, upstream) -> None:
        pending = b""
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                pending += data
                while (end := command_end(pending)) is not None:
                    pending = pending[end:]
                    with self._lock:
                        self.commands += 1
                upstream.sendall(data)
        self._forget(client, upstream)

    def _replies(self, client, upstream) -> None:
        # Redis closing a connection (CLIENT KILL) closes the client's: it sees what it would see direct
        with contextlib.suppress(OSError):
            while data := upstream.recv(65536):
                client.sendall(data)
        self._forget(client, upstream)

    def _forget(self, client, upstream) -> None:
        _close(client, upstream)
        with self._lock:
            self._open.pop((client, upstream), None)


def _close(*sockets) -> None:
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@contextlib.contextmanager
def counting_proxy(redis_url: str):
    proxy = CountingProxy(redis_url)
    try:
        yield proxy
    finally:
        proxy.close()
