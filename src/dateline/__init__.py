"""dateline: news articles -> a database of facts that keep their provenance.

    >>> import dateline
    >>> rec = dateline.extract_text("Kim Jong Un met Sergei Shoigu in Pyongyang, KCNA said.")
    >>> rec.entities[0].name
    'Kim Jong Un'
"""
from .pipeline import extract_text, load_pipeline, process
from .readers import Article, iter_path
from .record import Record
from .store import Store, open_store

__all__ = ["Article", "Record", "Store", "extract_text", "iter_path", "load_pipeline", "open_store",
           "process"]
__version__ = "0.1.0"
