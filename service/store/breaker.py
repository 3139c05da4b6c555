"""A circuit breaker for Redis, which quotedb uses for speed (the response cache, its generation, the job
queue) and never needs for an answer. A Redis that accepts connections and never answers made every API read
wait 5-16 s; now each call has a short timeout (REDIS_TIMEOUT), and once one fails every call skips Redis at
once for COOLDOWN seconds, after which one call tries again. One breaker a process, shared by its threads."""

import logging
import threading
import time

REDIS_TIMEOUT = 0.25  # seconds: a Redis on the same network answers in well under a millisecond
COOLDOWN = 5.0
log = logging.getLogger(__name__)


class Breaker:
    def __init__(self, name: str, cooldown: float = COOLDOWN):
        self.name, self.cooldown = name, cooldown
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def closed(self) -> bool:
        """Whether a call may go to the service now."""
        return time.monotonic() >= self._open_until

    def trip(self, error: Exception) -> None:
        with self._lock:
            opened = self.closed
            self._open_until = time.monotonic() + self.cooldown
        if opened:
            log.warning("%s stopped answering (%s): skipped for %.0f s", self.name, error, self.cooldown)

    def reset(self) -> None:
        self._open_until = 0.0


redis = Breaker("Redis")
REDIS_OPTIONS = {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT}
