"""The signing desk: group commit for petition signatures (ADR 0004), on the ledger's desk.

``kurultai.ledger.desk`` holds the mechanism (leaders and followers, one transaction per batch);
the signatures' own batch commit, one INSERT for many rows, is ``services.sign_many``.
"""

from __future__ import annotations

from kurultai.ledger.desk import MAX_BATCH, GroupCommitDesk, Job, Record, Write, commit_batch, settle

SigningDesk = GroupCommitDesk

__all__ = ["MAX_BATCH", "Job", "Record", "SigningDesk", "Write", "commit_batch", "settle"]
