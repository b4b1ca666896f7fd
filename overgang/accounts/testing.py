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
