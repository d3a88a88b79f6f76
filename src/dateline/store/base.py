"""The store interface: every backend (SQLite, PostgreSQL) implements ``Store``.

The CLI, the corpus layer and the server talk to a ``Store`` only. ``open_store``
picks the backend from the address: a file path (or ``sqlite:///path``) is SQLite,
``postgresql://...`` is PostgreSQL.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterable, Iterator

from ..record import Record


class Store(ABC):
    @abstractmethod
    def put(self, record: Record) -> bool:
        """Store one record atomically; False when the article was already stored."""

    @abstractmethod
    def has(self, article_id: str) -> bool: ...

    @abstractmethod
    def get(self, article_id: str) -> dict | None:
        """The stored record as a dict, or None."""

    @abstractmethod
    def find(self, prefix: str) -> list[str]:
        """Article ids starting with ``prefix`` (for short ids on the command line)."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Rows per table."""

    @abstractmethod
    def log_failure(self, location: str, reason: str, message: str) -> None: ...

    @abstractmethod
    def iter_records(self) -> Iterator[dict]: ...

    def put_many(self, records: Iterable[Record]) -> tuple[int, int]:
        new = old = 0
        for r in records:
            if self.put(r):
                new += 1
            else:
                old += 1
        return new, old

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(address: str) -> Store:
    if address.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # noqa: WPS433 - optional backend

        return PostgresStore(address)
    from .sqlite import SQLiteStore

    path = address[len("sqlite:///"):] if address.startswith("sqlite:///") else address
    return SQLiteStore(path)
