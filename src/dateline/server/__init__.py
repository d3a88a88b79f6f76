"""``dateline serve``: HTTP API and web UI over a store (see app.py, docs/api.md)."""
