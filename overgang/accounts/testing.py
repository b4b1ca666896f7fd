"""Test helpers for logging in: a session that has passed two-factor verification."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_for(user: Any) -> TOTPDevice:
    """The user's confirmed authenticator, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return device


def log_in_verified(client: Client, user: Any) -> Client:
    """Log the client in as the user and mark the session as verified by their authenticator.

    The same session keys django_otp.login() writes, so the two-factor requirement is met.
    """
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session.save()
    return client


def totp_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now, as the device will accept it.

    A code is accepted once per time step (django-otp remembers the last step used), so when the
    current step is used up this gives the next step's code, which the device's tolerance of one
    step accepts; beyond that it waits for the clock.
    """
    device.refresh_from_db()
    while True:
        clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        clock.time = time.time()
        ahead = max(0, device.last_t + 1 - clock.t())
        if ahead <= device.tolerance:
            clock.drift += ahead
            return f"{clock.token():0{device.digits}d}"
        time.sleep(1)


def totp_wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code the device would not accept at any time step it tolerates now."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time()
    valid = set()
    for offset in range(-device.tolerance, device.tolerance + 1):
        clock.drift = device.drift + offset
        valid.add(f"{clock.token():0{device.digits}d}")
    return next(code for n in range(10**device.digits) if (code := f"{n:0{device.digits}d}") not in valid)


class SoftKey:
    """A security key in software for the test client: makes the answers a real key gives to
    django-otp-webauthn's registration and verification options (attestation "none", ES256)."""

    def __init__(self, origin: str = "http://localhost:8000") -> None:
        import os

        from cryptography.hazmat.primitives.asymmetric import ec

        self.origin = origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    @staticmethod
    def _b64(data: bytes) -> str:
        import base64

        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    def _client_data(self, kind: str, challenge: str) -> bytes:
        import json

        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def register(self, options: dict[str, Any]) -> dict[str, Any]:
        """The answer to registration options (the JSON the begin view gives)."""
        import hashlib

        import cbor2

        numbers = self.private_key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        )
        auth_data = (
            hashlib.sha256(options["rp"]["id"].encode()).digest()
            + bytes([0x01 | 0x04 | 0x40])  # user present, user verified, credential data follows
            + self.sign_count.to_bytes(4, "big")
            + bytes(16)  # AAGUID
            + len(self.credential_id).to_bytes(2, "big")
            + self.credential_id
            + cose_key
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": self._b64(self.credential_id),
            "rawId": self._b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": self._b64(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": self._b64(attestation),
                "transports": ["usb"],
            },
            "clientExtensionResults": {},
        }

    def authenticate(
        self, options: dict[str, Any], *, rp_id: str = "localhost", tamper: bool = False
    ) -> dict[str, Any]:
        """The answer to verification options: the signature over the challenge (broken if asked)."""
        import hashlib

        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        self.sign_count += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([0x01 | 0x04])
            + self.sign_count.to_bytes(4, "big")
        )
        signature = self.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        if tamper:
            auth_data = auth_data[:-1] + bytes([auth_data[-1] ^ 0xFF])
        return {
            "id": self._b64(self.credential_id),
            "rawId": self._b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": self._b64(client_data),
                "authenticatorData": self._b64(auth_data),
                "signature": self._b64(signature),
            },
            "clientExtensionResults": {},
        }
