"""The ``dateline`` command. It holds no extraction logic: it reads inputs, calls the
pipeline and the store, and prints.

Exit codes: 0 every input read (records may carry warnings in meta.warnings);
1 no input could be read; 2 usage error; 3 some inputs failed, the rest went through.
"""
from __future__ import annotations

import json
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console

from .readers import Article, Failure, iter_path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="dateline: news articles -> events, places, dates and who said what.")
eval_app = typer.Typer(no_args_is_help=True, help="Score a stage on a gold set.")
app.add_typer(eval_app, name="eval")

err = Console(stderr=True)
EXIT_OK, EXIT_ALL_FAILED, EXIT_USAGE, EXIT_SOME_FAILED = 0, 1, 2, 3
# `dateline serve` default: one server process per CPU, at most this many (each keeps its
# own ~135 MB of name index and response cache; on the 2-core bench machine 2 processes
# beat 1, 3 and 4 with bench/bench_serve.py, docs/api.md).
SERVE_MAX_WORKERS = 4


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def expand(paths: List[str]) -> Iterator[str]:
    """Files, folders (recursively) and globs -> file paths, sorted within each argument."""
    import glob

    for p in paths:
        if p == "-":
            yield p
        elif any(c in p for c in "*?["):
            yield from sorted(glob.glob(p, recursive=True))
        elif Path(p).is_dir():
            yield from sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            yield p


def read_all(paths: List[str], failures: list[Failure]) -> Iterator[Article]:
    for path in expand(paths):
        try:
            for item in iter_path(path):
                if isinstance(item, Failure):
                    failures.append(item)
                    err.print(f"[red]skipped[/red] {item.message}", highlight=False)
                else:
                    yield item
        except Exception as exc:  # one bad file never stops a batch
            failures.append(Failure(path, "error", f"{path}: {type(exc).__name__}: {exc}"))
            err.print(f"[red]skipped[/red] {path}: {type(exc).__name__}: {exc}", highlight=False)


def _exit_code(ok: int, failed: int) -> int:
    if failed and not ok:
        return EXIT_ALL_FAILED
    return EXIT_SOME_FAILED if failed else EXIT_OK


@app.command()
def extract(paths: List[str] = typer.Argument(..., help="files, folders or globs; '-' reads stdin"),
            format: Format = typer.Option(Format.json, "--format", "-f"),
            published: Optional[str] = typer.Option(None, help="anchor date (ISO) for relative dates")):
    """Extract records from articles and print them."""
    from .pipeline import process
    from .summary import summarise

    failures: list[Failure] = []
    records, n = [], 0
    out = sys.stdout
    for rec in process(read_all(paths, failures), published=published):
        n += 1
        if format == Format.jsonl:
            out.write(rec.to_json() + "\n")
        elif format == Format.text:
            Console().print(summarise(rec))
        else:
            records.append(rec.to_dict())
    if format == Format.json and records:
        data = records[0] if len(records) == 1 else records
        out.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    raise typer.Exit(_exit_code(n, len(failures)))


@app.command()
def ingest(paths: List[str] = typer.Argument(..., help="files, folders or globs: text, HTML, JSONL, RSS/Atom, "
                                                       "WARC, optionally gzip/bzip2/xz compressed"),
           db: str = typer.Option("dateline.db", "--db", help="SQLite file or postgresql:// address"),
           jobs: int = typer.Option(1, "--jobs", "-j", help="worker processes (each loads the pipeline once)"),
           link: bool = typer.Option(True, "--link/--no-link", help="link copies, entities and events at the end"),
           quiet: bool = typer.Option(False, "--quiet", "-q"),
           engine: str = typer.Option("local", "--engine", help="local (--jobs processes) or dask"),
           scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask: tcp://HOST:PORT of a cluster"),
           workers: int = typer.Option(2, "--workers", help="dask: workers of a local cluster (no --scheduler)"),
           parts: Optional[str] = typer.Option(None, "--parts", help="dask: folder of the Parquet partitions "
                                                                    "(default: DB.parts or ./dateline-parts)")):
    """Extract articles into a store; resumable: inputs and articles already stored are skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .ingest import Ingest, count_inputs
    from .store import open_store

    total = count_inputs(paths)
    with open_store(db) as store, Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                                           TimeElapsedColumn(), console=err, disable=quiet) as bar:
        task = bar.add_task("ingest", total=total)
        kw = dict(on_progress=lambda n: bar.advance(task, n),
                  log=lambda m: err.print(f"[red]{m}[/red]" if m.startswith("skipped") else m, highlight=False))
        if engine == "dask":
            from .engines.dask import DaskIngest, default_parts

            run = DaskIngest(store, scheduler=scheduler, workers=workers, parts=parts or default_parts(db), **kw)
        else:
            run = Ingest(store, jobs=jobs, **kw)
        stats = run.run(paths)
    with open_store(db) as store:
        if link:
            from .corpus import link_corpus

            t1 = time.perf_counter()
            ls = link_corpus(store)
            err.print(f"linked in {time.perf_counter() - t1:.1f}s: {ls['copies']} copies, "
                      f"{ls['canon_entities']} entities, {ls['clusters']} event clusters", highlight=False, soft_wrap=True)
        counts = store.counts()
    rate = stats.new / stats.seconds if stats.seconds else 0.0
    err.print(f"{stats.new} new, {stats.old} already stored ({stats.skipped_inputs} inputs done before), "
              f"{stats.failed} failed in {stats.seconds:.1f}s ({rate:.1f} articles/s); store holds "
              f"{counts['articles']} articles, {counts['events']} events", highlight=False, soft_wrap=True)
    raise typer.Exit(_exit_code(stats.new + stats.old + stats.skipped_inputs, stats.failed))


@app.command("link")
def link_cmd(db: str = typer.Option("dateline.db", "--db")):
    """Link copies, entities across articles and same-event clusters (run by ingest at its end)."""
    from .corpus import link_corpus
    from .store import open_store

    with open_store(db) as store:
        stats = link_corpus(store)
    err.print(json.dumps(stats), highlight=False)


query_app = typer.Typer(no_args_is_help=True, help="Query a store: events, quotes, timelines, search.")
app.add_typer(query_app, name="query")


class OutFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    parquet = "parquet"


def _emit(rows, kind: str, fmt: "OutFormat", output: Optional[str]) -> None:
    from .query import render

    if fmt == OutFormat.parquet and not output:
        err.print("--format parquet needs --output FILE")
        raise typer.Exit(EXIT_USAGE)
    render(rows, kind, fmt.value, path=output)


def _event_query(actor, recipient, participant, type, place, since, until, status, min_outlets, text, limit):
    from .store import EventQuery

    return EventQuery(actor=actor, recipient=recipient, participant=participant, type=type, place=place,
                      since=since, until=until, status=status, min_outlets=min_outlets, text=text, limit=limit)


_DB = typer.Option("dateline.db", "--db", help="SQLite file or postgresql:// address")
_FMT = typer.Option(OutFormat.table, "--format", "-f")
_OUT = typer.Option(None, "--output", "-o", help="write to a file (needed for parquet)")


@query_app.command("events")
def query_events(actor: Optional[str] = typer.Option(None, help="actor: name, alias or canonical id"),
                 recipient: Optional[str] = typer.Option(None),
                 participant: Optional[str] = typer.Option(None, help="actor or recipient"),
                 type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT"),
                 place: Optional[str] = typer.Option(None),
                 since: Optional[str] = typer.Option(None, help="ISO date, inclusive"),
                 until: Optional[str] = typer.Option(None, help="ISO date, inclusive"),
                 status: Optional[str] = typer.Option(None, help="asserted, reported, alleged, denied, ..."),
                 min_outlets: int = typer.Option(0, "--min-outlets", help="minimum independent outlets"),
                 text: Optional[str] = typer.Option(None, help="full-text query over the articles"),
                 limit: int = typer.Option(100), db: str = _DB, format: OutFormat = _FMT,
                 output: Optional[str] = _OUT):
    """Events (one per same-event cluster) with their corroboration."""
    from .store import open_store

    with open_store(db) as store:
        rows = store.events(_event_query(actor, recipient, participant, type, place, since, until, status,
                                         min_outlets, text, limit))
    _emit(rows, "events", format, output)


@query_app.command("event")
def query_event(cluster_id: str = typer.Argument(..., help="cluster id or a unique prefix"), db: str = _DB,
                format: OutFormat = _FMT, output: Optional[str] = _OUT):
    """One event cluster: its member reports, sources and disagreements."""
    from .store import open_store

    with open_store(db) as store:
        row = store.cluster(cluster_id)
    if row is None:
        err.print(f"no event cluster matches {cluster_id!r}")
        raise typer.Exit(EXIT_ALL_FAILED)
    if format == OutFormat.table:
        _emit([row], "events", format, None)
        _emit(row["members"], "members", format, None)
    else:
        _emit([row] if format != OutFormat.json else row, "events", format, output)


@query_app.command("quotes")
def query_quotes(speaker: Optional[str] = typer.Option(None, help="who said it: name, alias or canonical id"),
                 text: Optional[str] = typer.Option(None, help="full-text query over quote contents"),
                 limit: int = typer.Option(100), db: str = _DB, format: OutFormat = _FMT,
                 output: Optional[str] = _OUT):
    """Quotes and other attributions, by speaker and/or words."""
    from .store import open_store

    with open_store(db) as store:
        rows = store.quotes(speaker=speaker, text=text, limit=limit)
    _emit(rows, "quotes", format, output)


@query_app.command("timeline")
def query_timeline(entity: str = typer.Argument(..., help="name, alias or canonical id"),
                   limit: int = typer.Option(500), db: str = _DB, format: OutFormat = _FMT,
                   output: Optional[str] = _OUT):
    """An entity's timeline: the events it takes part in and what it said, oldest first."""
    from .store import open_store

    with open_store(db) as store:
        rows = store.timeline(entity, limit=limit)
    _emit(rows, "timeline", format, output)


@query_app.command("entities")
def query_entities(name: Optional[str] = typer.Argument(None), limit: int = typer.Option(50), db: str = _DB,
                   format: OutFormat = _FMT, output: Optional[str] = _OUT):
    """Canonical entities (linked across articles) matching a name, or the most reported."""
    from .store import open_store

    with open_store(db) as store:
        rows = store.entities(name, limit=limit)
    _emit(rows, "entities", format, output)


@query_app.command("search")
def query_search(text: str = typer.Argument(..., help="FTS5 query"), limit: int = typer.Option(20),
                 db: str = _DB, format: OutFormat = _FMT, output: Optional[str] = _OUT):
    """Full-text search over article titles and text."""
    from .store import open_store

    with open_store(db) as store:
        rows = store.search(text, limit=limit)
    _emit(rows, "search", format, output)


class ExportFormat(str, Enum):
    plover = "plover"
    polecat = "polecat"


@app.command("export")
def export_cmd(format: ExportFormat = typer.Option(ExportFormat.plover, "--format", "-f",
                                                   help="plover (JSON) or polecat (TSV)"),
               output: Optional[str] = typer.Option(None, "--output", "-o", help="file (default stdout)"),
               db: str = _DB,
               actor: Optional[str] = typer.Option(None), recipient: Optional[str] = typer.Option(None),
               type: Optional[str] = typer.Option(None, "--type"), place: Optional[str] = typer.Option(None),
               since: Optional[str] = typer.Option(None), until: Optional[str] = typer.Option(None),
               status: Optional[str] = typer.Option(None),
               min_outlets: int = typer.Option(0, "--min-outlets")):
    """Export events as PLOVER JSON or POLECAT-style TSV, with attribution fields added."""
    from .export import export
    from .store import open_store

    q = _event_query(actor, recipient, None, type, place, since, until, status, min_outlets, None, 10 ** 9)
    with open_store(db) as store:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = export(store, format.value, fh, q)
        else:
            n = export(store, format.value, sys.stdout, q)
    err.print(f"{n} events exported", highlight=False)


@app.command()
def show(article_id: str = typer.Argument(..., help="article id or a unique prefix of it"),
         db: str = typer.Option("dateline.db", "--db"),
         format: Format = typer.Option(Format.text, "--format", "-f")):
    """Show one stored article's record."""
    from .record import Record
    from .store import open_store
    from .summary import summarise

    with open_store(db) as store:
        ids = store.find(article_id)
        if len(ids) != 1:
            err.print(f"{'no' if not ids else 'several'} stored articles match {article_id!r}")
            raise typer.Exit(EXIT_ALL_FAILED)
        rec = store.get(ids[0])
    if format == Format.text:
        Console().print(summarise(Record.model_validate(rec)))
    else:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=1 if format == Format.json else None) + "\n")


@app.command()
def demo(db: str = typer.Option("dateline.db", "--db"),
         seed: Optional[str] = typer.Option(None, help="the seed article (default ../shared/seed/*.txt if present)")):
    """The main job of `make run`: ingest the sample articles, link them, print what was found."""
    from rich.table import Table

    from .corpus import link_corpus
    from .pipeline import process
    from .store import open_store
    from .summary import summarise

    here = Path(__file__).resolve().parents[2]
    inputs = sorted(str(p) for p in (here / "examples").rglob("*")
                    if p.is_file() and p.suffix in {".txt", ".html", ".jsonl"})
    seeds = [seed] if seed else sorted(str(p) for p in (here.parent / "shared" / "seed").glob("*.txt"))
    failures: list[Failure] = []
    console = Console()
    with open_store(db) as store:
        for rec in process(read_all(seeds + inputs, failures)):
            store.put(rec)
            console.print(summarise(rec))
        link_corpus(store)
        shared = store.events(min_outlets=2)
        counts = store.counts()
    if shared:
        t = Table("event", "who", "where", "when", "articles", "outlets", "original sources",
                  title="Events reported by more than one outlet", expand=True)
        for c in shared:
            srcs = ", ".join(sorted({s["source"] for s in c["corroboration"]["sources"]}))
            t.add_row(c["type"], ", ".join(c["actors"] + c["recipients"]), c["location"] or "",
                      c["date"] or "", str(c["articles"]), str(c["outlets"]), srcs)
        console.print(t)
    err.print(f"{db}: {counts['articles']} articles, {counts['entities']} entities, "
              f"{counts['attributions']} attributions, {counts['events']} events", highlight=False)


@app.command()
def serve(db: str = typer.Option("dateline.db", "--db", help="the store `dateline ingest` built"),
          host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000, help="port to listen on"),
          token: Optional[str] = typer.Option(None, "--token", envvar="DATELINE_TOKEN",
                                              help="bearer token that allows POST /api/articles (else writes are off)"),
          max_body: int = typer.Option(2 * 1024 * 1024, "--max-body", help="largest request body in bytes (413 over)"),
          workers: int = typer.Option(0, help="server processes (0: one per CPU, at most SERVE_MAX_WORKERS)"),
          cache: bool = typer.Option(True, "--cache/--no-cache", help="cache responses of the read routes"),
          log_level: str = typer.Option("info", "--log-level")):
    """Serve the HTTP API (/api, OpenAPI at /api/openapi.json) and the web UI (/) over a store."""
    import os

    import uvicorn

    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        err.print(f"no store at {db} (build one with `dateline ingest --db {db} FILES`)")
        raise typer.Exit(EXIT_USAGE)
    os.environ["DATELINE_DB"] = db
    os.environ["DATELINE_MAX_BODY"] = str(max_body)
    os.environ["DATELINE_CACHE"] = "1" if cache else "0"
    if token:
        os.environ["DATELINE_TOKEN"] = token
    if workers <= 0:
        workers = max(1, min(len(os.sched_getaffinity(0)), SERVE_MAX_WORKERS))
    err.print(f"dateline serving {db} on http://{host}:{port}/ (OpenAPI /api/openapi.json; writes "
              f"{'on' if token else 'off'}; {workers} worker{'s' if workers > 1 else ''})", highlight=False)
    uvicorn.run("dateline.server.app:from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=False)


def _register_evals() -> None:
    """`dateline eval TASK`: each module in dateline.eval that defines ``cli`` is a task."""
    import importlib

    from .eval import TASKS

    for task in TASKS:
        try:
            mod = importlib.import_module(f".eval.{task}", __package__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("dateline.eval"):
                continue
            raise
        if hasattr(mod, "cli"):
            eval_app.command(task)(mod.cli)


_register_evals()


def main():  # pragma: no cover
    app()


if __name__ == "__main__":
    main()
