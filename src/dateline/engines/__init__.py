"""Ways to run an ingest beyond one machine (``dateline ingest --engine ...``)."""
