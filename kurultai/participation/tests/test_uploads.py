"""Uploads: the kind is read from the bytes, images are re-encoded (no metadata, no trailing
payload), names are made safe, and a full disk is a clear 507 that leaves no half-written appeal."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kurultai.participation import images, text
from kurultai.participation.models import Appeal, AppealAttachment
from kurultai.participation.tests.factories import AppealFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg_with_exif(size: tuple[int, int] = (40, 20), orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x8825] = {1: "N", 2: (43.0, 14.0, 0.0)}  # GPSInfo: a position near Almaty
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(mode: str = "RGB", size: tuple[int, int] = (16, 16)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def stored_bytes(attachment: AppealAttachment) -> bytes:
    with attachment.file.open("rb") as f:
        return f.read()


@pytest.fixture
def appeal(citizen):
    return AppealFactory(author=citizen)


def attach(client, bearer, citizen, appeal, name: str, content: bytes, content_type: str = "application/octet-stream"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"/api/v1/appeals/{appeal.number}/attachments", {"file": upload}, **bearer(citizen))


# ---------------------------------------------------------------- re-encoding (pure)


def test_reencoding_drops_exif_and_turns_the_picture_upright():
    original = jpeg_with_exif(size=(40, 20), orientation=6)  # 6: shown rotated 90° clockwise
    assert b"SpyCam" in original
    clean = images.reencode(original, "image/jpeg")
    assert b"SpyCam" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 40)
        assert not image.getexif()


def test_reencoding_drops_text_chunks_and_a_payload_after_the_image():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    polyglot = out.getvalue() + b"PK\x03\x04<html><script>steal()</script></html>"
    clean = images.reencode(polyglot, "image/png")
    assert b"script" not in clean
    assert b"PK\x03\x04" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.mode == "RGBA"
        assert image.size == (8, 8)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", id="png-header-only"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"1" * 100, "image/jpeg", id="jpeg-header-only"),
        pytest.param(png()[:40], "image/png", id="truncated-png"),
        pytest.param(png(), "image/jpeg", id="png-claimed-as-jpeg"),
    ],
)
def test_a_file_that_does_not_decode_is_not_an_image(data, content_type):
    with pytest.raises(images.NotAnImage):
        images.reencode(data, content_type)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # 8000 x 6000 one-bit pixels: a few kilobytes of PNG, 48 megapixels once decoded.
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(images.NotAnImage, match="too many pixels"):
        images.reencode(out.getvalue(), "image/png")


# ---------------------------------------------------------------- through the service and the API


def test_an_attached_photo_is_stored_without_its_exif(client, bearer, citizen, appeal):
    r = attach(client, bearer, citizen, appeal, "IMG_0001.JPG", jpeg_with_exif(), "image/jpeg")
    assert r.status_code == 201
    attachment = appeal.attachments.get()
    data = stored_bytes(attachment)
    assert b"SpyCam" not in data
    assert attachment.size == len(data) == r.json()["size"]
    # The recorded hash is the stored file's, so the receipt matches what the addressee downloads.
    import hashlib

    assert attachment.sha256 == hashlib.sha256(data).hexdigest() == r.json()["sha256"]


@pytest.mark.parametrize(
    ("name", "content", "claimed", "kind", "stored_name"),
    [
        pytest.param("invoice.png", PDF, "image/png", "application/pdf", "invoice.pdf", id="pdf-named-png"),
        pytest.param("scan.pdf", png(), "application/pdf", "image/png", "scan.png", id="png-named-pdf"),
        pytest.param("a.html", PDF, "text/html", "application/pdf", "a.pdf", id="pdf-claimed-html"),
    ],
)
def test_the_kind_comes_from_the_bytes_not_from_the_client(
    client, bearer, citizen, appeal, name, content, claimed, kind, stored_name
):
    r = attach(client, bearer, citizen, appeal, name, content, claimed)
    assert r.status_code == 201
    assert (r.json()["content_type"], r.json()["name"]) == (kind, stored_name)


@pytest.mark.parametrize(
    ("content", "claimed"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n<svg onload=alert(1)>", "image/png", id="png-magic-then-svg"),
        pytest.param(b"PK\x03\x04[Content_Types].xml", "application/pdf", id="docx-zip"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", id="svg"),
        pytest.param(b"", "application/pdf", id="empty"),
    ],
)
def test_anything_else_is_415_problem_json(client, bearer, citizen, appeal, content, claimed):
    r = attach(client, bearer, citizen, appeal, "file.pdf", content, claimed)
    assert r.status_code == 415
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "attachment_type_not_allowed"
    assert not appeal.attachments.exists()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        pytest.param("../../etc/passwd.pdf", "passwd.pdf", id="path"),
        pytest.param("C:\\Users\\me\\скан 1.pdf", "скан 1.pdf", id="windows-path"),
        pytest.param("evil\u202efdp.exe", "evilfdp.pdf", id="right-to-left-override"),
        pytest.param("a\x00b\x1f.pdf", "ab.pdf", id="control-characters"),
        pytest.param("<script>.pdf", "script.pdf", id="markup"),
        pytest.param("...", "attachment.pdf", id="only-dots"),
        pytest.param("x" * 300 + ".pdf", "x" * 96 + ".pdf", id="too-long"),
    ],
)
def test_file_names_are_made_safe(client, bearer, citizen, appeal, name, safe):
    r = attach(client, bearer, citizen, appeal, name, PDF, "application/pdf")
    assert r.status_code == 201
    assert r.json()["name"] == safe
    attachment = appeal.attachments.get()
    # The file on disk is named by a random token, never by the citizen.
    assert Path(attachment.file.name).name == attachment.stored_name
    assert attachment.stored_name.endswith(".pdf")


def test_an_oversize_image_is_refused_before_it_is_decoded(client, bearer, citizen, appeal):
    big = png() + b"\x00" * text.MAX_ATTACHMENT_BYTES
    r = attach(client, bearer, citizen, appeal, "big.png", big, "image/png")
    assert r.status_code == 413
    assert r.json()["code"] == "attachment_too_large"


# ---------------------------------------------------------------- a full disk (a real 64 KiB tmpfs)


@pytest.fixture
def full_disk(settings, tmp_path):
    """MEDIA_ROOT on a 64 KiB tmpfs: a real ENOSPC from the kernel. Needs root and mount(8)."""
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    media = tmp_path / "small-disk"
    media.mkdir()
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    settings.MEDIA_ROOT = media
    yield media
    subprocess.run(["umount", str(media)], check=True)  # noqa: S603, S607 - fixed arguments


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def big_pdf(kib: int) -> bytes:
    return PDF + b"%" + b"0" * (kib * 1024)


def test_a_full_disk_is_507_and_leaves_no_attachment_or_partial_file(client, bearer, citizen, appeal, full_disk):
    r = attach(client, bearer, citizen, appeal, "scan.pdf", big_pdf(100), "application/pdf")
    assert r.status_code == 507
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "storage_full"
    assert r.json()["detail"]  # a sentence in the request's language
    assert not appeal.attachments.exists()
    assert files_under(full_disk) == []
    # Once there is room again, the same file goes through.
    r = attach(client, bearer, citizen, appeal, "scan.pdf", big_pdf(20), "application/pdf")
    assert r.status_code == 201
    assert len(files_under(full_disk)) == 1


def test_a_full_disk_registers_no_appeal_and_removes_the_files_already_written(client, citizen, full_disk):
    client.force_login(citizen)
    before = Appeal.objects.count()
    data = {
        "addressee_kind": "parliament",
        "category": "transport",
        "subject": "Bus to the village",
        "text": "Please restore the bus.",
        # The first file fits, the second does not: neither may stay, nor the appeal.
        "attachments": [
            SimpleUploadedFile("first.pdf", big_pdf(30), content_type="application/pdf"),
            SimpleUploadedFile("second.pdf", big_pdf(60), content_type="application/pdf"),
        ],
    }
    r = client.post("/en/appeals/new/", data)
    assert r.status_code == 507
    assert "The file store is full" in r.content.decode()
    assert Appeal.objects.count() == before
    assert not AppealAttachment.objects.filter(appeal__author=citizen).exists()
    assert files_under(full_disk) == []
