"""On PostgreSQL, petition signatures are partitioned by HASH (petition_id) into 16 partitions
(docs/adr/0005-partitioning.md). The unique (petition, citizen) pair includes the key, so it and
the batch insert's ON CONFLICT (petition_id, citizen_id) stay as they are. No-op on SQLite."""

from django.db import migrations

import kurultai.common.partitioning


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [kurultai.common.partitioning.PartitionTable("participation_signature", "petition_id", partitions=16)]
