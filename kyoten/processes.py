"""Worker processes for a large site on several cores: how many, and the rules every worker keeps.

Used by the page writers (render/parallel.py) and by the load of a long providers.yaml
(model/registry.py). Workers are forked (they inherit everything, copy-on-write), only on POSIX, never
in `kyoten serve` (its live-reload server runs threads). KYOTEN_WORKERS=N overrides the automatic
choice (1 = one process).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

MIN_FILES = 400  # below this a fork costs more than it saves (the demo city has ~150 files)
MAX_WORKERS = 4  # each worker grows towards the parent's memory as it touches the model

T = TypeVar("T")


def workers_for(n_items: int, min_items: int = MIN_FILES) -> int:
    """How many processes should share `n_items` items of work."""
    forced = os.environ.get("KYOTEN_WORKERS", "").strip()
    if forced.isdigit() and int(forced) > 0:
        return int(forced) if hasattr(os, "fork") else 1
    if not hasattr(os, "fork") or n_items < min_items:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def die_with(parent: int) -> None:
    """A worker is killed when the parent dies, even by SIGKILL (Linux: PR_SET_PDEATHSIG), so no orphan
    goes on writing into a folder that nobody will swap in or remove."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class InChild(Generic[T]):
    """`work()` run in a forked child while the parent goes on; `result()` is its value (pickled back
    through a pipe), or None when the child failed in any way: the caller then does the work itself, so
    a failure is reported by the code that reports it in one process."""

    def __init__(self, work: Callable[[], T]):
        self.parent = os.getpid()
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read)
            status = 1
            try:
                die_with(self.parent)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                status = 0
            except BaseException:  # noqa: BLE001 - anything: the parent does the work itself
                pass
            finally:
                os._exit(status)
        os.close(write)
        self.read = read

    def result(self) -> T | None:
        try:
            with os.fdopen(self.read, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return None
        return pickle.loads(data)

    def cancel(self) -> None:
        """Stop the child now (the parent failed or was interrupted) and reap it."""
        kill(self.pid)
        try:
            os.close(self.read)
        except OSError:
            pass
        os.waitpid(self.pid, 0)
