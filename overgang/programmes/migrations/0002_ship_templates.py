"""Load the shipped programme templates from their data files (overgang/programmes/data)."""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SETTING_FIELDS = (
    "duration_months",
    "uses_contact_period",
    "transition_event",
    "caseload_rule",
    "caseload_weights",
    "caseload_max",
    "dimensions",
    "legal_bases",
    "tolerance_days",
)


def load_templates(apps, schema_editor):
    ProgrammeTemplate = apps.get_model("programmes", "ProgrammeTemplate")
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        values = {field: data[field] for field in SETTING_FIELDS}
        values.update(name=data["name"], source=data.get("source", ""), version=data["version"])
        ProgrammeTemplate.objects.update_or_create(code=data["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(load_templates, migrations.RunPython.noop)]
