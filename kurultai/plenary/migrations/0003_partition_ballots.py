"""On PostgreSQL, ballots are partitioned by HASH (vote_event_id) into 8 partitions
(docs/adr/0005-partitioning.md): every read and write of a vote's ballots names its vote, and the
unique (vote_event, deputy) pair includes the key. The open-vote trigger of 0002 is carried over
to the partitioned table. No-op on SQLite."""

from django.db import migrations

import kurultai.common.partitioning


class Migration(migrations.Migration):
    dependencies = [("plenary", "0002_immutable_results")]

    operations = [kurultai.common.partitioning.PartitionTable("plenary_ballot", "vote_event_id", partitions=8)]
