"""The demo district's concept: nine fields of action, adopted by the council, indicators following demo
Lagebild figures, a successor draft copied from it; loaded once."""

import io

import pytest

from wegweiser.integrationskonzept.demo import load_demo
from wegweiser.integrationskonzept.models import ConceptVersion, Indicator, Measure, VersionStatus
from wegweiser.lagebild.demo import load_demo as load_lagebild
from wegweiser.territory.demo import load_demo as load_territory

pytestmark = pytest.mark.django_db


def test_the_demo_concept_and_its_successor_load_once():
    out = io.StringIO()
    load_territory(out=out)
    load_lagebild(out=out)
    load_demo(out=out)
    load_demo(out=out)
    assert "integrationskonzept: demo concept exists" in out.getvalue()
    adopted = ConceptVersion.objects.get(title="Migration und Integration 2018-2022")
    assert adopted.status == VersionStatus.ADOPTED
    assert adopted.council_decision_number
    assert adopted.fields.count() == 9
    successor = ConceptVersion.objects.get(predecessor=adopted)
    assert successor.status == VersionStatus.DRAFT
    assert successor.fields.count() == 9
    linked = Indicator.objects.filter(sub_goal__goal__field_of_action__version=adopted).exclude(lagebild_table="")
    assert linked.count() == 2
    assert all(indicator.values.count() == 10 for indicator in linked)  # 2015-2024 in the demo Lagebild
    assert Measure.objects.filter(sub_goal__goal__field_of_action__version=adopted, municipality__isnull=False).exists()
