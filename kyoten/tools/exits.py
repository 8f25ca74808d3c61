"""Exit codes of every kyoten command, and the one Japanese line an OS error or an interrupt ends in.

0 success · 1 the site's data is wrong (or a 警告 under --strict) · 2 usage (a wrong argument, an output
folder kyoten may not replace) · 3 the machine (disk full, permissions, a file that cannot be read or
written) · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM, e.g. a cancelled CI job).
"""

from __future__ import annotations

import errno
import signal

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_OS = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

_OS_REASONS = {
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EDQUOT: "ディスクの容量制限（クォータ）を超えました",
    errno.EFBIG: "ファイルの大きさの上限を超えました",
    errno.EACCES: "権限がありません",
    errno.EPERM: "権限がありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.EBUSY: "使用中です",
    errno.ENOENT: "見つかりません",
    errno.ENOTDIR: "フォルダではありません",
    errno.EISDIR: "ファイルではなくフォルダです",
    errno.EMFILE: "開いているファイルが多すぎます",
    errno.ENOMEM: "メモリが足りません",
    errno.EIO: "読み書きに失敗しました（入出力エラー）",
    errno.ELOOP: "シンボリックリンクが循環しています",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.EADDRINUSE: "そのポートは別のプログラムが使っています",
}


def os_error_line(e: OSError) -> str:
    """One line for city staff: what failed, where, and the system's own words in English."""
    reason = _OS_REASONS.get(e.errno or 0, "OSのエラーです")
    where = f"{e.filename}: " if e.filename else ""
    name = errno.errorcode.get(e.errno or 0, "")
    english = f"{name} {e.strerror}".strip() if e.strerror else (name or type(e).__name__)
    return f"エラー: {where}{reason}。処理を中止しました ({english})"


class Terminated(BaseException):
    """SIGTERM arrived (a cancelled CI job, `kill`): unwinds like Ctrl-C, so every temp folder is removed."""


def _on_sigterm(signum, frame):
    raise Terminated()


def install_signal_handlers() -> None:
    """SIGTERM unwinds like Ctrl-C; a file-size limit (ulimit -f) is an OSError (EFBIG), not a kill."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    # Ctrl-C is KeyboardInterrupt even when the parent started kyoten with SIGINT ignored (a shell's
    # background job or a CI runner): Python installs its own handler only over the default one
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
