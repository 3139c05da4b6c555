"""The gunicorn worker `quotedb serve` and the Docker image run: gunicorn's threaded worker (gthread), with
each request read in full by the worker's event loop before a thread is given it.

Why: with sync workers, two connections that sent half a request and stopped held both workers for the whole
120 s timeout, and nothing else was answered (issue 25 item 12). gunicorn's gthread worker waits in its event
loop only for a request's first bytes; once they come it hands the connection to a thread, which then blocks
until the rest arrives, so as many slow clients as threads starve it just the same. This worker keeps every
connection in the event loop (costing a socket and its bytes, no thread) until its request head, and a body up
to BUFFERED_BODY bytes, are all there, then hands gunicorn's own parser those bytes. A connection that has not
sent its whole request within REQUEST_SECONDS is closed. Threads are then only ever busy with the app's work.
A buffering proxy in front (nginx) would do the same; this keeps the one-process set-up of `quotedb serve`.

What is left: a body over BUFFERED_BODY (the API takes up to 2 MB) is read by its thread as it arrives, and a
worker accepts `worker_connections` (1000) connections at most, slow ones included.
"""

import errno
import re
import selectors
import time
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

REQUEST_SECONDS = 15.0  # to send a whole request head (and a buffered body), from the first byte on
BUFFERED_BODY = 256 * 1024
MAX_HEAD = 64 * 1024  # a longer head goes to gunicorn's parser as it is, which refuses it
HEAD_END = b"\r\n\r\n"
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d{1,12})[ \t]*\r\n", re.IGNORECASE)
CHUNKED = re.compile(rb"\r\ntransfer-encoding:[^\r\n]*chunked", re.IGNORECASE)
EXPECT = re.compile(rb"\r\nexpect:[ \t]*100-continue", re.IGNORECASE)  # the body comes once gunicorn says 100


def request_complete(received: bytes) -> bool:
    """Whether `received` holds a whole request head and as much of its body as is worth waiting for here."""
    head_end = received.find(HEAD_END)
    if head_end < 0:
        return len(received) > MAX_HEAD
    head = received[: head_end + 2]
    body = len(received) - head_end - len(HEAD_END)
    if EXPECT.search(head):
        return True
    if CHUNKED.search(head):
        return (
            body >= BUFFERED_BODY or received.endswith(b"\r\n0\r\n\r\n") or received.endswith(b"\n0\r\n\r\n")
        )
    length = CONTENT_LENGTH.search(head)
    return length is None or body >= min(int(length.group(1)), BUFFERED_BODY)


class BufferingWorker(ThreadWorker):
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        self._wait_for_request(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request: read in the event loop like a new connection's."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._wait_for_request(conn)

    def _wait_for_request(self, conn) -> None:
        conn.received = bytearray()
        conn.timeout = time.monotonic() + REQUEST_SECONDS  # murder_pending() closes it past this
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_bytes, conn))

    def _on_bytes(self, conn, client) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            conn.received += data
            if not request_complete(conn.received):
                return
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        if not data:  # the client went away
            self.nr_conns -= 1
            conn.close()
            return
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(conn.received))
        conn.received = bytearray()
        conn.data_ready = True  # handle() must not wait for data it was given
        self.enqueue_req(conn)
