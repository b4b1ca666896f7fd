"""The closing letter's template: default wording, placeholders, and filling them in.

The shelter manual (2.4.2) describes the letter: at the end the worker writes to the citizen about
which changes the worker sees the citizen has created in her life, and signals trust that the
citizen, with the network, can keep them (homelessness 4.5.2). The default text follows that
description; each programme's coordinator may reword it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str | Promise


PLACEHOLDERS = (
    Placeholder("first_name", _("the citizen's first name")),
    Placeholder("worker_name", _("the CTI worker's name")),
    Placeholder("programme", _("the programme's name")),
    Placeholder("end_date", _("the planned end of the course")),
)
PLACEHOLDER_NAMES = frozenset(p.name for p in PLACEHOLDERS)

DEFAULT_LETTER = {
    "da": (
        "Kære {first_name}\n\n"
        "Nu slutter dit CTI-forløb, og jeg vil gerne skrive til dig om det, vi har været igennem sammen.\n\n"
        "Da vi mødtes første gang, …\n\n"
        "Jeg har set dig skabe disse forandringer i dit liv: …\n\n"
        "Det er dig, der har gjort det. Jeg har tillid til, at du med støtte fra dit netværk kan "
        "fastholde de forandringer, du har opnået.\n\n"
        "Tak for samarbejdet. Jeg ønsker dig alt godt fremover.\n\n"
        "Venlig hilsen\n{worker_name}\nCTI-medarbejder, {programme}"
    ),
    "en": (
        "Dear {first_name}\n\n"
        "Your CTI course is coming to an end, and I would like to write to you about what we have "
        "been through together.\n\n"
        "When we first met, …\n\n"
        "I have seen you create these changes in your life: …\n\n"
        "You are the one who did it. I trust that, with support from your network, you can keep the "
        "changes you have achieved.\n\n"
        "Thank you for working with me. I wish you all the best.\n\n"
        "Kind regards\n{worker_name}\nCTI worker, {programme}"
    ),
}


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in the text that the letter cannot fill in, in order of appearance."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in PLACEHOLDER_NAMES and match.group(0) not in found:
            found.append(match.group(0))
    return found


def fill_in(text: str, *, first_name: str, worker_name: str, programme: str, end_date: dt.date | None) -> str:
    """The template with its placeholders filled in; anything else in braces is left as written."""
    values = {
        "first_name": first_name,
        "worker_name": worker_name,
        "programme": programme,
        "end_date": end_date.strftime("%d-%m-%Y") if end_date else "",
    }
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
