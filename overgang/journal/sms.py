"""Text messages to citizens through a pluggable gateway.

SMS_BACKEND (dotted path) chooses the backend:
- overgang.journal.sms.ConsoleBackend (default): writes each message to standard output, or
  appends it to the file named by SMS_FILE_PATH; for development and tests.
- overgang.journal.sms.HttpBackend: POSTs JSON {"to", "from", "text"} to SMS_GATEWAY_URL with
  HTTP basic authentication (SMS_GATEWAY_USER, SMS_GATEWAY_PASSWORD); sender SMS_SENDER.
A failure raises SmsError; callers record it where the worker sees it and retry later.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway did not take the message."""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


class ConsoleBackend:
    def send(self, message: Sms) -> None:
        line = f"SMS to {message.to}: {message.text}\n"
        path = getattr(settings, "SMS_FILE_PATH", "")
        if path:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(line)
        else:
            sys.stdout.write(line)


class HttpBackend:
    def __init__(self) -> None:
        self.url = settings.SMS_GATEWAY_URL
        self.user = settings.SMS_GATEWAY_USER
        self.password = settings.SMS_GATEWAY_PASSWORD
        self.sender = settings.SMS_SENDER
        if not self.url:
            raise SmsError("SMS_GATEWAY_URL is not set")

    def send(self, message: Sms) -> None:
        body = json.dumps({"to": message.to, "from": self.sender, "text": message.text}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")  # noqa: S310 - configured URL
        request.add_header("Content-Type", "application/json")
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise SmsError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as error:
            raise SmsError(f"gateway answered {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"gateway not reachable: {error}") from None


def get_backend() -> ConsoleBackend | HttpBackend:
    return import_string(getattr(settings, "SMS_BACKEND", "overgang.journal.sms.ConsoleBackend"))()
