"""Fault test: a damaged 1,000-article WARC and a kill -9 in the middle of the run.

After ``--resume`` every good article is in the store exactly once (the resumed run codes only
what the killed run had not committed), and every bad record is listed once with its error.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
corpus = sys.modules.setdefault("bench_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]

N_ARTICLES = 1000
N_CORRUPT = 20
NO_ARTICLE_PAGE = "<html><body><nav><a href='/'>Home</a> | <a href='/x'>Sport</a></nav></body></html>"


def damaged_warc(path: Path) -> tuple[set[str], dict[str, str]]:
    """Write the WARC; return the good origins and {bad origin: kind of damage}."""
    rng = random.Random(7)
    articles = list(corpus.generate_articles(N_ARTICLES, seed=70, words=25, spread=0.2))
    corrupt = set(rng.sample(range(N_ARTICLES - 1), N_CORRUPT))
    good: set[str] = set()
    bad: dict[str, str] = {}
    with path.open("wb") as fh:
        fh.write(corpus.warcinfo_record())
        for i, article in enumerate(articles):
            origin = f"{path}@{fh.tell()}"
            if i in corrupt:
                kind = ("gzip", "header", "no-article")[len(bad) % 3]
                record = _damage(corpus.warc_record(article), kind, article)
                bad[origin] = kind
            elif i == N_ARTICLES - 1:
                record = corpus.warc_record(article)
                record = record[: len(record) // 2]  # the file ends inside the last record
                bad[origin] = "truncated"
            else:
                record = corpus.warc_record(article)
                good.add(origin)
            fh.write(record)
    return good, bad


def _damage(record: bytes, kind: str, article) -> bytes:
    if kind == "gzip":
        data = bytearray(record)
        middle = len(data) // 2
        data[middle : middle + 12] = b"\xff" * 12
        return bytes(data)
    if kind == "header":
        raw = gzip.decompress(record).replace(b"WARC/1.", b"WARQ/1.", 1)
        return gzip.compress(raw)
    return corpus.warc_record(article, html_text=NO_ARTICLE_PAGE)


def _live_processes_in_session(sid: int, wait: float = 10.0) -> list[str]:
    """Processes of the killed runner's session still alive (zombies awaiting reaping by init
    are dead); the workers die with their parent (PR_SET_PDEATHSIG)."""
    deadline = time.monotonic() + wait
    while True:
        ps = subprocess.run(["ps", "-o", "pid=,stat=", "-s", str(sid)], capture_output=True, text=True, check=False)
        live = [line for line in ps.stdout.splitlines() if line.split()[1][0] != "Z"]
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.2)


def store_rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def run_cmd(warc: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "from tidings.cli import main; main()", "run", str(warc),
            "--db", str(db), "-p", "2", "--batch-size", "16", "--commit-every", "64",
            "--no-progress", *extra]  # fmt: skip


def test_kill_9_mid_run_then_resume_codes_every_good_article_once(tmp_path: Path) -> None:
    warc = tmp_path / "CC-NEWS-fault.warc.gz"
    good, bad = damaged_warc(warc)
    assert len(good) == N_ARTICLES - N_CORRUPT - 1 and len(bad) == N_CORRUPT + 1
    db = tmp_path / "fault.duckdb"

    proc = subprocess.Popen(run_cmd(warc, db), stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # fmt: skip
    assert proc.stderr is not None
    killed = False
    for line in proc.stderr:
        if line.startswith("tidings run: committed"):
            committed = int(line.split()[3])
            if committed >= 250:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
    proc.wait(timeout=60)
    assert killed, "the run finished before it could be killed"
    assert _live_processes_in_session(proc.pid) == [], "workers outlived the killed runner"

    (before,) = store_rows(db, "SELECT count(*) FROM articles")[0]
    assert 250 <= before < len(good)

    resumed = subprocess.run(run_cmd(warc, db, "--resume", "--json"), check=False,
                             capture_output=True,
                             text=True, timeout=300)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert report["already_coded"] == before
    assert report["coded"] == len(good) - before  # nothing committed was coded again

    origins = [r[0] for r in store_rows(db, "SELECT origin FROM articles")]
    assert len(origins) == len(set(origins)) == len(good)
    assert set(origins) == good

    errors = store_rows(db, "SELECT origin, message FROM errors ORDER BY origin")
    assert len(errors) == len({o for o, _ in errors}) == len(bad)  # each listed once
    listed = dict(errors)
    assert set(listed) == set(bad)
    for origin, kind in bad.items():
        offset = origin.rsplit("@", 1)[1]
        message = listed[origin]
        if kind == "gzip":
            assert f"corrupt record at byte {offset}" in message and "inflate" in message
        elif kind == "header":
            assert "does not parse as WARC" in message
        elif kind == "no-article":
            assert "no article text found in HTML" in message
        else:
            assert f"truncated record at byte {offset}" in message
            # before it: the warcinfo record and 999 articles, less those that did not inflate
            readable = N_ARTICLES - sum(1 for k in bad.values() if k == "gzip")
            assert f"the {readable} records before it were read" in message
