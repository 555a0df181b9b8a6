"""The command line reads only regular files, and checks their size before reading."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO

POORTWACHTER = Path(sys.executable).parent / "poortwachter"


def poortwachter(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # A real process with a timeout: before the guard, /dev/zero grew until the kernel killed it.
    return subprocess.run([str(POORTWACHTER), "--data-dir", str(data_dir), *args], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "POORTWACHTER_BACKUP_WACHTWOORD": "lange wachtwoordzin"})


def check(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return poortwachter(data_dir, "check", *args)


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


# Every other file a user names goes through the same guard (server/safe_read.py).
NAMED_FILES = {
    "check --jsonl": ["check", "--jsonl", "{path}"],
    "consent import": ["consent", "import", "--yes", "{path}"],
    "consent import --mapping": ["consent", "import", "--yes", "--mapping", "{path}", str(DEMO / "leerlingen.csv")],
    "enrol": ["enrol", "{path}"],
    "school import": ["school", "import", "{path}"],
    "restore": ["restore", "--yes", "{path}"],
}


def named(tmp_path: Path, kind: str) -> str:
    if kind == "device":
        return "/dev/zero"
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)  # nobody ever writes to it: reading it would wait for good
    return str(pipe)


@pytest.mark.parametrize("kind", ["device", "pipe"])
@pytest.mark.parametrize("command", NAMED_FILES.values(), ids=NAMED_FILES.keys())
def test_every_file_a_user_names_must_be_a_regular_file(tmp_path, command, kind):
    path = named(tmp_path, kind)
    result = poortwachter(tmp_path / "data", *[part.format(path=path) for part in command])
    assert result.returncode == 3, result
    line, = result.stderr.splitlines()  # one Dutch line, no traceback
    assert line.startswith("Fout: ") and line.endswith(f"{path}: geen gewoon bestand (maar een apparaat, pijp of map).")


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_photo_named_in_the_jsonl_or_gezichten_csv_is_refused_and_the_rest_goes_on(tmp_path, kind):
    path = named(tmp_path, kind)
    data = tmp_path / "data"
    assert poortwachter(data, "consent", "import", "--yes", str(DEMO / "leerlingen.csv")).returncode == 0
    lines = tmp_path / "concepten.jsonl"
    lines.write_text(json.dumps({"text": "Groep 5 op excursie", "images": [path]}) + "\n"
                     + json.dumps({"text": "Groep 6 op excursie"}) + "\n", encoding="utf-8")
    batch = poortwachter(data, "check", "--jsonl", str(lines))
    verdicts = [json.loads(line) for line in batch.stdout.splitlines()]
    assert batch.returncode == 3 and [v["decision"] for v in verdicts] == ["error", "allow"]
    assert verdicts[0]["error"]["message"].endswith("geen gewoon bestand (maar een apparaat, pijp of map).")
    rows = tmp_path / "gezichten.csv"
    rows.write_text(f"leerlingnummer;foto\nL1001;{path}\n", encoding="utf-8")
    enrol = poortwachter(data, "enrol", str(rows))
    assert enrol.returncode == 4
    assert enrol.stderr.splitlines()[0].endswith("kan de foto niet lezen: geen gewoon bestand (maar een apparaat, "
                                                 "pijp of map).")


def test_a_pipe_in_a_scanned_folder_is_reported_not_waited_for(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    os.mkfifo(folder / "pijp.jpg")
    result = poortwachter(tmp_path / "data", "scan", str(folder), "--jobs", "1", "--csv", str(tmp_path / "scan.csv"))
    assert result.returncode == 3, result
    assert "kan het bestand niet lezen: geen gewoon bestand" in (tmp_path / "scan.csv").read_text(encoding="utf-8")
