"""Idempotency-Key for API writes: a retried POST gets the first answer and never writes twice."""
