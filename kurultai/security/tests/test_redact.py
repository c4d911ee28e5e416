"""The IIN filter on every log handler, and error bodies that never echo an IIN."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from django.conf import settings

from kurultai.security.redact import MASK, RedactIinFilter, redact_text

IIN = "900101300127"  # shaped like an IIN; the checksum does not matter to the filter


def test_redact_text_masks_twelve_digit_runs_only():
    assert redact_text(f"iin={IIN}.") == f"iin={MASK}."
    assert redact_text("order 12345678901 and 1234567890123 stay") == "order 12345678901 and 1234567890123 stay"
    assert redact_text(f"{IIN},{IIN}") == f"{MASK},{MASK}"


def _configured_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    """The project's LOGGING, with the console stream swapped for a buffer we can read."""
    logging.config.dictConfig(settings.LOGGING)
    stream = io.StringIO()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler) and not type(handler).__module__.startswith("_pytest"):
            handler.setStream(stream)
    return logging.getLogger(name), stream


def test_message_arguments_and_traceback_are_redacted():
    log, stream = _configured_logger("kurultai.test.redact")
    log.error("citizen %s failed", IIN)
    log.warning(f"inline {IIN} in the message")
    try:
        raise ValueError(f"bad IIN {IIN}")
    except ValueError:
        log.exception("verification of %s crashed", IIN)
    output = stream.getvalue()
    assert IIN not in output
    assert output.count(MASK) == 4
    assert "Traceback (most recent call last)" in output
    assert "ValueError: bad IIN [IIN]" in output


def test_django_loggers_reach_the_filtered_handler():
    log, stream = _configured_logger("django.request")
    log.warning("Not Found: /api/v1/persons/%s", IIN)
    server = logging.getLogger("django.server")
    server.info('"GET /kk/?iin=%s HTTP/1.1" 200 12', IIN)
    assert IIN not in stream.getvalue()
    assert stream.getvalue().count(MASK) == 2


def test_every_configured_handler_carries_the_filter():
    logging.config.dictConfig(settings.LOGGING)
    loggers = [logging.getLogger()] + [
        obj for obj in logging.Logger.manager.loggerDict.values() if isinstance(obj, logging.Logger)
    ]
    handlers = {
        h
        for lg in loggers
        for h in lg.handlers
        # NullHandler writes nothing; pytest's capture handler belongs to the test run.
        if not isinstance(h, logging.NullHandler) and not type(h).__module__.startswith("_pytest")
    }
    assert handlers, "LOGGING configures at least one handler"
    for handler in handlers:
        assert any(isinstance(f, RedactIinFilter) for f in handler.filters), handler


def test_a_broken_format_string_still_logs_redacted():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "%d items for %s", (IIN,), None)
    assert RedactIinFilter().filter(record)
    assert IIN not in record.getMessage()


@pytest.mark.django_db
def test_api_errors_never_echo_an_iin(client):
    for path in (
        f"/api/v1/persons/{IIN}",
        f"/api/v1/no-such-thing/{IIN}",
        f"/api/v1/persons?limit={IIN}",
    ):
        response = client.get(path)
        assert response.status_code in (404, 422), path
        assert response["Content-Type"].startswith("application/problem+json")
        assert IIN.encode() not in response.content, path


@pytest.mark.django_db
def test_error_pages_never_echo_an_iin(client, settings):
    settings.DEBUG = True  # the technical 404 page repeats the path; it is masked too
    response = client.get(f"/en/no-such-page/{IIN}/")
    assert response.status_code == 404
    assert IIN.encode() not in response.content
    settings.DEBUG = False
    response = client.get(f"/en/no-such-page/{IIN}/")
    assert response.status_code == 404
    assert IIN.encode() not in response.content


@pytest.mark.django_db
def test_server_error_page_never_echoes_an_iin(client, settings):
    """A 500 whose exception text carries an IIN: not in the page, not in the log."""
    from django.test import Client
    from django.urls import path as url_path

    raise_client = Client(raise_request_exception=False)
    del client
    settings.ROOT_URLCONF = __name__
    global urlpatterns

    def boom(request):
        raise RuntimeError(f"crashed on {IIN}")

    urlpatterns = [url_path("boom/", boom)]
    _log, stream = _configured_logger("django.request")
    response = raise_client.get("/boom/")
    assert response.status_code == 500
    assert IIN.encode() not in response.content
    assert "RuntimeError: crashed on [IIN]" in stream.getvalue()
    assert IIN not in stream.getvalue()


urlpatterns: list = []
