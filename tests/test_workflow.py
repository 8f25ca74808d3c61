"""PR checks, the pre-commit hook and build progress (issue 7)."""

from __future__ import annotations

import io
import re
import shlex
import shutil
from pathlib import Path

import yaml

from conftest import ROOT, build
from kyoten.tools.cli import main as kyoten
from kyoten.render.progress import Progress

BASE = Path(__file__).resolve().parent / "data" / "bad" / "_base"


def _runs(job: dict) -> list[str]:
    return [s["run"] for s in job["steps"] if "run" in s]


def test_workflow_checks_pull_requests_and_publishes_main():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    check, publish = wf["jobs"]["check"], wf["jobs"]["publish"]
    assert _runs(check)[-3:] == [".venv/bin/kyoten validate .", ".venv/bin/kyoten build . --strict", "make test"]
    assert ".venv/bin/kyoten build . --strict" in _runs(publish)
    upload = next(s for s in publish["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"
    # every kyoten command line in the workflow is one the CLI accepts
    for line in (one.strip() for run in _runs(check) + _runs(publish) for one in run.splitlines()):
        if line.startswith(".venv/bin/kyoten "):
            argv = shlex.split(line)[1:]
            assert argv[0] in {"validate", "build", "diff"} and kyoten([argv[0], "--help"]) == 0


def test_pre_commit_hook_runs_validate_on_data_files(tmp_path, capsys):
    cfg = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = cfg["repos"][0]["hooks"][0]
    assert cfg["repos"][0]["repo"] == "local" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert all(files.search(f) for f in ("providers.yaml", "site_config.yml", "content/functions.yml"))
    assert not files.search("theme/base.html")
    argv = shlex.split(hook["entry"])
    assert argv[0] == "kyoten"
    site = shutil.copytree(BASE, tmp_path / "site")
    assert kyoten([argv[1], str(site)]) == 0
    (site / "providers.yaml").write_text("- name: x\n  role: 基幹\n  area: chuo\n", encoding="utf-8")
    assert kyoten([argv[1], str(site)]) == 1  # the hook fails the commit
    assert "providers.yaml:2:9: エラー:" in capsys.readouterr().err


def test_progress_on_a_terminal_shows_phase_and_count():
    out = io.StringIO()
    p = Progress(out, enabled=True, live=True)
    p.phase("ページを書いています", 3)
    for _ in range(3):
        p.tick()
    p.done()
    text = out.getvalue()
    assert "\rページを書いています 0/3" in text and "\rページを書いています 3/3" in text and text.endswith("\n")


def test_progress_is_quiet_off_a_terminal_and_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert not Progress.for_stderr(verbose=False).enabled
    assert Progress.for_stderr(verbose=True).enabled and not Progress.for_stderr(verbose=True).live
    out = io.StringIO()
    p = Progress(out, enabled=True, live=False)  # -v in CI: one line per phase, no carriage returns
    p.phase("ページを書いています", 2)
    p.tick()
    p.tick()
    p.done()
    assert out.getvalue() == "ページを書いています 0/2\nページを書いています 2/2\n"


def test_build_output_has_no_progress_when_not_a_terminal(tmp_path, capsys):
    assert build(BASE, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "ページを書いています" not in err
    assert kyoten(["-v", "build", str(BASE), "-d", str(tmp_path / "out2")]) == 0
    err = capsys.readouterr().err
    assert re.search(r"ページを書いています \d+/\d+\n", err)


def test_pull_requests_get_the_data_diff_and_validation_as_a_comment():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    check = wf["jobs"]["check"]
    assert check["permissions"]["pull-requests"] == "write"
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    script = next(s["run"] for s in check["steps"] if "kyoten diff" in s.get("run", ""))
    assert "kyoten validate ." in script and 'kyoten diff "origin/${{ github.base_ref }}" HEAD' in script
    argv = shlex.split('diff "origin/main" HEAD --site .')
    assert kyoten([argv[0], "--help"]) == 0
    comment = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/github-script"))
    assert "kyoten-pr.md" in comment["with"]["script"] and "createComment" in comment["with"]["script"]


def test_kyoten_publishes_a_pre_commit_hook_for_city_repositories(tmp_path):
    """Issue 19: a city's pre-commit can use kyoten's hook (language: python installs kyoten itself)."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kyoten-validate" and hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert all(files.search(f) for f in ("providers.yaml", "site_config.yml", "content/about.md"))
    argv = shlex.split(hook["entry"])
    assert argv[0] == "kyoten" and kyoten([argv[1], str(shutil.copytree(BASE, tmp_path / "s"))]) == 0
