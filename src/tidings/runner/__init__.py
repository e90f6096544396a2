"""Runners: the same coder over many articles, on one machine's cores or on a cluster.

* :mod:`.local` — ``tidings run``: every core of one machine, one writer, resumable.
* :mod:`.worker` — what a worker process does with a chunk of articles (shared by both).
* :mod:`.progress` — the progress display (rich bar on a terminal, plain lines otherwise).
* :mod:`.cluster` — Ray Data over a sharded corpus, writing Parquet (optional extra ``cluster``).
"""

from tidings.runner.local import RunOptions, RunReport, run_local

__all__ = ["RunOptions", "RunReport", "run_local"]
