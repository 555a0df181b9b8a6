"""Text in the gate: --text, --text-file, the API field and batch mode (--jsonl)."""
from __future__ import annotations

import json

from tests.conftest import KNN
from tests.test_cli import run


def test_text_option_gives_the_text_findings(data_dir):
    result = run(data_dir, "check", "--json", "--text", "Bel 06-12345678 voor de excursie.")
    verdict = json.loads(result.output)
    assert result.exit_code == 1
    assert [(f["entity"], f["start"], f["end"]) for f in verdict["findings"]] == [("PHONE_NUMBER", 4, 15)]


def test_bsn_blocks(data_dir):
    assert run(data_dir, "check", "--text", "BSN van Daan: 111222333").exit_code == 2


def test_school_contact_data_is_no_finding(data_dir):
    result = run(data_dir, "check", "--text", "Vragen? Mail info@obsdezonnebloem.nl of bel 030-1234567.")
    assert result.exit_code == 0


def test_personal_account_needs_personal_title(data_dir):
    text = "Wat een mooie sportdag hadden we vandaag op school!"
    assert run(data_dir, "check", "--account", "school", "--text", text).exit_code == 0
    assert run(data_dir, "check", "--account", "personal", "--text", text).exit_code == 1
    own = text + " (op persoonlijke titel)"
    assert run(data_dir, "check", "--account", "personal", "--text", own).exit_code == 0


def test_text_file_and_images_give_one_verdict(data_dir, tmp_path):
    caption = tmp_path / "bericht.txt"
    caption.write_text("Groep 5 op excursie.", encoding="utf-8")
    result = run(data_dir, "check", "--json", "--text-file", caption, KNN / "test/obama_and_biden.jpg")
    assert result.exit_code == 2 and json.loads(result.output)["decision"] == "block"


def test_too_long_text_is_a_clear_error(data_dir):
    result = run(data_dir, "check", "--text", "a" * 100_000)
    assert result.exit_code == 3
    assert result.output.startswith("Fout: De tekst is te lang om te controleren: 100.000 tekens")


def test_batch_mode_keeps_order_and_survives_a_bad_line(data_dir, tmp_path):
    photo = tmp_path / "foto.jpg"
    photo.write_bytes((KNN / "test/obama1.jpg").read_bytes())
    lines = [
        json.dumps({"text": "Mooie dag!", "channel": "website", "account": "school"}),
        "{dit is geen json",
        json.dumps({"text": "Bel 06-12345678", "channel": "social_media", "account": "school"}),
        json.dumps({"text": "", "images": ["foto.jpg"]}),
        json.dumps({"text": "x", "channel": "fax"}),
    ]
    batch = tmp_path / "posts.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(data_dir, "check", "--jsonl", batch)
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5]
    assert [o["decision"] for o in out] == ["allow", "error", "warn", "allow", "error"]
    assert "geen geldige JSON" in out[1]["error"]["message"]
    assert "Onbekend kanaal" in out[4]["error"]["message"]
    assert out[0]["channel"] == "website"
    assert result.exit_code == 3  # some lines could not be checked


def test_api_text_field(client, auth):
    verdict = client.post("/api/v1/checks", headers=auth,
                          data={"text": "Gefeliciteerd Daan Bakker!", "channel": "social_media"}).get_json()
    assert verdict["decision"] == "warn"
    assert verdict["findings"][0]["person"]["id"] == "L1002"
