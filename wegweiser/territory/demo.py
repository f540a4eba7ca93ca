from datetime import date
from pathlib import Path

from wegweiser.territory.models import Municipality, MunicipalityKind
from wegweiser.territory.register import parse_register
from wegweiser.territory.services import territory_load_register

REGISTER_FILE = Path(__file__).parent / "data" / "gv-auszug-03459.csv"
# The extract's population figures refer to the end of 2019 (approximately, as the source says).
REGISTER_POPULATION_DATE = date(2019, 12, 31)


def load_demo(*, out, **options) -> None:
    register = parse_register(REGISTER_FILE.read_bytes(), REGISTER_FILE.name)
    result = territory_load_register(register=register, population_date=REGISTER_POPULATION_DATE)
    # The register lists Samtgemeinden beside their member municipalities (38 rows), README speaks of the 34
    # municipalities: the line says both.
    units = Municipality.objects.filter(district=result.district)
    samtgemeinden = units.filter(kind=MunicipalityKind.SAMTGEMEINDE).count()
    out.write(
        f"territory: {result.district.name}, {units.count() - samtgemeinden} municipalities and {samtgemeinden} "
        f"Samtgemeinden: {result.created} added, {result.updated} updated, {result.unchanged} unchanged"
    )
