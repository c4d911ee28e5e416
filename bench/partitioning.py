"""What partitioning an existing ledger costs: the forward migration against its own reverse, same run.

    DATABASE_URL=postgres://user@host:port/scratch .venv/bin/python bench/partitioning.py [--leaves 1000000] [--json]

Needs a PostgreSQL database that may be wiped (it is migrated, and the ledger's leaves are
replaced by ``--leaves`` synthetic ones). With the ledger migrated back to a plain table, it
inserts the leaves, then times:

* **forward**: ``ledger`` 0002 (rename, create the partitioned table and its partitions, copy
  every row, rebuild the indexes and the trigger);
* **backward**: ``ledger`` 0001 (the same copy into one plain table) — the baseline: what
  copying the table costs without partitions.

Prints both times and forward/backward; the load average is printed next to them because the
figures depend on it. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurultai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--no-input", verbosity=0)
    call_command("migrate", "ledger", "0001", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE ledger_ledgerentry")
        cursor.execute(
            "INSERT INTO ledger_ledgerentry (index, kind, at, data, leaf_hash, created) "
            "SELECT g, 'bench', now(), jsonb_build_object('n', g, 'petition', 'p-' || (g %% 97)), "
            "md5(g::text) || md5((g + 1)::text), now() FROM generate_series(0, %s - 1) g",
            [args.leaves],
        )
        cursor.execute("ANALYZE ledger_ledgerentry")
        cursor.execute("SELECT pg_total_relation_size('ledger_ledgerentry')")
        (size,) = cursor.fetchone()
    started = time.perf_counter()
    call_command("migrate", "ledger", "0002", verbosity=0)
    forward = time.perf_counter() - started
    started = time.perf_counter()
    call_command("migrate", "ledger", "0001", verbosity=0)
    backward = time.perf_counter() - started
    call_command("migrate", "ledger", verbosity=0)
    result = {
        "leaves": args.leaves,
        "table_mb": round(size / 2**20),
        "forward_s": round(forward, 2),
        "backward_s": round(backward, 2),
        "forward_over_backward": round(forward / backward, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"{args.leaves} leaves ({result['table_mb']} MB): partitioning {forward:.1f} s, "
        f"back to plain {backward:.1f} s, ratio {result['forward_over_backward']}; "
        f"load average {result['load_average']}"
    )


if __name__ == "__main__":
    main()
