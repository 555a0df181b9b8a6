"""`poortwachter scan` on ../shared/data/faces with the demo school: report, CSV, resume, takedowns."""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli.cli import main
from server.scan.scan import PhotoResult, ScanState, find_photos, scan_folder
from server.scan.scan_report import csv_cell, takedown_list, write_csv
from tests.conftest import DATA, KNN, TODAY

REPO_PHOTOS = DATA / "faces" / "face_recognition_repo"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def scanned(demo_dir, tmp_path_factory):
    """One scan of face_recognition's photos with the CLI, in two worker processes."""
    data_dir = tmp_path_factory.mktemp("scan-data")
    shutil.copytree(demo_dir, data_dir, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("scan-out")
    result = CliRunner().invoke(main, [
        "--data-dir", str(data_dir), "--today", TODAY.isoformat(), "scan", str(REPO_PHOTOS),
        "--report", str(out / "rapport.html"), "--csv", str(out / "rapport.csv"), "--changed-since", "2026-07-01",
    ])
    return result, out, data_dir


def test_scan_exit_status_is_the_worst_decision(scanned):
    result, _, _ = scanned
    assert result.exit_code == 2, result.output
    assert "geblokkeerd 12, waarschuwing 4, toegestaan 16, fout 0" in result.output


def test_csv_has_the_demo_decisions_and_who_is_in_each_photo(scanned):
    _, out, _ = scanned
    rows = {r["pad"]: r for r in read_csv(out / "rapport.csv")}
    assert len(rows) == len(find_photos(REPO_PHOTOS)) == 32
    test = "examples/knn_examples/test/"
    assert rows[test + "obama1.jpg"]["beslissing"] == "Toegestaan"
    assert rows[test + "obama1.jpg"]["personen"] == "L1001 Sanne de Vries (toestemming)"
    assert rows[test + "obama_and_biden.jpg"]["beslissing"] == "Geblokkeerd"
    assert "L1002 Daan Bakker (geen toestemming)" in rows[test + "obama_and_biden.jpg"]["personen"]
    assert "L1003 Lotte Jansen (toestemming verlopen)" in rows[test + "kit_with_rose.jpg"]["personen"]
    assert "L1004 Mohammed El Idrissi (16+" in rows[test + "kit_with_rose.jpg"]["personen"]
    assert rows[test + "alex_lacamoire1.jpg"]["beslissing"] == "Waarschuwing"
    assert rows[test + "alex_lacamoire1.jpg"]["onbekend"] == "1"


def test_report_is_self_contained_with_boxes_and_people(scanned):
    _, out, _ = scanned
    report = out / "rapport.html"
    html = report.read_text(encoding="utf-8")
    assert oct(report.stat().st_mode & 0o777) == "0o600"
    assert html.count('<section class="photo"') == 32
    # Thumbnails inline, nothing fetched from anywhere.
    assert html.count('src="data:image/jpeg;base64,') == 32
    assert not re.search(r'(src|href)="(https?:)?//', html)
    path = "examples/knn_examples/test/obama_and_biden.jpg"
    section = re.search(rf'<section class="photo" data-path="{path}".*?</section>', html, re.S).group(0)
    assert 'data-decision="block"' in section
    assert 'class="box red"' in section and 'class="box green"' in section
    assert "L1002 Daan Bakker: geen toestemming" in section
    assert "L1001 Sanne de Vries: toestemming" in section


def test_takedown_section_lists_expired_consent_since_the_date(scanned):
    result, out, _ = scanned
    html = (out / "rapport.html").read_text(encoding="utf-8")
    worklist = re.search(r'<h2 id="verwijderen">.*?</table>', html, re.S).group(0)
    # Lotte's consent held for 2025-2026, so on 2026-07-01 and not now; Mohammed had no consent then.
    assert "examples/knn_examples/test/johnsnow_test1.jpg" in worklist
    assert "examples/knn_examples/test/kit_with_rose.jpg" in worklist
    assert "L1004" not in worklist and "L1002" not in worklist
    assert "Te verwijderen (toestemming vervallen sinds 01-07-2026): 4" in result.output
    rows = {r["pad"]: r for r in read_csv(out / "rapport.csv")}
    assert "2025-2026" in rows["examples/knn_examples/test/johnsnow_test1.jpg"]["verwijderen"]
    assert rows["examples/knn_examples/test/obama1.jpg"]["verwijderen"] == ""


def test_scan_keeps_no_image_content_and_no_names_in_its_state(scanned):
    _, _, data_dir = scanned
    states = list((data_dir / "scans").glob("*.jsonl"))
    assert len(states) == 1
    text = states[0].read_text(encoding="utf-8")
    assert "L1002" in text and "Daan" not in text and "base64" not in text
    assert oct(states[0].stat().st_mode & 0o777) == "0o600"


def _photo_folder(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "fotos"
    folder.mkdir()
    for name in names:
        shutil.copy(KNN / "test" / name, folder / name)
    return folder


def test_an_interrupted_scan_resumes_without_redoing_finished_photos(data_dir, faces, tmp_path):
    folder = _photo_folder(tmp_path, ["obama1.jpg", "johnsnow_test1.jpg", "alex_lacamoire1.jpg"])
    seen: list[tuple[int, int]] = []

    def stop_after_one(done: int, total: int):
        seen.append((done, total))

        def step(result: PhotoResult) -> None:
            raise KeyboardInterrupt  # what Ctrl+C does between two photos

        return step

    with pytest.raises(KeyboardInterrupt):
        scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces, progress=stop_after_one)
    checked: list[str] = []

    def count(done: int, total: int):
        seen.append((done, total))
        return lambda result: checked.append(result.path)

    results, thumbs, state = scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces,
                                         progress=count)
    assert seen == [(0, 3), (1, 3)]
    assert len(checked) == 2 and not state.restarted
    assert [r.path for r in results] == ["alex_lacamoire1.jpg", "johnsnow_test1.jpg", "obama1.jpg"]
    assert all(thumbs[r.path].startswith("data:image/jpeg;base64,") for r in results)

    # A photo that changed is checked again; the others are not.
    os.utime(folder / "obama1.jpg", ns=(1, 1))
    checked.clear()
    scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces, progress=count)
    assert checked == ["obama1.jpg"]


def test_a_changed_consent_list_or_day_starts_the_scan_over(data_dir, registry, faces, tmp_path):
    folder = _photo_folder(tmp_path, ["obama1.jpg"])
    first, _, _ = scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces)
    assert first[0].decision == "allow"
    registry.withdraw("L1001", "2026-2027", ["social_media"], TODAY.isoformat())
    again, _, state = scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces)
    assert state.restarted and again[0].decision == "block"
    assert again[0].faces[0]["status"] == "withdrawn"


def test_takedown_list_names_a_withdrawal_since_the_date(registry):
    registry.withdraw("L1001", "2026-2027", ["social_media"], "2026-11-15")
    photos = [PhotoResult("klas/obama.jpg", 1, 1, "block", faces=[{"box": [0, 0, 9, 9], "status": "withdrawn",
                                                                    "severity": "block", "person_id": "L1001"}]),
              PhotoResult("klas/biden.jpg", 1, 1, "block", faces=[{"box": [0, 0, 9, 9], "status": "no_consent",
                                                                    "severity": "block", "person_id": "L1002"}])]
    items = takedown_list(photos, registry, "social_media", dt.date(2026, 11, 1), TODAY)
    assert [(i.path, i.person_id, i.status) for i in items] == [("klas/obama.jpg", "L1001", "withdrawn")]
    assert "ingetrokken op 15-11-2026" in items[0].reason
    # Withdrawn before the date: already on an earlier list, not a new takedown.
    assert takedown_list(photos, registry, "social_media", dt.date(2026, 11, 16), TODAY) == []


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+31 6 1234", "'+31 6 1234"),
    ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("foto.jpg", "foto.jpg"), ("a=b", "a=b"), (None, ""),
])
def test_csv_cells_cannot_become_formulas(value, cell):
    assert csv_cell(value) == cell


def test_a_photo_named_like_a_formula_is_text_in_the_csv(registry, tmp_path):
    out = tmp_path / "uit.csv"
    write_csv(out, [PhotoResult("=cmd|' /C calc'!A0.jpg", 1, 1, "allow")], registry)
    assert read_csv(out)[0]["pad"] == "'=cmd|' /C calc'!A0.jpg"


def test_a_broken_photo_is_an_error_row_and_the_scan_goes_on(data_dir, faces, tmp_path):
    folder = _photo_folder(tmp_path, ["obama1.jpg"])
    (folder / "kapot.jpg").write_bytes(b"\xff\xd8\xff\xe0 no jpeg")
    (folder / "notities.txt").write_text("geen foto")
    results, _, _ = scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces)
    assert [(r.path, r.decision) for r in results] == [("kapot.jpg", "error"), ("obama1.jpg", "allow")]
    assert "beschadigd" in results[0].error or "geen afbeelding" in results[0].error


def test_links_out_of_the_folder_are_not_followed(tmp_path):
    folder = tmp_path / "fotos"
    folder.mkdir()
    (folder / "uit.jpg").symlink_to(KNN / "test" / "obama1.jpg")
    assert find_photos(folder) == []


def test_state_file_is_per_folder_and_channel(tmp_path):
    a = ScanState.default_path(tmp_path, Path("/a"), "website")
    assert a != ScanState.default_path(tmp_path, Path("/a"), "social_media")
    assert a != ScanState.default_path(tmp_path, Path("/b"), "website")


def test_heic_photos_are_scanned_where_the_decoder_is_installed(data_dir, faces, tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    from PIL import Image

    pillow_heif.register_heif_opener()
    folder = tmp_path / "iphone"
    folder.mkdir()
    Image.open(KNN / "test" / "obama1.jpg").save(folder / "IMG_0001.HEIC", format="HEIF", quality=90)
    results, thumbs, _ = scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces)
    assert [(r.path, r.decision, r.person_ids) for r in results] == [("IMG_0001.HEIC", "allow", ["L1001"])]
    assert thumbs["IMG_0001.HEIC"].startswith("data:image/jpeg;base64,")


def test_report_opens_with_the_takedowns_then_a_todo_list_by_reason(scanned):
    _, out, _ = scanned
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2 id="(\w+)"', html) == ["verwijderen", "takenlijst", "waarschuwingen", "fotos"]
    groups = dict(re.findall(r'<h3 class="reason" data-status="(\w+)">([^<]+)</h3>', html))
    assert list(groups) == ["no_consent", "expired", "needs_own_consent"]  # nothing withdrawn in the demo
    todo = {status: re.search(rf'<table class="todo" data-status="{status}">.*?</table>', html, re.S).group(0)
            for status in groups}
    assert "test/obama_and_biden.jpg" in todo["no_consent"] and "L1002 Daan Bakker" in todo["no_consent"]
    assert "test/johnsnow_test1.jpg" in todo["expired"] and "L1003 Lotte Jansen" in todo["expired"]
    assert "test/kit_with_rose.jpg" in todo["needs_own_consent"] and "L1004" in todo["needs_own_consent"]
    warnings = re.search(r'<table class="warnings">.*?</table>', html, re.S).group(0)
    assert "alex_lacamoire1.jpg" in warnings and "1 onbekend gezicht" in warnings
    # The photos themselves: blocked first, then warnings, then the rest; one date format.
    decisions = re.findall(r'<section class="photo" data-path="[^"]+" data-decision="(\w+)"', html)
    assert decisions == sorted(decisions, key=["block", "warn", "error", "allow"].index)
    assert "beoordeeld voor 21-11-2026" in html and "sinds 01-07-2026" in html
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", re.sub(r'(data-path|href|src|alt)="[^"]*"', "", html))
