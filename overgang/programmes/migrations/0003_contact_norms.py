"""Contact-frequency norms per template and programme, and a version on programmes for the edit.

The templates take their norms from the data files (overgang/programmes/data); each existing
programme starts from its template's norms.
"""

import json
from pathlib import Path

from django.db import migrations, models

import overgang.programmes.models

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The same default as the model's, frozen here so the migration never changes with the code.
DEFAULT_NORMS = {"contact": 7, "phase_1": 7, "phase_2": 14, "phase_3": 30}


def set_norms(apps, schema_editor):
    ProgrammeTemplate = apps.get_model("programmes", "ProgrammeTemplate")
    Programme = apps.get_model("programmes", "Programme")
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        norms = data.get("contact_norms") or DEFAULT_NORMS
        ProgrammeTemplate.objects.filter(code=data["code"]).update(contact_norms=norms)
    norms_by_template = dict(ProgrammeTemplate.objects.values_list("pk", "contact_norms"))
    for programme in Programme.objects.all():
        programme.contact_norms = norms_by_template.get(programme.template_id) or DEFAULT_NORMS
        programme.save(update_fields=["contact_norms"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_ship_templates")]

    operations = [
        migrations.AddField(
            model_name="programmetemplate",
            name="contact_norms",
            field=models.JSONField(
                blank=True,
                default=overgang.programmes.models.default_contact_norms,
                help_text="At most this many days between contacts in each period: contact, phase_1, phase_2, phase_3.",
                verbose_name="contact norms",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="contact_norms",
            field=models.JSONField(
                blank=True,
                default=overgang.programmes.models.default_contact_norms,
                help_text="At most this many days between contacts in each period: contact, phase_1, phase_2, phase_3.",
                verbose_name="contact norms",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
        migrations.RunPython(set_norms, migrations.RunPython.noop),
    ]
