from django.utils import translation

from overgang.imports.mapping import guess_mapping


def test_it_guesses_the_export_headings_in_english():
    mapping = guess_mapping(
        [
            "Citizen",
            "CPR number",
            "CTI worker",
            "Contact period start",
            "Phase 1 planned",
            "Phase 1 realised",
            "End realised",
            "Reason for ending",
            "Pauses",
        ]
    )
    assert mapping == {
        "name": 0,
        "cpr": 1,
        "worker": 2,
        "contact_start": 3,
        "phase_1": 5,
        "phase_2": None,
        "phase_3": None,
        "end_date": 6,
        "end_reason": 7,
        "pauses": 8,
    }


def test_it_guesses_the_export_headings_in_danish_whatever_the_active_language():
    with translation.override("da"):
        from django.utils.translation import gettext

        headings = [
            gettext("Citizen"),
            gettext("CPR number"),
            gettext("CTI worker"),
            gettext("Contact period start"),
            gettext("Phase 2 realised"),
        ]
    mapping = guess_mapping(headings)
    assert (
        mapping["name"],
        mapping["cpr"],
        mapping["worker"],
        mapping["contact_start"],
        mapping["phase_2"],
    ) == (0, 1, 2, 3, 4)


def test_it_knows_common_names_and_ignores_case_and_spaces():
    mapping = guess_mapping(["  NAVN ", "CPR-nr", "Medarbejder", "Anything else"])
    assert (mapping["name"], mapping["cpr"], mapping["worker"], mapping["contact_start"]) == (0, 1, 2, None)
