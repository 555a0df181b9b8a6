"""Videos through the API: the verdict's `videos`, the streamed safe copy, nothing on disk."""
from __future__ import annotations

import io
import re
import tempfile

import pytest

from tests.test_video import SIZE, people
from tests.video_support import DAAN, SANNE, Appearance, make_video, tags


@pytest.fixture(scope="module")
def clip() -> bytes:
    return make_video([Appearance(SANNE, 0, 3, (0.25, 0.5)), Appearance(DAAN, 1.0, 2.0, (0.78, 0.45), height=0.3)],
                      3, SIZE, metadata={"location": "+52.0907+005.1214/", "make": "Apple"})


def files_under(*folders) -> set:
    return {p for folder in folders for p in folder.rglob("*")}


def test_a_video_check_and_its_safe_copy_leave_nothing_on_disk(client, auth, data_dir, clip, tmp_path,
                                                              monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where a temporary file would go
    monkeypatch.setenv("TMPDIR", str(scratch))  # and FFmpeg's, were it to make one
    before = files_under(data_dir)
    response = client.post("/api/v1/checks", headers=auth,
                           data={"videos[]": [(io.BytesIO(clip), "musical.mp4")], "channel": "social_media"})
    verdict = response.get_json()
    assert response.status_code == 200, verdict
    assert verdict["decision"] == "block" and verdict["images"] == []
    assert people(verdict) == {"L1001": "consented", "L1002": "no_consent"}
    assert verdict["videos"][0]["gps"] is True
    assert {f["video"] for f in verdict["findings"]} == {0}
    safe = client.get(f"/api/v1/checks/{verdict['id']}/videos/0/safe", headers=auth)
    assert safe.status_code == 200 and safe.mimetype == "video/mp4"
    assert safe.headers["Cache-Control"] == "no-store"
    body = safe.get_data()
    assert not {"location", "make"} & set(tags(body))
    again = client.post("/api/v1/checks", headers=auth, data={"videos[]": [(io.BytesIO(body), "veilig.mp4")]})
    assert "L1002" not in people(again.get_json())
    # A video too big for one request: assembled from chunks, in memory too.
    upload_id = client.post("/api/v1/uploads", headers=auth, json={"size": len(clip)}).get_json()["id"]
    client.put(f"/api/v1/uploads/{upload_id}?offset=0", headers=auth, data=clip,
               content_type="application/octet-stream")
    chunked = client.post("/api/v1/checks", headers=auth, data={"uploads[]": upload_id}).get_json()
    assert client.get(f"/api/v1/checks/{chunked['id']}/videos/0/safe", headers=auth).status_code == 200
    assert files_under(scratch) == set()
    assert files_under(data_dir) - before <= {data_dir / "registry.sqlite3-wal", data_dir / "registry.sqlite3-shm"}


def test_a_big_video_comes_in_chunks_each_under_the_request_limit(client, auth, clip):
    started = client.post("/api/v1/uploads", headers=auth, json={"size": len(clip), "name": "reel.mp4"})
    assert started.status_code == 201 and started.get_json()["chunk"] <= 32 * 2**20
    upload_id, chunk = started.get_json()["id"], 100_000  # smaller chunks than offered: many of them
    busy = client.post("/api/v1/uploads", headers=auth, json={"size": 10, "name": "tweede.mp4"})
    assert busy.status_code == 503 and busy.headers["Retry-After"]
    early = client.post("/api/v1/checks", headers=auth, data={"uploads[]": upload_id})
    assert early.status_code == 400 and "nog niet helemaal ontvangen" in early.get_json()["error"]["message"]
    for offset in range(0, len(clip), chunk):
        put = client.put(f"/api/v1/uploads/{upload_id}?offset={offset}", headers=auth,
                         data=clip[offset:offset + chunk], content_type="application/octet-stream")
        assert put.status_code == 200, put.get_json()
    assert put.get_json()["received"] == len(clip)
    verdict = client.post("/api/v1/checks", headers=auth, data={"uploads[]": upload_id}).get_json()
    assert verdict["decision"] == "block" and len(verdict["videos"]) == 1
    again = client.post("/api/v1/checks", headers=auth, data={"uploads[]": upload_id})
    assert again.status_code == 404  # used once; the place is free again
    assert client.post("/api/v1/uploads", headers=auth, json={"size": 10}).status_code == 201


def test_a_video_over_the_schools_limit_is_refused_before_any_chunk(client, auth, data_dir):
    (data_dir / "policy.toml").write_text("[video]\nmax_mb = 1\n", encoding="utf-8")
    response = client.post("/api/v1/uploads", headers=auth, json={"size": 2 * 2**20, "name": "lang.mp4"})
    assert response.status_code == 413 and "groter dan 1 MB" in response.get_json()["error"]["message"]


def test_a_safe_copy_that_is_gone_is_404(client, auth):
    response = client.get("/api/v1/checks/c_0000/videos/0/safe", headers=auth)
    assert response.status_code == 404 and "controleer de video opnieuw" in response.get_json()["error"]["message"]


def test_a_file_that_is_no_video_is_400(client, auth):
    response = client.post("/api/v1/checks", headers=auth,
                           data={"videos[]": [(io.BytesIO(b"niets" * 50), "film.mp4")]})
    assert response.status_code == 400
    assert "film.mp4: dit is geen video" in response.get_json()["error"]["message"]


def test_the_cli_prints_each_person_with_their_times(data_dir, clip, tmp_path):
    from tests.test_cli import run

    video = tmp_path / "musical.mp4"
    video.write_bytes(clip)
    result = run(data_dir, "check", video)
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Oordeel: GEBLOKKEERD (sociale media)"
    assert "  block  musical.mp4: Daan Bakker: 0:01, geen toestemming" in lines
    assert "  allow  musical.mp4: Sanne de Vries: 0:00–0:02, toestemming" in lines
    assert any(line.startswith("  warn   musical.mp4: De video bevat een GPS-locatie") for line in lines)


def test_the_self_check_page_shows_frames_with_boxes_a_timeline_and_the_safe_copy(client, clip):
    from tests.test_pages import check as page_check, csrf

    html = page_check(client, csrf(client), images=[(io.BytesIO(clip), "musical.mp4")]).get_data(as_text=True)
    assert 'data-decision="block"' in html and 'data-video="0"' in html
    stills = re.findall(r'<figure class="still" data-time="([\d.]+)">', html)
    assert len(stills) >= 1 and '<image href="data:image/jpeg;base64,' in html
    boxed = set(re.findall(r'<g class="face (\w+)" data-status="(\w+)" data-track', html))
    assert boxed == {("red", "no_consent"), ("green", "consented")}
    rows = re.findall(r'<li data-track="(\d+)" data-status="(\w+)">', html)
    assert sorted(status for _, status in rows) == ["consented", "no_consent"]
    assert "Daan Bakker: 0:01, geen toestemming" in html and "GPS-locatie" in html
    assert len(re.findall(r'<rect class="bar red"', html)) == 1
    check_id = re.search(r'data-check-id="([^"]+)"', html).group(1)
    safe = client.get(f"/veilig-video/{check_id}/0")
    assert safe.status_code == 200 and safe.mimetype == "video/mp4"
    assert safe.headers["Content-Disposition"] == 'attachment; filename="musical-veilig.mp4"'
    assert client.get(f"/veilig-video/{check_id}/3").status_code == 404


def test_the_self_check_page_takes_a_video_too_big_for_one_request_in_chunks(client, clip):
    """What static/selfcheck.js does above the form's limit: upload in chunks, then name the upload."""
    from tests.test_pages import check as page_check, csrf

    token = csrf(client)
    page = client.get("/").get_data(as_text=True)
    limit = int(re.search(r'data-form-limit="(\d+)"', page).group(1))
    assert limit < client.application.config["MAX_CONTENT_LENGTH"]  # room for the photos and the text
    assert client.post("/video-upload", json={"size": len(clip)}).status_code == 400  # no CSRF token
    headers = {"X-CSRFToken": token}
    started = client.post("/video-upload", headers=headers, json={"size": len(clip), "name": "musical.mp4"})
    assert started.status_code == 201, started.get_json()
    upload_id, chunk = started.get_json()["id"], 100_000
    for offset in range(0, len(clip), chunk):
        put = client.put(f"/video-upload/{upload_id}?offset={offset}", headers=headers,
                         data=clip[offset:offset + chunk], content_type="application/octet-stream")
        assert put.status_code == 200, put.get_json()
    assert put.get_json()["received"] == len(clip)
    html = page_check(client, token, **{"uploads[]": upload_id}).get_data(as_text=True)
    assert 'data-decision="block"' in html and 'data-video="0"' in html
    assert "Daan Bakker: 0:01, geen toestemming" in html
    again = page_check(client, token, **{"uploads[]": upload_id})
    assert again.status_code == 404 and "bestaat niet (meer)" in again.get_data(as_text=True)


def test_the_scan_lists_a_video_with_each_person_and_their_times(data_dir, registry, faces, clip, tmp_path):
    import shutil

    from server.scan.scan import scan_folder
    from server.scan.scan_report import write_csv, write_html
    from tests.conftest import KNN, TODAY
    from tests.test_scan import read_csv

    folder = tmp_path / "media"
    folder.mkdir()
    (folder / "musical.mp4").write_bytes(clip)
    shutil.copy(KNN / "test/obama1.jpg", folder / "foto.jpg")
    results, thumbs, _ = scan_folder(folder, data_dir, "social_media", TODAY, jobs=1, faces=faces,
                                     state_path=tmp_path / "state.jsonl")
    assert {r.path: r.decision for r in results} == {"foto.jpg": "allow", "musical.mp4": "block"}
    write_csv(tmp_path / "r.csv", results, registry)
    rows = {r["pad"]: r for r in read_csv(tmp_path / "r.csv")}
    assert rows["musical.mp4"]["personen"] == ("L1002 Daan Bakker (geen toestemming, 0:01); "
                                               "L1001 Sanne de Vries (toestemming, 0:00–0:02)")
    assert rows["musical.mp4"]["gps"] == "ja"
    write_html(tmp_path / "r.html", folder, results, thumbs, registry, "social_media", TODAY)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'data-path="musical.mp4" data-decision="block"' in html
    assert "Daan Bakker: geen toestemming, 0:01" in html and thumbs["musical.mp4"].startswith("data:image/jpeg")


def test_a_video_whose_frames_find_no_room_in_time_is_503_busy_not_an_allow(client, auth, clip, monkeypatch):
    # As while other work holds the process's memory budget.
    from detectors import video_faces, working_memory

    full = working_memory.Budget(working_memory.BUDGET_BYTES)
    monkeypatch.setattr(working_memory, "_process_budget", full)
    monkeypatch.setattr(video_faces, "VIDEO_WAIT_SECONDS", 0.5)
    with full.reserve(full.total):
        answer = client.post("/api/v1/checks", headers=auth,
                             data={"videos[]": (io.BytesIO(clip), "reel.mp4")}, content_type="multipart/form-data")
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert answer.get_json()["error"]["code"] == "busy"
    verdict = client.post("/api/v1/checks", headers=auth,
                          data={"videos[]": (io.BytesIO(clip), "reel.mp4")}, content_type="multipart/form-data")
    assert verdict.status_code == 200 and verdict.get_json()["decision"] == "block"


def test_a_video_held_for_its_copy_gives_way_to_an_upload_that_needs_its_memory(client, auth, clip, monkeypatch):
    from detectors import working_memory

    from server.web.uploads import CHUNK_ROOM

    budget = working_memory.Budget(400 * 2**20)
    monkeypatch.setattr(working_memory, "_process_budget", budget)
    held = client.application.extensions["poortwachter.safe_copies"]
    for user in (held, client.application.extensions["poortwachter.uploads"]):
        monkeypatch.setattr(user, "_budget", budget)  # as if the app had started with it
    budget.add_reclaimer(held.reclaim)
    checked = client.post("/api/v1/checks", headers=auth, data={"videos[]": (io.BytesIO(clip), "a.mp4")},
                          content_type="multipart/form-data").get_json()
    safe = f"/api/v1/checks/{checked['id']}/videos/0/safe"
    with client.get(safe, headers=auth) as copy:  # making and sending it holds memory until it is sent
        assert copy.status_code == 200 and budget.free < budget.total - len(clip)
    assert budget.free == budget.total - len(clip)  # the held video counts
    # An upload that fits only without the held video (it holds room for its chunk as well).
    size = budget.total - CHUNK_ROOM - len(clip) + 1
    bigger = client.post("/api/v1/uploads", headers=auth, json={"size": size, "name": "c.mp4"})
    assert bigger.status_code == 201
    assert budget.free == len(clip) - 1
    gone = client.get(safe, headers=auth)
    assert gone.status_code == 404  # held beside it, the two would not fit
    assert "controleer de video opnieuw" in gone.get_json()["error"]["message"]


def test_an_extension_check_holds_no_video_its_copy_comes_from_the_video_sent_again(client, auth, clip):
    import gc

    from detectors import working_memory

    gc.collect()  # apps of tests before give back what their held videos took
    free = working_memory.budget().free
    checked = client.post("/api/v1/checks", headers=auth,
                          data={"videos[]": (io.BytesIO(clip), "a.mp4"), "safe_copies": "inline"},
                          content_type="multipart/form-data").get_json()
    assert checked["decision"] == "block" and working_memory.budget().free == free
    safe = f"/api/v1/checks/{checked['id']}/videos/0/safe"
    assert client.get(safe, headers=auth).status_code == 404
    again = client.post(safe, headers=auth, content_type="multipart/form-data",
                        data={"videos[]": (io.BytesIO(clip), "a.mp4"), "safe_plan": checked["videos"][0]["safe_plan"]})
    assert again.status_code == 200 and again.data[4:8] == b"ftyp"


def test_a_copy_that_does_not_fit_beside_its_video_is_refused_in_dutch(client, auth, clip, monkeypatch):
    from detectors import working_memory

    checked = client.post("/api/v1/checks", headers=auth, data={"videos[]": (io.BytesIO(clip), "a.mp4")},
                          content_type="multipart/form-data").get_json()
    monkeypatch.setattr(working_memory, "_process_budget", working_memory.Budget(len(clip) + 2**20))
    free = working_memory.budget().free
    refused = client.get(f"/api/v1/checks/{checked['id']}/videos/0/safe", headers=auth)
    assert refused.status_code == 413
    assert refused.get_json()["error"]["message"].startswith("a.mp4: de vervaagde kopie van deze video past niet")
    assert working_memory.budget().free == free  # nothing was taken for it


def test_videos_held_for_their_copies_stay_within_their_bytes_when_idle(client, auth, clip, monkeypatch):
    from server.web import safe_copies

    monkeypatch.setattr(safe_copies, "MAX_VIDEO_BYTES", len(clip) * 3 // 2)
    checks = [client.post("/api/v1/checks", headers=auth, data={"videos[]": (io.BytesIO(clip), f"{n}.mp4")},
                          content_type="multipart/form-data").get_json()["id"] for n in range(2)]
    assert client.get(f"/api/v1/checks/{checks[0]}/videos/0/safe", headers=auth).status_code == 404
    with client.get(f"/api/v1/checks/{checks[1]}/videos/0/safe", headers=auth) as newest:
        assert newest.status_code == 200


def test_an_upload_that_stalled_gives_its_place_and_memory_up_when_work_needs_them(client, auth, monkeypatch):
    from detectors import working_memory
    from server.web import uploads

    budget = working_memory.Budget(400 * 2**20)
    monkeypatch.setattr(working_memory, "_process_budget", budget)
    place = client.application.extensions["poortwachter.uploads"]
    monkeypatch.setattr(place, "_budget", budget)
    budget.add_reclaimer(place.reclaim)
    started = client.post("/api/v1/uploads", headers=auth, json={"size": 300 * 2**20, "name": "lang.mp4"})
    assert started.status_code == 201 and budget.free < 100 * 2**20
    with pytest.raises(working_memory.Busy):  # a check's memory: not while the upload is coming in
        with budget.reserve(200 * 2**20, timeout=0.1):
            pass
    monkeypatch.setattr(uploads, "STALLED_SECONDS", 0)  # as if it had sent nothing for a while
    with budget.reserve(200 * 2**20, timeout=1):
        gone = client.put(f"/api/v1/uploads/{started.get_json()['id']}?offset=0", headers=auth, data=b"x")
    assert gone.status_code == 404 and "begin opnieuw" in gone.get_json()["error"]["message"]


def test_a_complete_upload_keeps_its_memory_while_its_check_waits_for_a_slot(client, auth, clip, monkeypatch):
    from detectors import working_memory
    from server.web import uploads

    budget = working_memory.Budget(400 * 2**20)
    monkeypatch.setattr(working_memory, "_process_budget", budget)
    place = client.application.extensions["poortwachter.uploads"]
    monkeypatch.setattr(place, "_budget", budget)
    budget.add_reclaimer(place.reclaim)
    started = client.post("/api/v1/uploads", headers=auth, json={"size": len(clip), "name": "a.mp4"}).get_json()
    assert client.put(f"/api/v1/uploads/{started['id']}?offset=0", headers=auth, data=clip).status_code == 200
    monkeypatch.setattr(uploads, "STALLED_SECONDS", 0)
    with pytest.raises(working_memory.Busy):  # work that wants its memory waits, the upload stays
        with budget.reserve(budget.total, timeout=0.1):
            pass
    checked = client.post("/api/v1/checks", headers=auth, data={"uploads[]": started["id"]})
    assert checked.status_code == 200 and checked.get_json()["decision"] == "block"
