"""Data for the PostgreSQL-restart test, made by the real services in a fresh database:
``python -m kurultai.security.tests.fault_setup N`` prints {"petition": slug, "tokens": [...]}."""

from __future__ import annotations

import json
import os
import sys


def main(citizens: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    import django

    django.setup()
    from kurultai.accounts.services import token_create
    from kurultai.participation.tests.factories import CitizenFactory, PetitionFactory
    from kurultai.registry.services import reference_load

    reference_load()
    petition = PetitionFactory(author=CitizenFactory(region="KZ-75"))
    tokens = [token_create(user=CitizenFactory(region="KZ-71"))[1] for _ in range(citizens)]
    sys.stdout.write(json.dumps({"petition": petition.slug, "tokens": tokens}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
