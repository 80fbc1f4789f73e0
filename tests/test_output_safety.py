"""Output never destroys anything (issue 9 §2): each case a careless or hostile way to ask for an
output, run through the real command line. Every case asserts the exit code, the Chinese message
naming the path, that nothing the user had was replaced and that nothing was left behind (no
output, no temporary file, no child process, no temporary folder).

These are output-class cases of the bad-input corpus, kept here (not in tests/badinput/) because
each needs a situation set up around the input, not just an input file.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetauthor.cli import main
from budgetauthor.output import TEMP_PREFIX

from .helpers import EXAMPLES, MINIMAL

MINIMAL_YAML = EXAMPLES / "minimal.yaml"
POSIX = os.name == "posix"


def cli(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of a folder: a file's bytes, or what kind of thing it is."""
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.iterdir()):
        if p.is_symlink():
            out[p.name] = f"link→{os.readlink(p)}"
        elif p.is_file():
            out[p.name] = p.read_bytes()
        else:
            out[p.name] = "dir" if p.is_dir() else "special"
    return out


def assert_refused(code: int, output: str, *phrases: str) -> None:
    assert code == 2, output
    assert "[output]" in output, output
    for phrase in phrases:
        assert phrase in output, (phrase, output)
    assert "Traceback" not in output and "内部出错" not in output, output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A clerk's folder: the data, a filled workbook, a YAML file and a last year's document."""
    (tmp_path / "budget.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "预算填报.xlsx").write_bytes((EXAMPLES / "minimal.xlsx").read_bytes())
    (tmp_path / "上年.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "2023年部门预算.docx").write_bytes(b"last year's document")
    return tmp_path


# ---- what is asked for is not a document ---------------------------------------------------------


def test_a_typo_naming_the_filled_workbook_does_not_replace_it(folder):
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", folder / "预算填报.xlsx")
    assert_refused(code, output, "须以 .docx 结尾", "预算填报.xlsx")
    assert snapshot(folder) == before


def test_another_yaml_file_is_never_an_output(folder):
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", folder / "上年.yaml")
    assert_refused(code, output, "须以 .docx 结尾", "上年.yaml")
    assert snapshot(folder) == before


def test_the_template_in_use_is_never_the_output(folder):
    template = folder / "我的模板.docx"
    template.write_bytes((EXAMPLES.parent / "profiles" / "standard" / "template.docx").read_bytes())
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "--template", template, "-o", template)
    assert_refused(code, output, "不能与输入文件相同", "我的模板.docx")
    assert snapshot(folder) == before


# ---- what is there is not a plain file -------------------------------------------------------------


def test_a_device_is_never_replaced():
    code, output = cli("render", MINIMAL_YAML, "-o", os.devnull)
    assert_refused(code, output, os.devnull)
    if POSIX:
        assert Path(os.devnull).is_char_device()


@pytest.mark.skipif(not POSIX, reason="named pipes are a POSIX thing")
def test_a_named_pipe_called_like_a_document_is_never_replaced(folder):
    pipe = folder / "out.docx"
    os.mkfifo(pipe)
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", pipe)
    assert_refused(code, output, "不是普通文件", "out.docx")
    assert snapshot(folder) == before and pipe.is_fifo()


def test_a_link_is_never_replaced_nor_written_through(folder):
    link = folder / "out.docx"
    link.symlink_to(folder / "2023年部门预算.docx")
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", link)
    assert_refused(code, output, "是链接", "out.docx")
    assert snapshot(folder) == before


def test_init_with_force_still_never_replaces_a_link(folder):
    link = folder / "新填报.xlsx"
    link.symlink_to(folder / "预算填报.xlsx")
    before = snapshot(folder)
    code, output = cli("init", "-o", link, "--force")
    assert_refused(code, output, "是链接", "新填报.xlsx")
    assert snapshot(folder) == before


def test_convert_with_force_never_writes_over_its_own_input(folder):
    before = snapshot(folder)
    code, output = cli("convert", folder / "预算填报.xlsx", folder / "." / "预算填报.xlsx", "--force")
    assert_refused(code, output, "输出文件与输入文件相同")
    assert snapshot(folder) == before


# ---- where it is asked for cannot be written -------------------------------------------------------


def deny_writing(monkeypatch, folder: Path) -> None:
    """The folder as an ordinary user sees one of root's (tests may run as root, who may write anywhere)."""
    real_access = os.access

    def access(path, mode, **kwargs):
        return real_access(path, mode, **kwargs) and not (Path(path) == folder and mode & os.W_OK)

    monkeypatch.setattr(os, "access", access)


def test_an_unwritable_folder_is_named_before_any_work(folder, monkeypatch):
    target = folder / "公开" / "out.docx"
    target.parent.mkdir()
    deny_writing(monkeypatch, target.parent)
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", target)
    assert_refused(code, output, "无法写入", "没有写入目录", str(target.parent))
    assert snapshot(folder) == before and list(target.parent.iterdir()) == []


def test_an_unwritable_batch_folder_is_named_before_any_work(folder, monkeypatch):
    out = folder / "公开文件"
    out.mkdir()
    deny_writing(monkeypatch, out)
    code, output = cli("render", folder / "budget.yaml", folder / "上年.yaml", "-o", out)
    assert_refused(code, output, "无法写入", str(out))
    assert list(out.iterdir()) == []


def test_a_name_too_long_for_the_disk_is_refused_in_chinese(folder):
    target = folder / ("部门预算" * 25 + ".docx")  # 305 bytes in UTF-8; a file name holds 255
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", target)
    assert_refused(code, output, "文件名过长")
    assert snapshot(folder) == before


def test_a_full_disk_keeps_the_old_document_and_leaves_no_temporary_file(folder, monkeypatch):
    old = folder / "2023年部门预算.docx"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # a disk that fills up while the data is flushed
    before = snapshot(folder)
    code, output = cli("render", folder / "budget.yaml", "-o", old)
    assert_refused(code, output, "磁盘空间不足", "2023年部门预算.docx")
    assert snapshot(folder) == before


def test_an_export_that_fills_the_disk_midway_leaves_no_table_and_no_temporary_file(folder, monkeypatch):
    real_fsync, synced = os.fsync, []

    def full_after_three(fd):
        synced.append(fd)
        if len(synced) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_after_three)
    code, output = cli("export", folder / "budget.yaml", "-o", folder / "表格")
    assert_refused(code, output, "磁盘空间不足")
    assert list((folder / "表格").iterdir()) == []  # the tables already written were never renamed in


def test_a_folder_that_refuses_the_temporary_file_is_a_clean_error(folder, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    before = snapshot(folder)
    code, output = cli("convert", folder / "budget.yaml", folder / "新填报.xlsx")
    assert_refused(code, output, "没有写入该位置的权限", "新填报.xlsx")
    assert snapshot(folder) == before


def tiny_disk(tmp_path: Path) -> Path | None:
    """A 64 KB tmpfs, where the machine lets this test mount one (root on Linux); else None."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return None
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    return mount if done.returncode == 0 else None


def test_a_really_full_disk_is_a_clean_error(tmp_path):
    disk = tiny_disk(tmp_path)
    if disk is None:
        pytest.skip("cannot mount a small disk here; the full-disk case above is simulated")
    try:
        (disk / "其他文件").write_bytes(b"\0" * 40 * 1024)
        before = snapshot(disk)
        code, output = cli("render", MINIMAL_YAML, "-o", disk / "out.docx")
        assert_refused(code, output, "磁盘空间不足", "out.docx")
        assert snapshot(disk) == before
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# ---- file names in messages --------------------------------------------------------------------------


def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path):
    odd = tmp_path / "a\x1b[2Jb"
    odd.mkdir()
    code, output = cli("render", MINIMAL_YAML, "-o", odd / "x\x1b]0;pwned\x07.docx")
    assert code == 0, output
    assert "\x1b" not in output and "\x07" not in output
    assert "a\\x1b[2Jb" in output and "x\\x1b]0;pwned\\x07.docx" in output
    code, output = cli("render", MINIMAL_YAML, "-o", tmp_path / "no\x1bsuch" / "x.docx")
    assert_refused(code, output, "输出目录不存在", "no\\x1bsuch")
    assert "\x1b" not in output


# ---- killed while writing ----------------------------------------------------------------------------

SLOW_WRITE = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from budgetauthor.cli import main

    marker = Path(sys.argv[1])
    def slow_disk(fd):
        marker.write_text("writing")
        time.sleep(60)
    os.fsync = slow_disk
    main(sys.argv[2:])
""")


def run_until(marker: Path, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(marker), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(process.communicate())
        time.sleep(0.05)
    return process


@pytest.mark.skipif(not POSIX, reason="SIGTERM and SIGHUP are POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)],
                         ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_writing_leaves_the_old_document_and_no_temporary_file(folder, tmp_path_factory, signum):
    marker = tmp_path_factory.mktemp("marker") / "writing"
    old = folder / "2023年部门预算.docx"
    before = snapshot(folder)
    process = run_until(marker, ["render", str(folder / "budget.yaml"), "-o", str(old)])
    assert any(p.name.startswith(TEMP_PREFIX) for p in folder.iterdir())  # caught mid-write
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err.decode()
    assert "已中止" in err.decode() and "Traceback" not in err.decode()
    assert snapshot(folder) == before


FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: a launcher that starts the real converter (here a long sleep).
echo $$ > "$MARKS/launcher"
sleep 300 &
echo $! > "$MARKS/converter"
wait
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent has yet to collect it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the processes")
def test_a_signal_during_pdf_conversion_ends_libreoffice_and_removes_its_folder(folder, tmp_path_factory):
    bin_dir, marks, temp = (tmp_path_factory.mktemp(n) for n in ("bin", "marks", "temp"))
    soffice = bin_dir / "soffice"
    soffice.write_text(FAKE_SOFFICE)
    soffice.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "MARKS": str(marks),
           "TMPDIR": str(temp)}
    out = folder / "out.docx"
    process = subprocess.Popen([sys.executable, "-m", "budgetauthor", "render", str(folder / "budget.yaml"),
                                "-o", str(out), "--pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    while not (marks / "converter").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    time.sleep(0.2)
    launcher, converter = (int((marks / n).read_text()) for n in ("launcher", "converter"))
    assert alive(launcher) and alive(converter)
    assert [p.name for p in temp.iterdir() if p.name.startswith("budgetauthor-pdf-")]
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err.decode()
    time.sleep(0.2)
    assert not alive(launcher) and not alive(converter)
    assert list(temp.iterdir()) == []
    assert not (folder / "out.pdf").exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
