from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kurultai.registry.services import reference_load


class Command(BaseCommand):
    help = "Load the reference data: the 20 regions, the standing committees and the parties, with sources."

    def handle(self, *args: Any, **options: Any) -> None:
        report = reference_load(actor=None)
        self.stdout.write(f"{report.areas} areas, {report.committees} committees, {report.parties} parties loaded.")
