"""On PostgreSQL, the ledger's leaves are partitioned by RANGE (index), a million leaves per
partition, two empty ones kept ahead and a DEFAULT behind them (docs/adr/0005-partitioning.md;
`kurultai db partitions --ensure` and the nightly job add more). The unique index includes the
key; the append-only trigger of 0001 is carried over and PostgreSQL clones it to every
partition. No-op on SQLite."""

from django.db import migrations

import kurultai.common.partitioning


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        kurultai.common.partitioning.PartitionTable("ledger_ledgerentry", "index", range_size=1_000_000, ahead=2)
    ]
