"""TOTP second factor (django-otp): set-up, confirmation and the rule that enforces it."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurultai.accounts.models import User
from kurultai.common.services import audit_log


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed device, or an unconfirmed one to set up."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "default"})
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def totp_verify(*, request: Any, user: User, token: str) -> bool:
    """Check a 6-digit code; on success confirm the device and mark the session verified."""
    device = totp_device_for(user)
    if not token.isdigit() or not device.verify_token(token):
        return False
    with transaction.atomic():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_log(action="accounts.totp.confirmed", actor=user, obj=user)
    otp_login(request, device)
    return True


def totp_satisfied(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.requires_totp:
        return True
    # OTPMiddleware adds ``is_verified`` at the start of a request; a user just logged in by
    # the password step is a plain User without it, and has confirmed no code yet.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())
