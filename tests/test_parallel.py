"""Issue 9: the generated files are written by several processes; the site must not change because of it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_site
from kyoten.processes import workers_for
from kyoten.render.parallel import WorkerFailed, write_all


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


def _loaded(site: Path, parallel: bool):
    """(every Provider with its line numbers, every diagnostic) of a load, or the errors it raised."""
    import dataclasses

    from kyoten.model.site import load_site
    from kyoten.model.source import DataError

    try:
        s = load_site(site, parallel=parallel)
    except DataError as e:
        return "errors", [str(d) for d in e.diagnostics]
    return [dataclasses.astuple(p) for p in s.providers], [str(w) for w in s.warnings]


@pytest.fixture(scope="module")
def long_registry(tmp_path_factory) -> Path:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_site

    from kyoten.model.registry import SPLIT_FROM

    return make_site(tmp_path_factory.mktemp("long") / "city", SPLIT_FROM + 100)


def _edit(site: Path, dest: Path, change) -> Path:
    import shutil

    shutil.copytree(site, dest)
    lines = (dest / "providers.yaml").read_text(encoding="utf-8").split("\n")
    change(lines)
    (dest / "providers.yaml").write_text("\n".join(lines), encoding="utf-8")
    return dest


def test_a_long_providers_file_read_by_two_processes_gives_what_one_pass_gives(long_registry: Path, tmp_path: Path,
                                                                               monkeypatch):
    """issue 16: a long providers.yaml is parsed and checked in two halves, one in a forked child; the
    Providers (line numbers included) and every diagnostic are those of one pass, errors in both halves and
    an id in both halves (which no half can see alone) included."""
    import re

    from kyoten.model import registry

    monkeypatch.setenv("KYOTEN_WORKERS", "2")
    halves = []
    split = registry._load_in_two
    monkeypatch.setattr(registry, "_load_in_two", lambda *a: halves.append(split(*a)) or halves[-1])
    one, two = _loaded(long_registry, False), _loaded(long_registry, True)
    assert halves and halves[-1] is not None  # it did split
    assert len(one[0]) == len(two[0]) > 2000 and one == two

    def phones(lines):  # a wrong phone near the start and near the end: one error in each half
        at = [i for i, line in enumerate(lines) if line.strip().startswith("phone:")]
        for i in (at[3], at[-3]):
            lines[i] = re.sub(r"phone: .*", "phone: 12-34", lines[i])
    bad = _edit(long_registry, tmp_path / "phones", phones)
    one, two = _loaded(bad, False), _loaded(bad, True)
    assert one[0] == "errors" and len(one[1]) == 2 and one == two

    def same_id(lines):  # the last entry takes the first entry's id: in both halves
        ids = [i for i, line in enumerate(lines) if line.startswith("- id:")]
        lines[ids[-1]] = lines[ids[0]]
    twin = _edit(long_registry, tmp_path / "twin", same_id)
    halves.clear()
    one, two = _loaded(twin, False), _loaded(twin, True)
    assert halves == [None]  # the halves cannot tell: one pass ran and reported it
    assert one[0] == "errors" and any("重複" in d for d in one[1]) and one == two


def test_a_failing_child_leaves_the_load_to_one_pass(long_registry: Path, monkeypatch):
    """The child that reads the second half dies (here: an exception only there); the parent notices, and
    one pass reads the whole file: the same site, and no traceback."""
    from kyoten.model import registry

    monkeypatch.setenv("KYOTEN_WORKERS", "2")
    parent = os.getpid()
    part = registry._load_part

    def dying(*a):
        if os.getpid() != parent:
            raise MemoryError("the child ran out of memory")
        return part(*a)

    monkeypatch.setattr(registry, "_load_part", dying)
    halves = []
    split = registry._load_in_two
    monkeypatch.setattr(registry, "_load_in_two", lambda *a: halves.append(split(*a)) or halves[-1])
    assert _loaded(long_registry, True) == _loaded(long_registry, False)
    assert halves == [None]
