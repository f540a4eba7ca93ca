"""`manage.py lagebild_import FILE [--dry-run]`: what it recognised, or the problems by line and a refusal."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from wegweiser.audit.models import AuditEntry
from wegweiser.lagebild.models import Observation, StatisticRelease

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("lagebild_import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_what_the_file_holds_and_loads_nothing(world):
    out, _err = run(str(DATA / "12411-02-03-5-B_kreise_2018.csv"), "--dry-run")

    assert out.splitlines() == [
        "Table: 12411-02-03-5-B Bevölkerung nach Geschlecht und Altersgruppen (17) - Stichtag 31.12. - regionale Ebenen",
        "Layout: GENESIS table (CSV), encoding Windows-1252",
        "Reference dates: 31.12.2018",
        "Regions: 489 (of the district: 1)",
        "Values: 26406, of them markers: - 3942, . 648",
        "Source as of: 24.11.2020 / 09:48:13",
        "Dry run: nothing was loaded.",
    ]
    assert not Observation.objects.exists()


def test_the_command_loads_and_a_second_run_replaces(world):
    path = str(DATA / "12411-01-01-4_1773175772751_de_flat.csv")
    out, _err = run(path)
    again, _err = run(path)

    assert "Layout: GENESIS flat file (CSV, possibly zipped), encoding UTF-8" in out
    assert out.splitlines()[-1] == "Loaded."
    assert "Replaces the figures loaded before for 31.12.2024" in again
    assert StatisticRelease.objects.count() == 1
    assert Observation.objects.count() == 1467
    assert (
        AuditEntry.objects.filter(
            object_type="lagebild.statisticrelease", actor_label="manage.py lagebild_import"
        ).count()
        == 3
    )


def test_a_refused_file_prints_its_problems_by_line_and_fails(world, tmp_path):
    broken = tmp_path / "22541-01-01-4.csv"
    broken.write_bytes((DATA / "22541-01-01-4.csv").read_bytes().replace(b";3142497;", b";3142497,,;", 1))
    err = StringIO()

    with pytest.raises(CommandError, match="1 problems in the file; nothing was loaded"):
        call_command("lagebild_import", str(broken), stdout=StringIO(), stderr=err)

    assert err.getvalue().startswith("Line 8, column 9 (Verfügbare Plätze / Insgesamt): “3142497,,” is neither")
    assert not Observation.objects.exists()


def test_dry_run_of_a_refused_file_fails_too(world, tmp_path):
    broken = tmp_path / "t.csv"
    broken.write_bytes((DATA / "22541-01-01-4.csv").read_bytes().replace(b";3142497;", b";?;", 1))

    with pytest.raises(CommandError, match="nothing would be loaded"):
        run(str(broken), "--dry-run")


def test_a_file_of_no_known_layout_is_refused(world, tmp_path):
    other = tmp_path / "x.csv"
    other.write_text("Name;Wert\nMelle;1\n", encoding="utf-8")

    with pytest.raises(CommandError, match="layout of the file is not known"):
        run(str(other))
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.csv"))
