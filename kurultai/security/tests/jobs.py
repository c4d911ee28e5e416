"""A background job for the fault tests: slow enough to be killed half-way, and it says when it ran."""

from __future__ import annotations

import time

from django.db import transaction
from django_tasks import task

from kurultai.common.services import audit_log

DONE = "test.fault.job_done"


@task()
def slow_mark(key: str, seconds: float) -> str:
    time.sleep(seconds)
    with transaction.atomic():
        audit_log(action=DONE, data={"key": key})
    return key
