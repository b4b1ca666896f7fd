"""Load the transcribed checklists (overgang/checklists/data). A later version of a file is loaded
by a later migration calling the same loader."""

from django.db import migrations


def load(apps, schema_editor):
    from overgang.checklists.loading import load_checklists

    load_checklists(apps.get_model("checklists", "Checklist"), apps.get_model("checklists", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("checklists", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
