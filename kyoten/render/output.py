"""Where a built site goes, and how it replaces the previous one without ever losing it (issue 14).

One guard for `build`, `deploy` (and the folder `serve` writes to): an output folder (OUT) is refused
when it is the site folder, contains it, lies inside the city's own files (content/, overrides/, .git,
a data file), is a file, or is a non-empty folder that kyoten did not make (unless --force).

Replacing OUT:
- the new site is written into a hidden temporary folder next to OUT, then exchanged with OUT in one
  atomic `renameat2(RENAME_EXCHANGE)`: at every moment OUT is the old or the complete new site;
- where the exchange is not available, two renames are used, and a run killed between them leaves the
  old site under a hidden name that the next run puts back before anything else;
- OUT may be a mount point (a web server's volume), which cannot be renamed: then the build is written
  into a hidden folder inside OUT and each top-level entry is exchanged in turn;
- one run at a time writes next to OUT (an flock on OUT's parent folder: a second run waits), and the
  hidden folders of runs that died (SIGKILL, power loss) are swept before a new one is made;
- OUT and its folders get the mode the umask gives (mkdtemp's 0700 would make a web server running as
  another user answer 403 for the whole site).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

MARK = ".kyoten"  # written into every built site: a folder with it is kyoten's to replace
MARK_TEXT = ("このフォルダは kyoten が作ったサイトです。kyoten build / deploy はこのフォルダを丸ごと置き換えます。\n"
             "This folder is a site built by kyoten; kyoten build and deploy replace it whole.\n")
_OLD_MARK = "opendata/providers.geojson"  # sites built before the mark existed
# the city's own files: OUT may not be or lie inside any of them
PROTECTED = ("content", "overrides", ".git", "providers.yaml", "site_config.yml", "schemas", ".github")


class OutputRefused(Exception):
    """OUT is not a folder kyoten may replace; the message is one Japanese sentence naming it."""


def umask_mode(base: int = 0o777) -> int:
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def is_kyoten_output(folder: Path) -> bool:
    return (folder / MARK).is_file() or (folder / _OLD_MARK).is_file()


def check_output(site_dir: Path, out: Path, force: bool = False, what: str = "出力先") -> Path:
    """The resolved OUT, or OutputRefused saying why kyoten may not write there."""
    site = Path(site_dir).resolve()
    o = Path(out).resolve()
    if o == site or site.is_relative_to(o):
        raise OutputRefused(f"{what} {o} はサイトのフォルダ {site} そのものか、それを含むフォルダです。"
                            "そこに書き出すとサイトのデータが消えるため、書き出しません (OUT must not be or contain the site folder)")
    if o == Path(o.anchor) or o == Path.home().resolve() or Path.cwd().resolve().is_relative_to(o):
        raise OutputRefused(f"{what} {o} はディスクの最上位、ホームフォルダ、または今いるフォルダを含むフォルダです。"
                            "--force を付けても置き換えません (OUT must not be /, home or contain the current folder)")
    for name in PROTECTED:
        p = site / name
        if o == p or o.is_relative_to(p):
            raise OutputRefused(f"{what} {o} はサイトのデータ {name} の中です。別のフォルダを指定してください "
                                f"(OUT must not lie inside {name})")
    if o.exists() and not o.is_dir():
        raise OutputRefused(f"{what} {o} はフォルダではなくファイルです。ファイルは置き換えません (OUT is a file)")
    if o.is_dir() and not force and not is_kyoten_output(o):
        try:
            entries = next(os.scandir(o), None) is not None
        except OSError:
            entries = True
        if entries:
            raise OutputRefused(f"{what} {o} には kyoten が作っていないファイルがあります。置き換えると、それらは消えます。"
                                "正しいフォルダであれば --force を付けてください (OUT is not empty and was not made by kyoten)")
    return o


@contextlib.contextmanager
def _folder_lock(folder: Path, what: Path) -> Iterator[None]:
    """One kyoten run at a time writes in `folder` (an flock on the folder itself: no lock file is left)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"別の kyoten が {what} に書いています。終わるのを待っています…", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Only one kyoten run writes next to OUT at a time; a second one waits for the first. Under the
    lock, the hidden folders of runs that died are swept."""
    with _folder_lock(out.parent, out):
        sweep(out)
        yield


def _ours(out: Path) -> list[Path]:
    """Hidden folders of earlier runs into OUT (next to it, or inside it when OUT is a mount point)."""
    found = [p for p in out.parent.glob(f".{out.name}.kyoten-*") if p.is_dir() and not p.is_symlink()]
    if out.is_dir():
        found += [p for p in out.glob(".kyoten-new-*") if p.is_dir() and not p.is_symlink()]
    return found


def sweep(out: Path) -> None:
    """Called under the lock: every hidden folder of ours is from a run that died. If a run died between
    the two renames of a fallback swap, the old site is put back first."""
    if not out.exists():
        olds = sorted((p for p in _ours(out) if ".kyoten-old-" in p.name), key=lambda p: p.stat().st_mtime)
        if olds:
            olds[-1].rename(out)
    for p in _ours(out):
        shutil.rmtree(p, ignore_errors=True)


def new_folder(out: Path) -> Path:
    """The hidden folder a run writes its site into (same filesystem as OUT), with the umask's mode."""
    if out.is_dir() and os.path.ismount(out):
        tmp = Path(tempfile.mkdtemp(prefix=".kyoten-new-", dir=out))
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.kyoten-new-", dir=out.parent))
    tmp.chmod(umask_mode())
    (tmp / MARK).write_text(MARK_TEXT, encoding="utf-8")
    (tmp / MARK).chmod(umask_mode(0o666))
    return tmp


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace(new: Path, out: Path) -> None:
    """Put the complete site `new` (from new_folder) in place of OUT, never leaving no OUT."""
    if new.parent == out:  # OUT is a mount point: exchange its entries one by one
        _replace_entries(new, out)
        return
    if not out.exists():
        new.rename(out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now the old site
        return
    old = out.with_name(f".{out.name}.kyoten-old-{os.getpid()}")
    out.rename(old)
    new.rename(out)  # a run killed here: the next run's sweep puts `old` back
    shutil.rmtree(old, ignore_errors=True)


def _replace_entries(new: Path, out: Path) -> None:
    names = {e.name for e in os.scandir(new)}
    for name in sorted(names):
        src, dst = new / name, out / name
        if dst.exists() or dst.is_symlink():
            if not _exchange(src, dst):
                stale = new / f".kyoten-old-{name}"
                dst.rename(stale)
                src.rename(dst)
        else:
            src.rename(dst)
    for entry in os.scandir(out):  # what the new site no longer has
        if entry.name not in names and entry.path != str(new):
            p = Path(entry.path)
            (shutil.rmtree if p.is_dir() and not p.is_symlink() else Path.unlink)(p)
    shutil.rmtree(new, ignore_errors=True)  # the old entries, exchanged into it
    out.chmod(umask_mode())


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file (providers.yaml after `import --write`) all at once: written to a hidden file in
    the same folder, flushed to disk, given the old file's mode (else the umask's), then renamed over it.
    An interrupt or a full disk leaves the old file as it was; a hidden file left by a killed run is
    removed by the next one (under the folder's lock, as for OUT)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = umask_mode(0o666)
    with _folder_lock(path.parent, path):
        for stale in path.parent.glob(f".{path.name}.kyoten-*"):
            with contextlib.suppress(OSError):
                stale.unlink()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.kyoten-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
            tmp = None
            dir_fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
