"""Small helpers shared by the eval harnesses: P/R/F1 and printing a table or JSON."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field


@dataclass
class PRF:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.p, 4), "recall": round(self.r, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Report:
    """Rows of named metrics, printed as a rich table or dumped as JSON."""

    title: str
    rows: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def add(self, name: str, **metrics) -> None:
        self.rows.append({"name": name, **metrics})

    def emit(self, as_json: bool) -> None:
        if as_json:
            sys.stdout.write(json.dumps({"title": self.title, "rows": self.rows, **self.extra}, indent=1) + "\n")
            return
        from rich.console import Console
        from rich.table import Table

        cols = []
        for r in self.rows:
            for k in r:
                if k not in cols:
                    cols.append(k)
        t = Table(*cols, title=self.title)
        for r in self.rows:
            t.add_row(*[_fmt(r.get(c)) for c in cols])
        Console().print(t)
        for k, v in self.extra.items():
            Console().print(f"{k}: {v}")


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)
