from datetime import date
from pathlib import Path

from wegweiser.territory.register import parse_register
from wegweiser.territory.services import territory_load_register

REGISTER_FILE = Path(__file__).parent / "data" / "gv-auszug-03459.csv"
# The extract's population figures refer to the end of 2019 (approximately, as the source says).
REGISTER_POPULATION_DATE = date(2019, 12, 31)


def load_demo(*, out, **options) -> None:
    register = parse_register(REGISTER_FILE.read_bytes(), REGISTER_FILE.name)
    result = territory_load_register(register=register, population_date=REGISTER_POPULATION_DATE)
    out.write(f"territory: {result.summary()}")
