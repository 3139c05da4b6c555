"""Child processes that die with their parent: a worker process outliving a killed `quotedb load` kept its
model (~475 MB with the resource tracker) and its work for nothing; an RQ work horse outliving its worker went
on with a job another worker was already repeating."""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent exits (Linux; elsewhere nothing), and exit at once if
    the parent (`parent`, the pid it had when it started this process) is already gone: the request would then
    never fire."""
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:
        os._exit(1)
