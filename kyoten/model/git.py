"""Running git in the site folder: the one place kyoten calls it (history dates, `kyoten diff`)."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, timed out or refused; the message is git's own (English)."""


def git(cwd: Path, *args: str, timeout: float = 120) -> bytes:
    """git's standard output; GitError when it cannot run or exits non-zero."""
    try:
        res = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise GitError(f"git {args[0]}: {e}") from None
    if res.returncode != 0:
        raise GitError(res.stderr.decode(errors="replace").strip() or f"git {args[0]}: {args[-1]}")
    return res.stdout


def git_text(cwd: Path, *args: str) -> str | None:
    """git's output as text, or None where there is no git or no repository (the site has no history)."""
    try:
        return git(cwd, *args).decode("utf-8", "replace")
    except GitError:
        return None
