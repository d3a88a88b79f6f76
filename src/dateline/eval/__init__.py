"""Evaluation harnesses, one module per task. Each module defines ``cli(...)``, a typer
command that `dateline eval TASK` runs; ``TASKS`` lists them in the order shown."""

TASKS = ["attribution", "time", "places", "ner", "events", "crossdoc", "html"]
