"""The response cache's generation on Redis, known in every process without asking Redis on each request.

The generation is a counter in Redis that every successful write moves on (cache.py). A write moves it
with a script that increments it and publishes the new number on a channel of the same name, in one atomic
step; every serving process subscribes to that channel and keeps the latest number it was sent. Before a
request, the subscription's socket is read without waiting, so a cached read costs no round trip. Redis sends
the message to every subscriber before it answers the writer: a client told that its write succeeded finds
every process already sent the new number.

Where the subscription cannot be trusted (not yet confirmed, dropped, Redis down), `latest()` says None and
the cache asks Redis for the counter as it did before; a new subscription is tried at most once a second. A
subscription that stalls without an error is the one case left: the entries' own lifetime bounds it.
"""

import os
import threading
import time

from redis import Redis
from redis.exceptions import RedisError

from ..store.breaker import REDIS_OPTIONS, REDIS_TIMEOUT
from ..store.breaker import redis as breaker

# KEYS[1] is the counter and the channel: increment, tell every subscriber, answer the new number
ADVANCE = "local n = redis.call('INCR', KEYS[1]) redis.call('PUBLISH', KEYS[1], n) return n"
RETRY_SECONDS = 1.0
STORE_ERRORS = (RedisError, OSError)  # what a store that stopped answering raises


class SharedGeneration:
    def __init__(self, redis_url: str, key: str):
        self.key = key
        self._client = Redis.from_url(redis_url, **REDIS_OPTIONS)
        self._advance = self._client.register_script(ADVANCE)
        self._lock = threading.Lock()  # the serving thread and a job thread of the same process
        self._pubsub = None
        self._opened_in = None  # the process the subscription was opened in: gunicorn forks after start-up
        self._trusted = False
        self._value: int | None = None
        self._retry_at = 0.0

    def advance(self) -> int:
        """Move the generation on for every process; raises what Redis raises."""
        value = int(self._advance(keys=[self.key]))
        with self._lock:
            if self._value is not None:
                self._value = max(self._value, value)
        return value

    def latest(self) -> int | None:
        """The generation as this process was last sent it, or None when it cannot be sure of it."""
        with self._lock:
            try:
                if not breaker.closed:
                    self._trusted = False  # Redis stopped answering a moment ago: not worth a wait to ask
                elif self._pubsub is None or self._opened_in != os.getpid():
                    self._subscribe()
                if self._pubsub is not None and self._trusted:
                    self._read_messages()
            except STORE_ERRORS as error:
                breaker.trip(error)
                self._trusted = False
            if not self._trusted:
                self._drop()
            return self._value

    def _subscribe(self) -> None:
        # nothing of a parent's subscription is this process's: not its socket to close, nor its number to
        # trust
        self._pubsub, self._opened_in, self._trusted, self._value = None, None, False, None
        if time.monotonic() < self._retry_at:
            return
        self._retry_at = time.monotonic() + RETRY_SECONDS
        self._pubsub, self._opened_in = self._client.pubsub(), os.getpid()
        self._pubsub.subscribe(self.key)
        confirmed = self._pubsub.get_message(timeout=REDIS_TIMEOUT)
        if not confirmed or confirmed["type"] != "subscribe":
            breaker.trip(TimeoutError("no answer to SUBSCRIBE"))
            return  # untrusted: dropped by latest()
        self._pubsub.connection.register_connect_callback(self._reconnected)
        self._value = int(self._client.get(self.key) or 0)  # read once the subscription is confirmed
        self._trusted = True

    def _reconnected(self, _connection) -> None:
        # redis-py reconnects and subscribes again by itself, but what was published meanwhile is lost
        self._trusted = False

    def _read_messages(self) -> None:
        while (message := self._pubsub.get_message(timeout=0.0)) is not None:
            if message["type"] == "message" and self._value is not None:
                self._value = max(self._value, int(message["data"]))

    def _drop(self) -> None:
        pubsub, self._pubsub, self._value, self._trusted = self._pubsub, None, None, False
        if pubsub is not None and self._opened_in == os.getpid():
            try:
                pubsub.close()
            except STORE_ERRORS:
                pass
        self._opened_in = None
