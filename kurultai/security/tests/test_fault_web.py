"""Kill -9 the web server while citizens send appeals with a file: every appeal the server
acknowledged is stored exactly once with its file intact, and no stored appeal lacks its file.

PostgreSQL only: the production server (granian) on the test database, its media directory
shared with the test.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from kurultai.common.tests.granian import granian_server
from kurultai.participation.models import Appeal
from kurultai.participation.tests.factories import CitizenFactory
from kurultai.portal.demo import demo_load

HOST = "127.0.0.1"
CITIZENS = 40

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the production set-up: PostgreSQL and granian"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def server(tmp_path, settings) -> Iterator[dict[str, object]]:
    var = tmp_path / "var"
    var.mkdir()
    settings.MEDIA_ROOT = var / "media"  # the server writes there (KURULTAI_VAR_DIR/media), the test reads
    with granian_server(KURULTAI_VAR_DIR=str(var)) as server:
        yield {**server, "media": settings.MEDIA_ROOT}


def session_of(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.session.session_key or "", "csrftoken": secrets.token_hex(16)}


def pdf(n: int) -> bytes:
    # A few hundred kilobytes, different for every citizen: writing it takes a moment.
    return b"%PDF-1.4\n%" + f"citizen {n}\n".encode() + os.urandom(300 * 1024) + b"\n%%EOF\n"


def post_appeal(port: int, cookies: dict[str, str], subject: str, content: bytes) -> tuple[int | None, str]:
    """(status, Location) of one appeal sent from the page form; status None when the connection died."""
    boundary = uuid.uuid4().hex
    fields = {
        "csrfmiddlewaretoken": cookies["csrftoken"],
        "addressee_kind": "parliament",
        "category": "transport",
        "subject": subject,
        "text": "Please restore the bus to the village.",
    }
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="scan.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=240)
        conn.request(
            "POST",
            "/en/appeals/new/",
            body=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
                "Referer": f"http://{HOST}:{port}/en/appeals/new/",
            },
        )
        response = conn.getresponse()
        return response.status, response.getheader("Location") or ""
    except (OSError, http.client.HTTPException):
        return None, ""


def test_a_server_killed_mid_upload_keeps_every_acknowledged_appeal_once_with_its_file(server):
    demo_load()  # a transactional test before this one may have emptied the database (addressees, categories)
    citizens = [CitizenFactory(region="KZ-75") for _ in range(CITIZENS)]
    sessions = [session_of(c) for c in citizens]
    contents = [pdf(n) for n in range(CITIZENS)]
    server["start"]()

    answers: dict[int, tuple[int | None, str]] = {}
    lock = threading.Lock()
    enough = threading.Event()

    def send(n: int) -> None:
        answer = post_appeal(server["port"], sessions[n], f"fault-{n}", contents[n])
        with lock:
            answers[n] = answer
            if sum(status == 302 for status, _ in answers.values()) >= 10:
                enough.set()

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(send, n) for n in range(CITIZENS)]
        # Generous: the whole suite may be running beside it; stop waiting when every request is answered.
        deadline = time.monotonic() + 300
        while not enough.wait(timeout=1) and time.monotonic() < deadline:
            if all(f.done() for f in futures):
                break
        server["kill"]()
        for f in futures:
            f.result()

    acknowledged = {n for n, (status, location) in answers.items() if status == 302 and "/receipt" in location}
    assert len(acknowledged) >= 10
    assert all(status in (302, None) for status, _ in answers.values()), answers
    assert len(acknowledged) < CITIZENS, "the kill came too late to cut anything short"

    stored = Appeal.objects.filter(subject__startswith="fault-").prefetch_related("attachments")
    by_subject: dict[str, list[Appeal]] = {}
    for appeal in stored:
        by_subject.setdefault(appeal.subject, []).append(appeal)
    for n in acknowledged:
        [appeal] = by_subject[f"fault-{n}"]  # present, exactly once
        assert appeal.number in answers[n][1]
    # No half-written record: every stored appeal (acknowledged or not) has its whole file.
    for subject, appeals in by_subject.items():
        n = int(subject.removeprefix("fault-"))
        for appeal in appeals:
            [attachment] = appeal.attachments.all()
            data = (Path(server["media"]) / attachment.file.name).read_bytes()
            assert data == contents[n]
            assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert all(len(appeals) == 1 for appeals in by_subject.values())

    # Restarted, the server takes the appeals that were cut off.
    server["start"]()
    stored_citizens = {int(subject.removeprefix("fault-")) for subject in by_subject}
    for n in sorted(set(range(CITIZENS)) - stored_citizens):
        status, location = post_appeal(server["port"], sessions[n], f"fault-{n}", contents[n])
        assert status == 302, status
        assert "/receipt" in location
    assert Appeal.objects.filter(subject__startswith="fault-").count() == CITIZENS
