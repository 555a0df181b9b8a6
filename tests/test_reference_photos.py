"""Reference photos per person: templates carry their model, photos their date; the
privacy officer sees how many photos each pupil has, from which school year, what
is thin or old, and who must be enrolled again after the model changed."""
from __future__ import annotations

import datetime as dt
import io

from click.testing import CliRunner
from PIL import Image

from detectors.template_models import DLIB, IN_USE, SFACE
from server.cli.cli import main
from server.gate.consent import school_year
from server.gate.reference_photos import summarise
from server.registry import Registry
from tests.conftest import DEMO, KNN, OPENFACE, TODAY
from tests.test_migrations import first_release_registry
from tests.test_pages import set_up_admin


def run(data_dir, *args):
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *map(str, args)],
                              env={"POORTWACHTER_TODAY": TODAY.isoformat()}, catch_exceptions=False)


def made_before_sface(registry: Registry, person_id: str) -> None:
    """What a registry enrolled before SFace holds for this person: dlib's templates only."""
    with registry.transaction() as db:
        db.execute("DELETE FROM templates WHERE person_id = ? AND model = ?", (person_id, SFACE))


def test_templates_of_a_registry_from_before_the_migration_are_dlib_and_must_be_enrolled_again(tmp_path):
    first_release_registry(tmp_path / "registry.sqlite3")
    registry = Registry(tmp_path / "registry.sqlite3")
    (photo,) = registry.reference_photos()["p1"]
    assert photo.models == {DLIB}
    summary = summarise(registry.person("p1"), [photo], TODAY)
    assert (summary.photos, summary.outdated, summary.needs_enrolment) == (0, 1, True)
    assert summary.warnings == ("Sanne Jong: de referentiefoto's zijn met een ouder gezichtsmodel ingeschreven; "
                                "schrijf ze opnieuw in, tot dan wordt dit gezicht niet herkend.",)
    assert registry.gallery().of(SFACE)[0] == []


def test_a_pupil_enrolled_with_the_old_model_only_is_never_allowed_until_enrolled_again(data_dir, registry):
    obama1 = KNN / "test/obama1.jpg"
    assert run(data_dir, "check", obama1).exit_code == 0  # Sanne, consent: allow
    made_before_sface(registry, "L1001")
    assert run(data_dir, "check", obama1).exit_code == 1  # dlib alone may not say it is Sanne: warn
    overview = run(data_dir, "enrol", "--overzicht").output
    assert "  L1001 Sanne de Vries: 0\n" in overview
    assert "Opnieuw inschrijven (1): L1001." in overview
    again = tmp_csv(data_dir, f"L1001;{KNN / 'train/obama/obama.jpg'}\n")
    enrolled = run(data_dir, "enrol", again)
    assert enrolled.exit_code == 0 and "1 foto's ingeschreven, 0 overgeslagen." in enrolled.output
    assert "  L1001 Sanne de Vries: 1 (2012-2013)\n" in enrolled.output  # the same photo, SFace added
    assert registry.template_count("L1001") == 6  # obama.jpg: 2 dlib + 2 SFace, obama2.jpg: 2 dlib
    assert run(data_dir, "check", obama1).exit_code == 0


def tmp_csv(data_dir, rows: str):
    path = data_dir / "gezichten-extra.csv"
    path.write_text("leerlingnummer;foto\n" + rows, encoding="utf-8")
    return path


def with_date(source, target, taken: str) -> None:
    """The photo re-saved with EXIF DateTimeOriginal, as a camera writes it."""
    image = Image.open(source)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken
    image.save(target, format="JPEG", exif=exif)


def test_enrol_shows_photos_and_school_years_and_warns_on_one_or_only_old_photos(data_dir):
    alex = KNN / "train/alex_lacamoire/img1.jpg"
    old = data_dir / "alex-2024.jpg"
    with_date(OPENFACE / "carell.jpg", old, "2024:09:02 10:00:00")
    one = run(data_dir, "enrol", tmp_csv(data_dir, f"L1005;{alex}\n"))
    this_year = school_year(dt.date.today())  # a photo without a date is dated the day it is enrolled
    assert f"  L1005 Emma van den Berg: 1 ({this_year})\n" in one.output
    assert ("Let op: Emma van den Berg: maar één referentiefoto; met meer foto's (schoolfoto, klassenfoto) "
            "wordt dit gezicht vaker herkend.") in one.output
    only_old = run(data_dir, "enrol", tmp_csv(data_dir, f"L1006;{old}\n")).output
    assert "  L1006 " in only_old and ": 1 (2024-2025)\n" in only_old
    assert "alle referentiefoto's zijn ouder dan een jaar; schrijf een recente foto in." in only_old
    overview = run(data_dir, "enrol", "--overzicht").output
    assert "  L1001 Sanne de Vries: 2 (2009-2010, 2012-2013)\n" in overview  # the photos' own EXIF dates
    assert "Let op: Sanne de Vries: alle referentiefoto's zijn ouder dan een jaar" in overview
    assert "Let op: Kees Brouwer: maar één referentiefoto" in overview
    assert "Opnieuw inschrijven" not in overview


def test_beheer_shows_photos_per_person_and_who_must_be_enrolled_again(client, registry):
    set_up_admin(client)
    made_before_sface(registry, "L1002")
    page = client.get("/beheer").get_data(as_text=True)
    sanne = page[page.index('<tr data-id="L1001">'):]
    assert '<td class="photos warn"' in sanne[:sanne.index("</tr>")]
    assert ">2</td>" in sanne[:sanne.index("</tr>")] and "2009-2010, 2012-2013" in sanne[:sanne.index("</tr>")]
    reenrol = page[page.index('id="reenrol"'):]
    assert '<li data-id="L1002">L1002 Daan Bakker</li>' in reenrol[:reenrol.index("</section>")]
    assert "Kees Brouwer: maar één referentiefoto" in page
    assert set(IN_USE) == {DLIB, SFACE}
