"""Issue 9: the generated files are written by several processes; the site must not change because of it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site
from kyoten.render.parallel import WorkerFailed, workers_for, write_all


def digest(d: Path) -> dict[str, str]:
    return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


def test_parallel_build_is_byte_identical_to_a_serial_build(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KYOTEN_WORKERS", "1")
    assert build(ROOT, tmp_path / "serial") == 0
    monkeypatch.setenv("KYOTEN_WORKERS", "3")
    assert build(ROOT, tmp_path / "parallel") == 0
    serial, parallel = digest(tmp_path / "serial"), digest(tmp_path / "parallel")
    assert len(serial) > 100
    assert serial == parallel


def test_every_job_runs_exactly_once_and_the_work_is_shared(tmp_path: Path):
    def job(i: int):
        def run():
            with open(tmp_path / f"{i}.txt", "x") as f:  # "x": a second run of the same job would fail
                f.write(str(os.getpid()))
            sum(range(20_000))  # a little work, so that every process gets some chunks
        return run

    jobs = [job(i) for i in range(2_000)]
    seen: list[int] = []
    write_all(jobs, workers=2, progress=seen.append)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2_000
    writers = {f.read_text() for f in files}
    assert len(writers) == 2  # the parent and one worker both wrote files
    assert seen == sorted(seen) and seen[-1] == 2_000  # progress counts every job taken, in order


def test_a_job_failing_in_a_worker_fails_the_whole_write(tmp_path: Path):
    parent = os.getpid()

    def job(i: int):
        def run():
            if os.getpid() != parent and i >= 40:
                raise ValueError("テンプレートの誤り")
            sum(range(20_000))
        return run

    with pytest.raises(WorkerFailed, match="テンプレートの誤り"):
        write_all([job(i) for i in range(2_000)], workers=2)


def test_a_worker_failure_fails_the_build_and_keeps_the_previous_site(tmp_path: Path, monkeypatch, capsys):
    site = copy_site(ROOT, tmp_path / "city")
    out = tmp_path / "out"
    assert build(site, out) == 0
    before = digest(out)
    monkeypatch.setenv("KYOTEN_WORKERS", "2")
    parent = os.getpid()
    from kyoten.render.renderer import Renderer

    render = Renderer.page

    def broken(self, page):
        if os.getpid() != parent:
            raise RuntimeError("a worker could not render " + page.url)
        return render(self, page)

    monkeypatch.setattr(Renderer, "page", broken)
    assert build(site, out) == 1
    err = capsys.readouterr().err
    assert "ビルドに失敗しました" in err and "a worker could not render " in err and "Traceback" not in err
    assert digest(out) == before
    assert not [p for p in tmp_path.iterdir() if ".kyoten-" in p.name]  # no half-written folder left


def test_small_sites_are_written_by_one_process_unless_asked(monkeypatch):
    monkeypatch.delenv("KYOTEN_WORKERS", raising=False)
    assert workers_for(150) == 1
    assert workers_for(25_000) == min(len(os.sched_getaffinity(0)), 4)
    monkeypatch.setenv("KYOTEN_WORKERS", "2")
    assert workers_for(150) == 2
