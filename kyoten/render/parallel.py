"""Writing the generated files with several processes (issue 9: a 20,000-事業所 build on 2 cores).

Rendering a page is pure: the model, the Jinja environment and the caches are all built before the
files are written, and one page's output does not depend on another's. So `write_all` forks worker
processes (they inherit everything, copy-on-write, nothing is pickled), and the parent and the workers
take chunks of files from one shared counter until none is left; each writes its files itself. The
output is byte-identical to a serial build (tests/test_parallel.py).

Only `kyoten build` asks for workers (fork is unsafe in `kyoten serve`, whose live-reload server runs
threads), and only on POSIX. KYOTEN_WORKERS=N overrides the automatic choice (1 = serial).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Sequence

CHUNK = 32  # files taken at a time: small enough to balance the processes, large enough to be cheap
MIN_FILES = 400  # below this a fork costs more than it saves (the demo city has ~150 files)
MAX_WORKERS = 4  # each worker grows towards the parent's memory as it touches the model


def workers_for(n_files: int) -> int:
    """How many processes should write `n_files` files."""
    forced = os.environ.get("KYOTEN_WORKERS", "").strip()
    if forced.isdigit() and int(forced) > 0:
        return int(forced) if hasattr(os, "fork") else 1
    if not hasattr(os, "fork") or n_files < MIN_FILES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def _die_with(parent: int) -> None:
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


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class WorkerFailed(Exception):
    """A worker process could not write its files; the message is its traceback."""


def write_all(jobs: Sequence[Callable[[], None]], workers: int,
              progress: Callable[[int], None] | None = None) -> None:
    """Run every job (each writes one or more files) once, in `workers` processes.

    `progress(n)` is called in the parent with the number of jobs taken so far by all processes."""
    if workers < 2 or len(jobs) < 2:
        for i, job in enumerate(jobs, 1):
            job()
            if progress:
                progress(i)
        return
    ctx = multiprocessing.get_context("fork")
    taken = ctx.Value("l", 0)  # the next job index; its lock makes each chunk go to exactly one process

    def take() -> range:
        with taken.get_lock():
            start = taken.value
            taken.value = min(len(jobs), start + CHUNK)
        return range(start, min(len(jobs), start + CHUNK))

    def run() -> None:
        while chunk := take():
            for i in chunk:
                jobs[i]()
            if progress and os.getpid() == parent:
                progress(taken.value)

    parent = os.getpid()
    children: list[tuple[int, int]] = []  # (pid, read end of its error pipe)
    sys.stdout.flush()
    sys.stderr.flush()
    for _ in range(workers - 1):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker: write files, report a failure through the pipe, never return
            os.close(read)
            status = 0
            try:
                _die_with(parent)
                run()
            except BaseException:
                os.write(write, traceback.format_exc().encode("utf-8", "replace"))
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        children.append((pid, read))
    failures: list[str] = []
    try:
        run()
    except BaseException as e:
        with taken.get_lock():  # stop the workers early: nothing is left to take
            taken.value = len(jobs)
        if not isinstance(e, Exception):  # Ctrl-C, SIGTERM: the workers stop now, not after their chunk
            for pid, _ in children:
                _kill(pid)
        raise
    finally:
        for pid, read in children:
            with os.fdopen(read, "rb") as pipe:
                message = pipe.read().decode("utf-8", "replace")
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failures.append(message or f"worker {pid} exited with {os.waitstatus_to_exitcode(status)}")
    if failures:
        raise WorkerFailed(failures[0])
