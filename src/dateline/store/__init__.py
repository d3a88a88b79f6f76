"""Storage: one interface (``Store``), backends behind it."""
from .base import EventQuery, Store, open_store

__all__ = ["EventQuery", "Store", "open_store"]
