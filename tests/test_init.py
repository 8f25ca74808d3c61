"""kyoten init (issues 7 and 19): a new city's repository builds at once, invents nothing, says what to fill
in (★, which stops `build --strict`), and its GitHub workflows pass actionlint and never put issue or
pull-request text into a script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import build, parse
from kyoten import __version__
from kyoten.tools.cli import main as kyoten
from kyoten.tools.schemas import all_schemas, modeline
from kyoten.tools.vacancy import FORM_LABELS

INIT = ["--city", "見本町", "--code", "999997", "--phone", "0470-00-0000"]
REPO = "https://git.example.org/kyoten.git"
WORKFLOWS = ("pr.yml", "pr-comment.yml", "publish.yml", "vacancy.yml")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    if found is None:
        pytest.fail("actionlint is missing: install the test extra (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> dict[str, Path]:
    """One city per way of publishing, made once for the module."""
    out = {}
    for publish in ("pages", "rsync"):
        new = tmp_path_factory.mktemp(publish) / "mihon"
        assert kyoten(["init", str(new), *INIT, "--publish", publish, "--kyoten-repo", REPO]) == 0
        out[publish] = new
    return out


def test_init_builds_at_once_and_shows_only_the_given_number(tmp_path, capsys):
    new = tmp_path / "mihon"
    assert kyoten(["init", str(new), *INIT]) == 0
    err = capsys.readouterr().err
    assert "site_config.yml の「★」の行を直す" in err and "kyoten import" in err
    assert "kyoten-requirements.txt に kyoten の取得元を書くまで" in err  # no --kyoten-repo: said, not invented
    cfg = (new / "site_config.yml").read_text(encoding="utf-8")
    assert cfg.splitlines()[0] == modeline("site_config.yml") and "★" in cfg and "sample_data: true" in cfg
    assert (new / "providers.yaml").read_text(encoding="utf-8").splitlines()[0] == modeline("providers.yaml")
    assert {p.name: p.read_text(encoding="utf-8") for p in (new / "schemas").iterdir()} == all_schemas()
    requirements = (new / "kyoten-requirements.txt").read_text(encoding="utf-8")
    assert not [line for line in requirements.splitlines() if line and not line.startswith("#")]
    (hook,) = yaml.safe_load((new / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert hook["repo"] == "local" and hook["hooks"][0]["entry"] == "kyoten validate ."  # the installed kyoten
    out = tmp_path / "out"
    assert build(new, out) == 0
    err = capsys.readouterr().err
    assert "夜間・休日の連絡先がありません" in err  # the warning tells them what is still missing
    assert "0事業所のサイトを作りました" in err
    for f in out.rglob("*.html"):
        html = f.read_text(encoding="utf-8")
        assert set(re.findall(r'href="tel:([^"]+)"', html)) <= {"0470000000", "0470-00-0000"}, f
    assert 'href="tel:0470000000"' in (out / "index.html").read_text(encoding="utf-8")
    home = parse(out / "index.html")
    assert "サンプル" in home.text_content()
    assert "見本町" in home.xpath("string(//title)")
    for page in ("preregistration/index.html", "for-providers/index.html"):
        assert "★" in parse(out / page).text_content()  # a preview shows what is still to be written


def test_init_refuses_bad_code_missing_phone_and_used_folder(tmp_path, capsys):
    assert kyoten(["init", str(tmp_path / "a"), "--city", "見本町", "--code", "999990", "--phone", "0470-00-0000"]) == 2
    assert "全国地方公共団体コード「999990」が正しくありません" in capsys.readouterr().err
    assert kyoten(["init", str(tmp_path / "b"), "--city", "見本町", "--code", "999997"]) == 2
    assert "--phone に担当課の電話番号を書いてください" in capsys.readouterr().err
    assert kyoten(["init", str(tmp_path / "c"), "--city", "見本町", "--code", "999997", "--phone", "12345"]) == 2
    assert "電話番号の形式ではありません" in capsys.readouterr().err
    assert kyoten(["init", str(tmp_path / "d"), "--city", "見本町: x", "--code", "999997", "--phone", "0470-00-0000"]) == 2
    assert "市町村名だけを書いてください" in capsys.readouterr().err
    assert kyoten(["init", str(tmp_path / "e"), *INIT, "--kyoten-repo", "https://x.example/k; rm -rf /"]) == 2
    assert "使えない文字があります" in capsys.readouterr().err
    used = tmp_path / "used"
    used.mkdir()
    (used / "memo.txt").write_text("x", encoding="utf-8")
    assert kyoten(["init", str(used), *INIT]) == 2
    assert "空ではありません" in capsys.readouterr().err
    assert not any((tmp_path / n).exists() for n in "abcde")


def test_prefecture_comes_from_the_code(tmp_path):
    new = tmp_path / "chiba"
    assert kyoten(["init", str(new), "--city", "千葉市", "--code", "121002", "--phone", "043-245-5111",
                   "--department", "障害福祉課"]) == 0
    city = yaml.safe_load((new / "site_config.yml").read_text(encoding="utf-8"))["city"]
    assert city["prefecture"] == "千葉県" and city["department"] == "障害福祉課"
    assert kyoten(["init", str(tmp_path / "fuchu"), "--city", "府中市", "--code", "342076", "--phone", "084-943-5111"]) == 0
    assert yaml.safe_load((tmp_path / "fuchu" / "site_config.yml").read_text(encoding="utf-8"))["city"]["prefecture"] == "広島県"


def test_end_to_end_validate_build_diff_and_actionlint(repos, tmp_path, capsys):
    site = repos["pages"]
    capsys.readouterr()
    assert kyoten(["validate", str(site)]) == 0
    err = capsys.readouterr().err
    placeholders = [line for line in err.splitlines() if "(placeholder:" in line]
    assert placeholders and all("警告" in line and "★" in line for line in placeholders)
    assert any(line.startswith("content/preregistration.yml:") for line in placeholders)
    assert any(line.startswith("content/reports/") for line in placeholders)
    assert any(line.startswith("site_config.yml:") and "department" in line for line in placeholders)  # no --department
    assert build(site, tmp_path / "preview") == 0  # a preview works with ★ still in it …
    assert build(site, tmp_path / "public", "--strict") == 1  # … publishing does not
    assert not (tmp_path / "public").exists()
    config = site / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    accepted = "site:\n  accepted_warnings: [{check: contacts, reason: 試し}, {check: placeholder, reason: 後で直します}]\n"
    config.write_text(text.replace("site:\n", accepted), encoding="utf-8")
    capsys.readouterr()
    assert build(site, tmp_path / "public", "--strict") == 1  # ★ cannot be accepted away …
    err = capsys.readouterr().err
    assert any("(contacts:" in line and "（承知済み: 試し）" in line for line in err.splitlines())  # … contacts can
    stars = [line for line in err.splitlines() if "(placeholder:" in line]
    assert stars and not any("承知済み" in line for line in stars) and f"警告が{len(stars)}件" in err
    config.write_text(text, encoding="utf-8")

    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "kyoten init")
    providers = site / "providers.yaml"
    providers.write_text(providers.read_text(encoding="utf-8").replace("[]\n", """\
- id: mihon-tanki
  name: 見本短期入所センター
  role: 拠点等登録事業所
  provider_number: "9990000001"
  services: [短期入所]
  functions: [緊急時の受入・対応]
  area: zenshi
  address: 見本町本町1番地
  phone: 0470-00-0001
  after_hours_phone: 0470-00-0002
  emergency: {accepts: true, beds: 1}
"""), encoding="utf-8")
    git(site, "commit", "-q", "-am", "add a provider")
    assert kyoten(["vacancy", str(site), "--provider", "9990000001", "--beds", "2", "--date",
                   __import__("datetime").date.today().isoformat()]) == 0
    git(site, "commit", "-q", "-am", "vacancy")
    capsys.readouterr()
    assert kyoten(["diff", "HEAD~2", "HEAD~1", "--site", str(site)]) == 0
    added = capsys.readouterr().out
    assert "追加 1件" in added and "見本短期入所センター" in added
    assert "0470-00-0001" in added and "0470-00-0002" in added and "見本町本町1番地" in added
    assert kyoten(["diff", "HEAD~1", "HEAD", "--site", str(site)]) == 0
    changed = capsys.readouterr().out
    assert "変更 1件" in changed and "| 空き状況 | （なし） | 空床2床" in changed

    # pr.yml's own scripts, run as the runner would (kyoten on PATH, BASE_SHA in env): the comment it leaves
    env = workflow_env(tmp_path, BASE_SHA=git(site, "rev-parse", "HEAD~2").strip(), PR_NUMBER="7", HEAD_SHA="abc")
    for step in _steps(yaml.safe_load((site / ".github/workflows/pr.yml").read_text(encoding="utf-8"))):
        if step.get("name", "").startswith(("結果の置き場所", "検査・公開用のビルド・変更点")):  # not pip, not the end
            subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=site, env=env, check=True)
    comment = (site / "kyoten-pr" / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("## kyoten の確認結果") and "**直すところがあります。**" in comment  # ★ stops --strict
    assert "追加 1件" in comment and "見本短期入所センター" in comment and "(placeholder:" in comment
    assert (site / "kyoten-pr" / "number").read_text() == "7\n"
    assert Path(env["GITHUB_OUTPUT"]).read_text() == "ok=false\n"

    for publish, repo in repos.items():
        files = [str(repo / ".github" / "workflows" / name) for name in WORKFLOWS]
        result = subprocess.run([actionlint(), "-no-color", *files], capture_output=True, text=True)
        assert result.returncode == 0, (publish, result.stdout, result.stderr)


def test_actionlint_catches_an_injected_issue_body(repos, tmp_path):
    """The check above can fail: the same workflow with the issue text put into its script is refused."""
    bad = tmp_path / "vacancy.yml"
    text = (repos["pages"] / ".github/workflows/vacancy.yml").read_text(encoding="utf-8")
    bad.write_text(text.replace("""printf '%s' "$ISSUE_BODY\"""", 'echo "${{ github.event.issue.body }}"'), encoding="utf-8")
    result = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


def workflow_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The environment of a workflow step: `kyoten` on PATH (this checkout), GITHUB_OUTPUT, RUNNER_TEMP."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "kyoten"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kyoten "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    (tmp_path / "runner").mkdir(exist_ok=True)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(tmp_path / "output"),
            "RUNNER_TEMP": str(tmp_path / "runner"), "PYTHONPATH": str(Path(__file__).parent.parent), **values}


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_workflows_never_put_untrusted_text_into_scripts(repos):
    for publish, repo in repos.items():
        for name in WORKFLOWS:
            workflow = yaml.safe_load((repo / ".github" / "workflows" / name).read_text(encoding="utf-8"))
            triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
            assert "pull_request_target" not in triggers, name
            for step in _steps(workflow):
                # no expression at all inside a shell or JavaScript body: values come in through env only
                assert "${{" not in step.get("run", ""), (name, step.get("name"))
                assert "${{" not in step.get("with", {}).get("script", ""), (name, step.get("name"))
                for value in step.get("env", {}).values():  # env may carry event text; never a secret to PR code
                    assert not ("secrets." in value and name in ("pr.yml", "pr-comment.yml", "vacancy.yml")), name
            text = (repo / ".github" / "workflows" / name).read_text(encoding="utf-8")
            assert "gh pr merge" not in text and "merge(" not in text and "auto-merge" not in text  # never merged by a bot


def test_fork_pull_requests_run_without_write_access_and_comment_once(repos):
    wf = repos["pages"] / ".github" / "workflows"
    pr = yaml.safe_load((wf / "pr.yml").read_text(encoding="utf-8"))
    assert list(pr[True]) == ["pull_request"] and pr["permissions"] == {"contents": "read"}
    assert all(job.get("permissions") is None for job in pr["jobs"].values())
    uses = [s["uses"] for s in _steps(pr) if "uses" in s]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    checkout = next(s for s in _steps(pr) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False and checkout["with"]["fetch-depth"] == 0
    run = "\n".join(s.get("run", "") for s in _steps(pr))
    assert "kyoten validate ." in run and "kyoten build . --strict" in run and 'kyoten diff "$BASE_SHA" HEAD' in run

    comment = yaml.safe_load((wf / "pr-comment.yml").read_text(encoding="utf-8"))
    assert comment[True] == {"workflow_run": {"workflows": [pr["name"]], "types": ["completed"]}}
    assert comment["permissions"] == {}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert not any(s.get("uses", "").startswith("actions/checkout@") or "run" in s for s in job["steps"])  # no fork code
    script = job["steps"][-1]["with"]["script"]
    assert "<!-- kyoten-diff -->" in script and "updateComment" in script and "createComment" in script
    assert "head_sha" in script  # the artifact's number must belong to this run's pull request

    versions = {m[0]: int(m[1]) for p in wf.iterdir() for m in re.findall(r"uses: (actions/[\w-]+)@v(\d+)", p.read_text())}
    assert versions["actions/checkout"] >= 7 and versions["actions/upload-artifact"] >= 7
    assert versions["actions/download-artifact"] >= 8 and versions["actions/setup-python"] >= 7
    assert versions["actions/github-script"] >= 9 and versions["actions/deploy-pages"] >= 5
    assert versions["actions/upload-pages-artifact"] >= 5


def test_publish_pages_or_rsync(repos):
    pages = yaml.safe_load((repos["pages"] / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert pages[True]["push"] == {"branches": ["main"]}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "kyoten build . --strict -d site" in [s.get("run") for s in pages["jobs"]["build"]["steps"]]
    rsync = (repos["rsync"] / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert 'kyoten deploy . --to "$DEPLOY_TO"' in rsync and "secrets.KYOTEN_SSH_KEY" in rsync
    assert "deploy-pages" not in rsync


def test_the_rest_of_the_repository(repos):
    repo = repos["pages"]
    requirements = (repo / "kyoten-requirements.txt").read_text(encoding="utf-8")
    assert f"kyoten-site[pdf] @ git+{REPO}@v{__version__}\n" in requirements
    pre = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert pre == {"repos": [{"repo": REPO, "rev": f"v{__version__}", "hooks": [{"id": "kyoten-validate"}]}]}
    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["kyoten-validate"]
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "site/" in ignored and ".kyoten-*/" in ignored
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for words in ("Edit this file", "kyoten の確認結果", "だれが承認するか", "kyoten serve .", "空き状況を知らせる", "見本町"):
        assert words in readme
    assert "@" + "CITY@" not in readme and not re.search(r"@[A-Z_]+@", "".join(p.read_text(encoding="utf-8")
                                                                             for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts))
    form = yaml.safe_load((repo / ".github/ISSUE_TEMPLATE/vacancy.yml").read_text(encoding="utf-8"))
    assert form["name"] == "空き状況を知らせる" and form["title"].startswith("【空き状況】")
    labels = {item["id"]: item["attributes"]["label"] for item in form["body"] if "id" in item}
    assert labels == FORM_LABELS  # the workflow's parser reads these headings
    vacancy = yaml.safe_load((repo / ".github/workflows/vacancy.yml").read_text(encoding="utf-8"))
    assert "startsWith(github.event.issue.title, '【空き状況】')" in vacancy["jobs"]["pull-request"]["if"]
    assert (repo / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").startswith("## 何を変えましたか")


def test_vacancy_workflow_step_with_a_hostile_issue(tmp_path):
    """vacancy.yml's edit step, run as the runner would: a good form changes one line; shell text in the
    issue stays text (it reaches kyoten through an environment variable and is refused there)."""
    site = tmp_path / "mihon"
    assert kyoten(["init", str(site), *INIT, "--kyoten-repo", REPO]) == 0
    providers = site / "providers.yaml"
    providers.write_text(providers.read_text(encoding="utf-8").replace("[]\n", """\
- id: mihon-tanki
  name: 見本短期入所センター
  role: 緊急一時保護受託事業所
  provider_number: "9990000001"
  services: [短期入所]
  area: zenshi
"""), encoding="utf-8")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "start")
    (step,) = [s for s in _steps(yaml.safe_load((site / ".github/workflows/vacancy.yml").read_text(encoding="utf-8")))
               if s.get("id") == "edit"]
    today = __import__("datetime").date.today().isoformat()

    def run(body: str) -> str:
        env = workflow_env(tmp_path, ISSUE_BODY=body)
        Path(env["GITHUB_OUTPUT"]).write_text("")
        subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=site, env=env,
                       check=True, capture_output=True)
        return Path(env["GITHUB_OUTPUT"]).read_text()

    hostile = f"### 事業所番号またはID\n\n$(touch {tmp_path}/pwned)`touch {tmp_path}/pwned2`\n\n### 空いている床数\n\n1\n\n### いつの時点か\n\n{today}"
    assert run(hostile) == "result=invalid\n"
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert "10桁の事業所番号か、半角英数字の id" in (tmp_path / "runner" / "vacancy.txt").read_text(encoding="utf-8")
    assert git(site, "status", "--porcelain") == ""
    good = f"### 事業所番号またはID\n\n9990000001\n\n### 空いている床数\n\n2\n\n### いつの時点か\n\n{today}\n\n### 補足\n\n_No response_"
    assert run(good) == "result=changed\n"
    assert git(site, "diff", "--numstat") == "1\t0\tproviders.yaml\n"
    assert run(good) == "result=changed\n"  # the same again: still the one change against the commit

    # the next step, with a local remote and a stand-in for the gh command (it records its arguments)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(site, "remote", "add", "origin", str(remote))
    git(site, "push", "-q", "origin", "main")
    git(site, "fetch", "-q", "origin")
    gh = tmp_path / "bin" / "gh"
    gh.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/gh.log\n'
                  'case "$1 $2" in "pr create") echo https://github.example/o/r/pull/12;; esac\n', encoding="utf-8")
    gh.chmod(0o755)
    (pr_step,) = [s for s in _steps(yaml.safe_load((site / ".github/workflows/vacancy.yml").read_text(encoding="utf-8")))
                  if s.get("id") == "pr"]
    env = workflow_env(tmp_path, GH_TOKEN="x", ISSUE_NUMBER="5", BASE="main")
    Path(env["GITHUB_OUTPUT"]).write_text("")
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", pr_step["run"]], cwd=site, env=env,
                   check=True, capture_output=True)
    assert Path(env["GITHUB_OUTPUT"]).read_text() == "number=12\n"
    assert git(remote, "diff", "--stat", "main", "kyoten-vacancy/issue-5").strip().startswith("providers.yaml | 1 +")
    assert "--base main --head kyoten-vacancy/issue-5" in (tmp_path / "gh.log").read_text(encoding="utf-8")
    comment = (tmp_path / "runner" / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("## kyoten の確認結果") and "| 空き状況 | （なし） | 空床2床" in comment
    assert "Closes #5" in (tmp_path / "runner" / "body.md").read_text(encoding="utf-8")
    git(site, "switch", "-q", "main")
    git(site, "merge", "-q", "--ff-only", "kyoten-vacancy/issue-5")
    assert run(good) == "result=same\n"


# github-script runs `script` as the body of an async function with these arguments; here they are stand-ins
# that keep the comments of one pull request in memory (the state goes in and out as JSON).
GITHUB_SCRIPT = r"""
const fs = require("fs");
const [script, statePath] = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(statePath, "utf8"));
const repo = { owner: "o", repo: "r" };
const github = {
  paginate: async (fn, params) => (await fn(params)).data,
  rest: {
    pulls: { get: async ({ pull_number }) => ({ data: { number: pull_number, head: { sha: state.pr_head } } }) },
    issues: {
      listComments: async ({ issue_number }) => ({ data: state.comments.filter((c) => c.issue === issue_number) }),
      createComment: async ({ issue_number, body }) => {
        state.comments.push({ id: state.comments.length + 1, issue: issue_number, body, user: { login: "github-actions[bot]" } });
      },
      updateComment: async ({ comment_id, body }) => { state.comments.find((c) => c.id === comment_id).body = body; },
    },
  },
};
const core = { setFailed: (m) => { state.failed = m; }, notice: (m) => { state.notice = m; }, info: () => {} };
const context = { repo, payload: { workflow_run: { head_sha: state.run_head }, issue: { number: state.issue } } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("github", "context", "core", "require", fs.readFileSync(script, "utf8"))(github, context, core, require)
  .then(() => fs.writeFileSync(statePath, JSON.stringify(state)));
"""


def test_the_comment_is_one_and_is_updated(repos, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs it (npm) for the browser tests")
    workflow = yaml.safe_load((repos["pages"] / ".github/workflows/pr-comment.yml").read_text(encoding="utf-8"))
    script = tmp_path / "script.js"
    script.write_text(workflow["jobs"]["comment"]["steps"][-1]["with"]["script"], encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(GITHUB_SCRIPT, encoding="utf-8")
    results = tmp_path / "kyoten-pr"
    results.mkdir()
    (results / "number").write_text("7\n")
    state_file = tmp_path / "state.json"

    def run(comment: str, **state) -> dict:
        (results / "comment.md").write_text(comment, encoding="utf-8")
        old = json.loads(state_file.read_text()) if state_file.exists() else {"comments": [
            {"id": 100, "issue": 7, "body": "<!-- kyoten-diff -->\nそっくりさん", "user": {"login": "someone"}}]}
        state_file.write_text(json.dumps({**old, "pr_head": "abc", "run_head": "abc", "issue": 7, **state}))
        subprocess.run([node, str(harness), str(script), str(state_file)], check=True,
                       env={**os.environ, "RESULT_DIR": str(results)})
        return json.loads(state_file.read_text())

    first = run("## kyoten の確認結果\n1回目")
    second = run("## kyoten の確認結果\n2回目")
    mine = [c for c in second["comments"] if c["user"]["login"] == "github-actions[bot]"]
    assert len(first["comments"]) == len(second["comments"]) == 2 and len(mine) == 1
    assert mine[0]["body"] == "<!-- kyoten-diff -->\n## kyoten の確認結果\n2回目"
    assert second["comments"][0]["body"].endswith("そっくりさん")  # another user's comment with the marker is left alone
    stale = run("## kyoten の確認結果\n古い実行", run_head="old")  # a run for an older push of the pull request
    assert "新しい変更" in stale["notice"] and [c["body"] for c in stale["comments"]] == [c["body"] for c in second["comments"]]
    (results / "number").write_text("7; rm -rf /\n")
    assert "番号が正しくありません" in run("x")["failed"]


def test_vacancy_comments(repos, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs it (npm) for the browser tests")
    workflow = yaml.safe_load((repos["pages"] / ".github/workflows/vacancy.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["pull-request"]["steps"] if "script" in s.get("with", {})]
    script = tmp_path / "script.js"
    script.write_text(step["with"]["script"], encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(GITHUB_SCRIPT, encoding="utf-8")
    (tmp_path / "vacancy.txt").write_text("エラー: 空いている床数「x」は 0〜999 の数字で書いてください (beds: 0 to 999)\n", encoding="utf-8")
    (tmp_path / "comment.md").write_text("## kyoten の確認結果\n変更点", encoding="utf-8")
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps({"comments": [], "issue": 5}))

    def run(result: str, number: str = "") -> dict:
        subprocess.run([node, str(harness), str(script), str(state_file)], check=True,
                       env={**os.environ, "RESULT": result, "PR_NUMBER": number, "RESULT_DIR": str(tmp_path)})
        return json.loads(state_file.read_text())

    state = run("invalid")
    assert "床数「x」" in state["comments"][0]["body"] and state["comments"][0]["issue"] == 5 and state["failed"]
    run("changed", "12")
    state = run("changed", "12")
    on_pr = [c for c in state["comments"] if c["issue"] == 12]
    assert len(on_pr) == 1 and on_pr[0]["body"].startswith("<!-- kyoten-diff -->\n## kyoten の確認結果")
    assert "プルリクエスト #12 を作りました" in state["comments"][-1]["body"] and state["comments"][-1]["issue"] == 5


COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("direct_url, origin", [
    ({"url": "https://github.com/example/kyoten", "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "v0.1.0"}},
     ("https://github.com/example/kyoten", COMMIT)),
    ({"url": "https://git.example.org/kyoten.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     ("https://git.example.org/kyoten.git", COMMIT)),
    ({"url": "file://localhost/srv/kyoten", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, (None, None)),  # not for GitHub
    ({"url": "file:///srv/kyoten", "dir_info": {"editable": True}}, (None, None)),  # pip install -e
    ({"url": "https://token@github.com/example/kyoten", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, (None, None)),
    ({"url": "https://github.com/example/kyoten", "vcs_info": {"vcs": "git", "commit_id": "main"}}, (None, None)),
    ({"url": "https://hg.example.org/kyoten", "vcs_info": {"vcs": "hg", "commit_id": COMMIT}}, (None, None)),
    ("{not json", (None, None)), (None, (None, None)),
])
def test_where_kyoten_was_installed_from(direct_url, origin):
    """PEP 610's direct_url.json, as pip writes it for the README's install line: only a git install over
    https with a full commit is a source a city's workflows can fetch."""
    from kyoten.tools.scaffold import installed_from

    text = direct_url if isinstance(direct_url, str) or direct_url is None else json.dumps(direct_url)
    assert installed_from(text if text is not None else "") == origin


def test_init_pins_the_kyoten_it_was_installed_from(tmp_path, capsys, monkeypatch):
    """Installed by the README's line, `kyoten init` needs no --kyoten-repo: the workflows and the pre-commit
    hook use the same repository at the same commit (a tag such as v0.1.0 may not exist)."""
    from kyoten.tools import scaffold

    origin = "https://github.com/example/kyoten"
    monkeypatch.setattr(scaffold, "installed_from", lambda: (origin, COMMIT))
    assert kyoten(["init", str(tmp_path / "a"), *INIT]) == 0
    err = capsys.readouterr().err
    assert f"今使っている kyoten（{origin} の {COMMIT[:12]}）" in err and "取得元を書くまで" not in err
    lines = [line for line in (tmp_path / "a" / "kyoten-requirements.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines == [f"kyoten-site[pdf] @ git+{origin}@{COMMIT}"]
    (hook,) = yaml.safe_load((tmp_path / "a" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert (hook["repo"], hook["rev"]) == (origin, COMMIT)
    # the same repository named: its commit; another repository or a revision named: what was named
    assert kyoten(["init", str(tmp_path / "b"), *INIT, "--kyoten-repo", origin]) == 0
    assert f"@{COMMIT}" in (tmp_path / "b" / "kyoten-requirements.txt").read_text(encoding="utf-8")
    assert kyoten(["init", str(tmp_path / "c"), *INIT, "--kyoten-repo", REPO]) == 0
    assert f"git+{REPO}@v{__version__}" in (tmp_path / "c" / "kyoten-requirements.txt").read_text(encoding="utf-8")
    assert kyoten(["init", str(tmp_path / "d"), *INIT, "--kyoten-rev", "v9.9.9"]) == 0
    assert f"git+{origin}@v9.9.9" in (tmp_path / "d" / "kyoten-requirements.txt").read_text(encoding="utf-8")
