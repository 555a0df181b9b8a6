"""The pages on a school's first day: import preview, audit events, bulk enrolment, the self-check's notices."""
from __future__ import annotations

import io
import re
import zipfile

from tests.conftest import DEMO, KNN, OPENFACE, use_database
from tests.test_admin_access import fresh
from tests.test_pages import csrf, hidden_fields, set_up_admin


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf(client, "/beheer"), **data}, content_type="multipart/form-data",
                       follow_redirects=True)


def small_list(count: int) -> bytes:
    lines = (DEMO / "leerlingen.csv").read_text(encoding="utf-8").splitlines()
    return ("\n".join(lines[:count + 1]) + "\n").encode()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_import_preview_names_who_leaves_and_changes_nothing_until_confirmed(client, registry):
    set_up_admin(client)
    preview = post(client, "/beheer/import", file=(io.BytesIO(small_list(4)), "klein.csv"))
    page = text(preview)
    assert "4 personen gelezen uit <strong>klein.csv</strong>. Er is nog niets veranderd." in page
    assert re.search(r'data-kind="leaving">16 \(16 leerlingen\)<', page)
    assert '<tr data-id="L1017"><td>L1017</td><td>Finn Dekker</td><td>leerling</td><td>5</td></tr>' in page
    assert "Er staan geen medewerkers in het bestand: die blijven zoals ze zijn." in page
    assert "De gezichtskenmerken blijven 30 dagen bewaard" in page
    assert len(registry.people()) == 23
    cancel = client.get("/beheer")  # walking away changes nothing either
    assert cancel.status_code == 200 and len(registry.people()) == 23
    done = client.post("/beheer/import/bevestigen", data=hidden_fields(preview), follow_redirects=True)
    assert "Geïmporteerd uit klein.csv: 0 nieuw, 0 gewijzigd, 16 als vertrokken gemarkeerd." in text(done)
    assert [p.id for p in registry.people()] == ["L1001", "L1002", "L1003", "L1004", "M001", "M002", "M003"]


def test_a_confirmation_for_a_plan_that_no_longer_holds_shows_the_new_plan(client, registry):
    set_up_admin(client)
    preview = post(client, "/beheer/import", file=(io.BytesIO(small_list(4)), "klein.csv"))
    registry.erase("L1020")  # someone else changed the list meanwhile
    again = client.post("/beheer/import/bevestigen", data=hidden_fields(preview))
    assert "De lijst is intussen veranderd." in text(again)
    assert re.search(r'data-kind="leaving">15 \(15 leerlingen\)<', text(again))
    assert len(registry.people()) == 22


def test_audit_page_shows_admin_events_in_dutch_and_local_time(client, registry):
    set_up_admin(client)
    post(client, "/beheer/intrekken", person_id="L1001", channel="social_media")
    post(client, "/beheer/verwijderen", person_id="L1002", confirm="L1002")
    preview = post(client, "/beheer/import", file=(io.BytesIO((DEMO / "leerlingen.csv").read_bytes()), "lijst.csv"))
    client.post("/beheer/import/bevestigen", data=hidden_fields(preview))
    page = text(client.get("/beheer/auditlog"))
    rows = re.findall(r'<tr class="event">\s*<td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>\s*<td>([^<]*)</td>', page)
    whats = [(what, details) for _, _, what, details in rows]
    assert ("toestemmingslijst geïmporteerd", "1 nieuw, 0 gewijzigd, 0 vertrokken (bestand lijst.csv)") in whats
    assert ("persoon verwijderd", "1 leerling, met alle toestemmingen en gezichtskenmerken") in whats
    assert ("toestemming ingetrokken", "L1001, sociale media, per 21-11-2026") in whats
    assert all(re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", when) for when, *_ in rows)
    assert all(who.startswith("beheer (") for _, who, *_ in rows)
    for code in ("social_media", "no_consent", "+00:00", "L1002"):
        assert code not in page


def test_bulk_enrolment_from_csv_and_photos_and_from_a_zip(client, registry):
    set_up_admin(client)
    table = b"leerlingnummer;foto\nL1005;fotos/alex1.jpg\nL1006;ontbreekt.jpg\n"
    alex = (KNN / "train" / "alex_lacamoire" / "img1.jpg").read_bytes()
    response = post(client, "/beheer/inschrijven/bulk",
                    files=[(io.BytesIO(table), "gezichten.csv"), (io.BytesIO(alex), "alex1.jpg")])
    page = text(response)
    assert "1 foto&#39;s ingeschreven, 1 overgeslagen." in page
    assert "Regel 3 (L1006, ontbreekt.jpg): de foto ontbreekt.jpg zat niet bij de upload." in page
    assert registry.template_count("L1005") == 4  # one photo: 2 dlib + 2 SFace templates
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("export/gezichten.csv", "leerlingnummer;foto\nL1006;carell.jpg\n")
        bundle.writestr("export/carell.jpg", (OPENFACE / "carell.jpg").read_bytes())
    response = post(client, "/beheer/inschrijven/bulk", files=[(io.BytesIO(archive.getvalue()), "export.zip")])
    assert "1 foto&#39;s ingeschreven, 0 overgeslagen." in text(response)
    assert registry.template_count("L1006") == 4
    assert "referentiefoto&#39;s ingeschreven" in text(client.get("/beheer/auditlog"))


def test_a_zip_bomb_or_a_broken_zip_changes_nothing(client, registry):
    set_up_admin(client)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("gezichten.csv", b"leerlingnummer;foto\n" + b" " * (70 * 1024 * 1024))
    response = post(client, "/beheer/inschrijven/bulk", files=[(io.BytesIO(bomb.getvalue()), "groot.zip")])
    assert "Niets ingeschreven. groot.zip is te groot uitgepakt; stuur de foto&#39;s in delen." in text(response)
    broken = post(client, "/beheer/inschrijven/bulk", files=[(io.BytesIO(b"PK\x03\x04kapot"), "kapot.zip")])
    assert "kapot.zip is geen leesbaar zip-bestand." in text(broken)


def test_the_person_picker_keeps_its_choice(client):
    set_up_admin(client)
    response = post(client, "/beheer/intrekken", person_id="L1007", channel="website")
    selected = re.findall(r'<option value="(\w+)" selected>', text(response))
    assert selected == ["L1007", "L1007", "L1007"]


def test_self_check_says_when_there_is_no_consent_list(app, client, data_dir, backend, request):
    if backend == "postgres":  # a new school server: its database has no list yet
        use_database(data_dir, request.getfixturevalue("postgres").create_database("no_list_yet"))
    else:
        (data_dir / "registry.sqlite3").unlink()
        for suffix in ("-wal", "-shm"):
            (data_dir / f"registry.sqlite3{suffix}").unlink(missing_ok=True)
    page = text(client.get("/"))
    assert "Er is nog geen toestemmingslijst: elk gezicht is onbekend." in page


def test_one_unreadable_photo_does_not_stop_the_others(client):
    token = csrf(client)
    photo = (KNN / "test" / "obama_and_biden.jpg").read_bytes()
    response = client.post("/", data={"csrf_token": token, "channel": "social_media", "account": "school",
                                      "text": "", "images": [(io.BytesIO(b"geen foto"), "kapot.jpg"),
                                                             (io.BytesIO(photo), "klas.jpg")]},
                           content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 200
    assert 'data-decision="block"' in page  # Daan, in the photo that could be read
    assert re.search(r"Niet gecontroleerd: <strong>kapot.jpg</strong>: ", page)
    link = re.search(r'href="(/veilig/[^"]+)" id="safe-0"', page).group(1).replace("&amp;", "&")
    download = client.get(link)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == "attachment; filename=klas-veilig.jpg"


def test_unreadable_only_photos_warn_not_allow(client):
    token = csrf(client)
    response = client.post("/", data={"csrf_token": token, "channel": "social_media", "account": "school",
                                      "text": "Groep 5 op excursie", "images": [(io.BytesIO(b"x"), "kapot.png")]},
                           content_type="multipart/form-data")
    assert 'data-decision="warn"' in text(response)
    assert "Niet alle foto's konden worden gelezen" in text(response)


def test_pairing_code_on_the_page_with_its_expiry_and_a_new_code(app, client):
    stranger = fresh(app)  # another local user, without the link `serve` printed
    refused = stranger.get("/")
    assert refused.status_code == 401 and 'id="pairing-code"' not in text(refused)
    assert stranger.post("/koppelcode").status_code == 401
    page = text(client.get("/"))  # the teacher opened the link; no admin password needed
    code = re.search(r'id="pairing-code">(\d{6})<', page).group(1)
    assert re.search(r'id="pairing-until">\(geldig tot \d\d:\d\d\)<', page)
    assert re.search(r'id="pairing-code">(\d{6})<', text(client.get("/"))).group(1) == code  # same until used
    renewed = client.post("/koppelcode", data={"csrf_token": csrf(client)})
    new = re.search(r'id="pairing-code">(\d{6})<', text(renewed)).group(1)
    assert client.post("/api/v1/pair", json={"code": code, "name": "oud"}).status_code == 403
    assert client.post("/api/v1/pair", json={"code": new, "name": "laptop juf Anja"}).status_code == 200
    after = re.search(r'id="pairing-code">(\d{6})<', text(client.get("/"))).group(1)
    assert after != new  # used up: the page shows a fresh one
    set_up_admin(client)
    audit = text(client.get("/beheer/auditlog"))
    assert "extensie gekoppeld" in audit and "laptop juf Anja" in audit
