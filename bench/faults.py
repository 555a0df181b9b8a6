"""Kill `poortwachter` (SIGKILL) at random moments of a consent import and an enrolment.

Loads the demo school (imported and enrolled) into a temporary data directory,
then kills `consent import` of a generated 20,000-row list and `enrol` of many
reference photos again and again. After each kill the registry must open and
equal, table for table, the state before or after the import (for enrolment:
before or after each photo). Prints how many kills the registry survived.

    .venv/bin/python bench/faults.py [--kills 20] [--rows 20000] [--variants 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import DEMO  # noqa: E402
from tests.faults_support import consent_file, enrol_file, kill_enrolments, kill_imports, run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="kills per kind (default 20)")
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the consent list (default 20000)")
    parser.add_argument("--variants", type=int, default=3, help="copies of each demo photo to enrol (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work, base = Path(tmp), Path(tmp) / "base"
        for command in (["consent", "import", "--yes", str(DEMO / "leerlingen.csv")], ["enrol", str(DEMO / "gezichten.csv")]):
            assert run(base, *command).returncode == 0
        started = time.perf_counter()
        imports = kill_imports(base, work / "imports", consent_file(work / "groot.csv", args.rows), args.kills)
        photos = enrol_file(work / "fotos", DEMO / "gezichten.csv", args.variants)
        enrolments = kill_enrolments(base, work / "enrol", photos, args.kills)
        photo_count = len(photos.read_text(encoding="utf-8").splitlines()) - 1
        seconds = time.perf_counter() - started
    print(f"consent import of {args.rows} rows, killed {imports.kills}x: {imports.before} before, "
          f"{imports.after} after, {len(imports.in_between)} in between")
    print(f"enrolment of {photo_count} photos, killed {enrolments.kills}x: {enrolments.before} before, "
          f"{enrolments.partial_prefix} between photos, {enrolments.after} after, "
          f"{len(enrolments.in_between)} inside a photo")
    survived = imports.kills + enrolments.kills - len(imports.in_between) - len(enrolments.in_between)
    print(f"faults: {survived} of {imports.kills + enrolments.kills} SIGKILLs survived "
          f"(registry opens, exactly before or after) in {seconds:.0f} s")
    for failure in imports.in_between + enrolments.in_between:
        print("  FAILED:", failure)
    sys.exit(0 if survived == imports.kills + enrolments.kills else 1)


if __name__ == "__main__":
    main()
