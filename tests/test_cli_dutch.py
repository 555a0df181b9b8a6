"""The command line speaks Dutch, and a usage error is never mistaken for a verdict (exit 2 = block)."""
from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from server.cli.cli import main
from server.cli.dutch import CATALOGUE, PLURALS
from tests.conftest import KNN


def run(data_dir, *args, input=None):
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *map(str, args)], input=input,
                              env={"POORTWACHTER_TODAY": "2026-11-21"}, catch_exceptions=False,
                              prog_name="poortwachter")


@pytest.mark.parametrize("args, message", [
    (["check", "--bogus"], "Fout: Onbekende optie '--bogus'. Zie 'poortwachter check --help'.\n"),
    (["check", "--channel", "instagram", "x.jpg"],
     "Fout: Ongeldige waarde voor '--channel': 'instagram' is geen kanaal; kies uit sociale_media, website, "
     "nieuwsbrief, schoolapp. Zie 'poortwachter check --help'.\n"),
    (["chek"], "Fout: Onbekende opdracht 'chek'. Bedoelde u 'check'? Zie 'poortwachter --help'.\n"),
    (["consent", "import"], "Fout: Ontbrekend argument 'BESTAND'. Zie 'poortwachter consent import --help'.\n"),
    (["check", "--text"], "Fout: Optie '--text' heeft een waarde nodig.\n"),
    (["serve", "--port", "0"],
     "Fout: Ongeldige waarde voor '--port': 0 ligt niet in het bereik 1<=x<=65535. "
     "Zie 'poortwachter serve --help'.\n"),
    (["audit", "extra"], "Fout: Onverwacht extra argument (extra) Zie 'poortwachter audit --help'.\n"),
])
def test_usage_errors_are_one_dutch_line_and_exit_3(tmp_path, args, message):
    result = run(tmp_path, *args)
    assert (result.exit_code, result.output) == (3, message)


@pytest.mark.parametrize("word", ["sociale_media", "sociale-media", "social_media"])
def test_dutch_channel_names_are_accepted(data_dir, word):
    result = run(data_dir, "check", "--channel", word, KNN / "test/obama_and_biden.jpg")
    assert result.exit_code == 2
    assert result.output.startswith("Oordeel: GEBLOKKEERD (sociale media)\n  geblokkeerd   ")


def _commands(group: click.Group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this message|TEXT|INTEGER|FILENAME|FILE|PATH|"
                     r"DIRECTORY|OPTIONS|COMMAND|ARGS|default|Try|Error)\b")


@pytest.mark.parametrize("command", [(), *_commands(main)], ids=lambda c: " ".join(c) or "poortwachter")
def test_every_help_text_is_dutch(tmp_path, command):
    result = run(tmp_path, *command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: poortwachter")
    assert "Opties:" in result.output and "Toon deze hulp en stop." in result.output
    assert ENGLISH.findall(result.output) == [], result.output


def test_every_click_text_in_the_catalogue_is_one_click_uses():
    """Click's texts are the catalogue's keys: a Click upgrade that renames one fails here, not silently."""
    source = Path(click.__file__).parent
    used = set()
    for module in source.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                used |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    assert set(CATALOGUE) - used == set()
    assert set(PLURALS) - used == set()


def test_a_busy_port_is_one_dutch_line_before_any_address_or_code(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = run(tmp_path, "serve", "--port", port)
    assert result.exit_code == 3
    assert result.output == (f"Fout: Poort {port} is al in gebruik: draait Poortwachter al? Gebruik dat venster, "
                             f"of start op een andere poort met --port {port + 1}.\n")


def test_consent_list_shows_every_channel_in_dutch(data_dir):
    result = run(data_dir, "consent", "list")
    lines = result.output.splitlines()
    assert lines[0] == "Toestemming per 21-11-2026 (schooljaar 2026-2027):"
    assert lines[1].split() == ["Nummer", "Naam", "Rol", "Groep", "Foto's", "sociale", "media", "website",
                                "nieuwsbrief", "schoolapp"]
    daan = next(line for line in lines if line.startswith("L1002"))
    assert re.split(r"\s{2,}", daan) == ["L1002", "Daan Bakker", "leerling", "7", "2", "geen toestemming",
                                         "toestemming", "toestemming", "toestemming"]
    mohammed = next(line for line in lines if line.startswith("L1004"))
    assert mohammed.endswith("16+: moet zelf toestemming geven")
    assert "no_consent" not in result.output and "social_media" not in result.output


def test_consent_list_json_keeps_the_codes(data_dir):
    import json

    result = run(data_dir, "consent", "list", "--json", "--channel", "sociale_media")
    people = {p["id"]: p for p in json.loads(result.output)["people"]}
    assert people["L1002"]["status"] == {"social_media": "no_consent"}


def test_check_lines_are_dutch_and_name_findings_say_whether_the_pupil_has_consent(data_dir):
    text = "Daan Bakker en Sanne de Vries wonnen de quiz"
    social = run(data_dir, "check", "--text", text)
    assert social.exit_code == 1
    assert social.output.splitlines() == [
        "Oordeel: WAARSCHUWING (sociale media)",
        '  waarschuwing  tekst 0-11 "Daan Bakker": Naam van een leerling zonder geldige toestemming voor '
        "sociale media: noem deze leerling niet. Daan Bakker: geen toestemming voor sociale media (2026-2027). "
        "[Daan Bakker]",
        '  waarschuwing  tekst 15-29 "Sanne de Vries": Naam van een leerling met toestemming voor sociale media: '
        "noemen mag als de naam bij die toestemming hoort; laat anders de achternaam weg. [Sanne de Vries]",
    ]
    website = run(data_dir, "check", "--channel", "website", "--text", "Emma van den Berg won")
    assert "Naam van een leerling zonder geldige toestemming voor de website" in website.output


def test_jsonl_takes_the_dutch_channel_and_account_words(data_dir, tmp_path):
    import json

    lines = tmp_path / "concepten.jsonl"
    lines.write_text(json.dumps({"text": "Groep 5 op excursie", "channel": "sociale_media",
                                 "account": "persoonlijk"}) + "\n", encoding="utf-8")
    result = run(data_dir, "check", "--jsonl", lines)
    verdict = json.loads(result.output)
    assert (verdict["channel"], verdict["account"]) == ("social_media", "personal")


def test_check_says_when_there_is_no_consent_list(tmp_path):
    result = run(tmp_path, "check", KNN / "test/obama1.jpg")
    assert result.exit_code == 1  # an unknown face: a warning, never an allow
    assert result.output.startswith("Let op: er is nog geen toestemmingslijst: elk gezicht is onbekend.\n"
                                    "Oordeel: WAARSCHUWING (sociale media)\n")
