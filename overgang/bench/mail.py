"""A mail backend for timing the weekly digest (scripts/bench): every message is turned into the
bytes SMTP would carry, counted, and dropped, so nothing piles up in memory and nothing is sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class SerialiseAndDiscardBackend(BaseEmailBackend):
    messages = 0
    bytes = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            size = len(message.message().as_bytes())
            type(self).messages += 1
            type(self).bytes += size
        return len(email_messages)

    @classmethod
    def reset(cls, **_: Any) -> None:
        cls.messages = 0
        cls.bytes = 0
