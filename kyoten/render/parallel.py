"""Writing the generated files with several processes (issue 9: a 20,000-事業所 build on 2 cores).

Rendering a page is pure: the model, the Jinja environment and the caches are all built before the
files are written, and one page's output does not depend on another's. So `write_all` forks worker
processes (they inherit everything, copy-on-write, nothing is pickled), and the parent and the workers
take chunks of files from one shared counter until none is left; each writes its files itself. The
output is byte-identical to a serial build (tests/test_parallel.py).

How many workers, and the rules each keeps: kyoten/processes.py.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from kyoten.processes import die_with, kill

CHUNK = 32  # files taken at a time: small enough to balance the processes, large enough to be cheap


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
                die_with(parent)
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
                kill(pid)
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
