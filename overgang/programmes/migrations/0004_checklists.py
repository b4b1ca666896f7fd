"""Each template names its checklists (overgang/checklists/data); existing programmes copy theirs."""

import json
from pathlib import Path

from django.db import migrations, models

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def set_checklists(apps, schema_editor):
    ProgrammeTemplate = apps.get_model("programmes", "ProgrammeTemplate")
    Programme = apps.get_model("programmes", "Programme")
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        ProgrammeTemplate.objects.filter(code=data["code"]).update(checklists=data.get("checklists") or {})
    by_template = dict(ProgrammeTemplate.objects.values_list("pk", "checklists"))
    for programme in Programme.objects.all():
        programme.checklists = by_template.get(programme.template_id) or {}
        programme.save(update_fields=["checklists"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_contact_norms")]

    operations = [
        migrations.AddField(
            model_name="programmetemplate",
            name="checklists",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The checklist codes per period (contact, phase_1, phase_2, phase_3) and for fidelity, from overgang/checklists/data.",
                verbose_name="checklists",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="checklists",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The checklist codes per period (contact, phase_1, phase_2, phase_3) and for fidelity, from overgang/checklists/data.",
                verbose_name="checklists",
            ),
        ),
        migrations.RunPython(set_checklists, migrations.RunPython.noop),
    ]
