"""The command line reads only regular files, and checks their size before reading."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

POORTWACHTER = Path(sys.executable).parent / "poortwachter"


def check(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # A real process with a timeout: before the guard, /dev/zero grew until the kernel killed it.
    return subprocess.run([str(POORTWACHTER), "--data-dir", str(data_dir), "check", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("arguments", [["/dev/zero"], ["--text-file", "/dev/zero"]], ids=["photo", "text"])
def test_a_device_is_refused_at_once(tmp_path, arguments):
    result = check(tmp_path / "data", *arguments)
    assert result.returncode == 3 and "geen gewoon bestand" in result.stderr


def test_a_named_pipe_does_not_hang(tmp_path):
    pipe = tmp_path / "pijp.jpg"
    os.mkfifo(pipe)
    result = check(tmp_path / "data", str(pipe))
    assert result.returncode == 3 and "geen gewoon bestand" in result.stderr


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "groot.jpg"
    with open(big, "wb") as handle:
        handle.truncate(41 * 1024 * 1024)  # sparse: its size, not its bytes, decides
    result = check(tmp_path / "data", str(big))
    assert result.returncode == 3 and "groter dan 40 MB" in result.stderr
