"""Reading articles: what goes in, what comes out, and what a bad document turns into."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
from pathlib import Path

import pytest

from tidings.paths import PACKAGE_DIR, seed_dir
from tidings.records import Article, SourceError
from tidings.sources import (
    READERS,
    article_from_text,
    read_sources,
    reader_for,
    register_reader,
)
from tidings.sources.text import parse_text

SAMPLES = PACKAGE_DIR / "samples"
SEED = seed_dir() / "000_efc33bd0dc2ac6e5.txt"

BODY = (
    "GENEVA — Negotiators returned to the table on Friday, officials said.\n\n"
    '"We are here to stay," said the envoy. She said talks would go on next week.\n'
)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read_all(*paths: object, **kwargs: object) -> list[Article | SourceError]:
    return list(read_sources(list(paths), **kwargs))  # type: ignore[arg-type]


def only(records: list[Article | SourceError]) -> Article | SourceError:
    assert len(records) == 1, records
    return records[0]


# --- plain text -----------------------------------------------------------------------------


def test_text_header_fills_metadata_and_is_stripped_from_the_body(tmp_path: Path) -> None:
    header = (
        "date 2025-08-08\noutlet: The Harbour Post\nurl: https://hp.example/a\n"
        "title: Talks resume\n\n"
    )
    article = only(read_all(write(tmp_path / "a.txt", header + BODY)))
    assert isinstance(article, Article)
    assert article.published == dt.date(2025, 8, 8)
    assert article.outlet == "The Harbour Post"
    assert article.url == "https://hp.example/a"
    assert article.title == "Talks resume"
    assert article.text == BODY  # verbatim: offsets into it are evidence
    assert article.origin == str(tmp_path / "a.txt")


def test_text_without_header_is_read_whole(tmp_path: Path) -> None:
    article = only(read_all(write(tmp_path / "plain.txt", BODY)))
    assert isinstance(article, Article)
    assert article.text == BODY
    assert article.published is None and article.outlet is None


def test_date_line_with_leading_space_and_body_on_the_same_line() -> None:
    article = parse_text(" date 2025-08-08 The envoy arrived on Friday.\n\nMore text.\n")
    assert article.published == dt.date(2025, 8, 8)
    assert article.text == "The envoy arrived on Friday.\n\nMore text.\n"


def test_header_keys_any_order_and_colon_date() -> None:
    article = parse_text("Outlet: Meridian Wire\n\nDate: 2024-05-14\n\nBody here.")
    assert (article.outlet, article.published, article.text) == (
        "Meridian Wire",
        dt.date(2024, 5, 14),
        "Body here.",
    )


def test_only_the_top_of_the_file_is_a_header() -> None:
    text = "The minister spoke.\ntitle: not a header\n"
    article = parse_text(text)
    assert article.title is None and article.text == text


def test_bad_header_date_names_the_line(tmp_path: Path) -> None:
    error = only(read_all(write(tmp_path / "a.txt", "outlet: X\ndate: 2025-13-45\n\nBody.")))
    assert isinstance(error, SourceError)
    assert "line 2" in error.message and "date YYYY-MM-DD" in error.message


def test_header_without_body_is_an_error(tmp_path: Path) -> None:
    error = only(read_all(write(tmp_path / "a.txt", "date 2025-08-08\noutlet: X\n")))
    assert isinstance(error, SourceError) and "no article text" in error.message


def test_seed_article_reads_with_its_date_and_without_its_header() -> None:
    if not SEED.exists():
        pytest.skip("shared seed folder not available")
    article = only(read_all(SEED))
    assert isinstance(article, Article)
    assert article.published == dt.date(2025, 8, 8)
    raw = SEED.read_text(encoding="utf-8")
    first_line = raw.splitlines()[0]
    assert not article.text.startswith((" ", "date"))
    assert "date 2025-08-08" not in article.text
    # the body is the file less its header, character for character
    assert raw.endswith(article.text)
    assert first_line.split(maxsplit=2)[2].startswith(article.text.split("\n", 1)[0])
    assert article.text.split()[:3] == first_line.split()[2:5]


def test_samples_are_dated_and_attributed() -> None:
    records = read_all(SAMPLES)
    assert 4 <= len(records) <= 6
    for article in records:
        assert isinstance(article, Article), article
        assert article.published is not None and article.outlet and article.title
        assert 150 <= len(article.text.split()) <= 350
        assert '"' in article.text and "said" in article.text


# --- bad input ------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    for name, content in [("empty.txt", b""), ("blank.txt", b"  \n\n\t\n"), ("e.html", b"")]:
        error = only(read_all(write(tmp_path / name, content)))
        assert isinstance(error, SourceError) and error.message == "empty file"


def test_binary_file_is_refused(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    for name in ("image.txt", "noext", "page.html"):
        error = only(read_all(write(tmp_path / name, png)))
        assert isinstance(error, SourceError)
        assert error.message == "binary file, not text"


def test_legacy_encoding_is_decoded_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = "date 2024-01-05\n\nLe ministre a déclaré: « Nous négocierons » — selon l'AFP.\n"
    path = write(tmp_path / "latin.txt", text.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="tidings.sources"):
        article = only(read_all(path))
    assert isinstance(article, Article)
    assert article.text == text.split("\n\n", 1)[1]
    assert "Windows-1252" in caplog.text


def test_mostly_utf8_with_a_broken_byte_keeps_utf8(tmp_path: Path) -> None:
    data = "Négociations à Genève — « reprise » lundi.".encode() + b" caf\xe9.\n"
    article = only(read_all(write(tmp_path / "mixed.txt", data)))
    assert isinstance(article, Article)
    assert article.text.startswith("Négociations à Genève — « reprise »")
    assert "\ufffd" in article.text


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = write(tmp_path / "u16.txt", ("date 2024-01-05\n\n" + BODY).encode("utf-16"))
    article = only(read_all(path))
    assert isinstance(article, Article) and article.text == BODY


def test_file_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(20_000_000)  # sparse: 20 MB without writing them
    error = only(read_all(big))
    assert isinstance(error, SourceError)
    assert error.message == "file is 20.0 MB, over the 10 MB limit (--max-bytes)"
    small = write(tmp_path / "small.txt", BODY)
    assert isinstance(only(read_all(small, max_bytes=10)), SourceError)
    assert isinstance(only(read_all(small, max_bytes=None)), Article)


def test_missing_path(tmp_path: Path) -> None:
    error = only(read_all(tmp_path / "nope.txt"))
    assert isinstance(error, SourceError)
    assert error.origin == str(tmp_path / "nope.txt")
    assert "no such file" in error.message and "check the path" in error.message


def test_unsupported_file_named_explicitly(tmp_path: Path) -> None:
    error = only(read_all(write(tmp_path / "report.pdf", b"%PDF-1.7")))
    assert isinstance(error, SourceError)
    assert "unsupported file type '.pdf'" in error.message and ".txt" in error.message


def test_single_path_is_accepted_without_a_list(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BODY)
    assert [r.text for r in read_sources(str(path))] == [BODY]  # type: ignore[union-attr]
    assert [r.text for r in read_sources(path)] == [BODY]  # type: ignore[union-attr]


# --- batches and folders --------------------------------------------------------------------


def test_bad_files_do_not_stop_good_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    write(corpus / "a_good.txt", "date 2024-02-01\n\nFirst article.")
    write(corpus / "b_empty.txt", b"")
    write(corpus / "c_binary.txt", b"\x00\x01\x02" * 50)
    write(corpus / "sub" / "d_good.txt", "Second article.")
    write(corpus / "e_notes.md", "not an article type: skipped in a folder walk")
    write(corpus / ".hidden.txt", "hidden files are skipped")
    write(corpus / "f_feed.jsonl", '{"text": "Third article."}\n{broken\n')

    records = read_all(corpus, tmp_path / "missing.txt")
    kinds = [(type(r).__name__, Path(r.origin or "").name) for r in records]
    assert kinds == [
        ("Article", "a_good.txt"),
        ("SourceError", "b_empty.txt"),
        ("SourceError", "c_binary.txt"),
        ("Article", "f_feed.jsonl:1"),
        ("SourceError", "f_feed.jsonl:2"),
        ("Article", "d_good.txt"),  # folders and files interleave in name order
        ("SourceError", "missing.txt"),
    ]
    texts = [r.text for r in records if isinstance(r, Article)]
    assert texts == ["First article.", "Third article.", "Second article."]


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    write(tmp_path / "notes.md", "x")
    error = only(read_all(tmp_path))
    assert isinstance(error, SourceError) and "no readable files" in error.message


def test_read_sources_streams(tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path / f"{i}.txt", f"Article {i}.")
    stream = read_sources([tmp_path])
    first = next(stream)
    assert isinstance(first, Article) and first.text == "Article 0."


def test_gzip_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "Compressed article."}) + "\n")
    article = only(read_all(path))
    assert isinstance(article, Article) and article.text == "Compressed article."


def test_registry_dispatch_and_plugins(tmp_path: Path) -> None:
    assert reader_for(Path("a.TXT")) is READERS[".txt"]
    assert reader_for(Path("README")) is READERS[""]
    assert reader_for(Path("report.2025")) is READERS[""]
    assert reader_for(Path("x.ndjson.gz")) is READERS[".jsonl"]
    assert reader_for(Path("x.pdf")) is None

    def read_fake(path: Path, max_bytes: int | None):  # type: ignore[no-untyped-def]
        yield Article(text=path.read_text(), origin=str(path))
        raise RuntimeError("reader bug")

    register_reader("fake", read_fake)
    try:
        records = read_all(
            write(tmp_path / "x.fake", "Plugged in."), write(tmp_path / "y.txt", "After.")
        )
    finally:
        del READERS[".fake"]
    assert isinstance(records[0], Article) and records[0].text == "Plugged in."
    assert isinstance(records[1], SourceError) and "RuntimeError" in records[1].message
    assert isinstance(records[2], Article) and records[2].text == "After."


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_fields_and_a_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "hp-1",
                "url": "https://hp.example/1",
                "outlet": "The Harbour Post",
                "published": "2025-08-08T23:30:00-05:00",
                "title": "Talks",
                "text": BODY,
            }
        ),
        "",
        '{"text": "unterminated',
        json.dumps({"published": "2025-08-09"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Dated.", "published": "08/09/2025"}),
        json.dumps({"text": "Only text."}),
        json.dumps({"text": "RSS date.", "published": "Fri, 08 Aug 2025 14:03:00 GMT"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    records = read_all(path)
    assert [type(r).__name__ for r in records] == [
        "Article",
        "SourceError",
        "SourceError",
        "SourceError",
        "SourceError",
        "Article",
        "Article",
    ]
    first = records[0]
    assert isinstance(first, Article)
    assert first.id == "hp-1" and first.text == BODY and first.outlet == "The Harbour Post"
    assert first.published == dt.date(2025, 8, 8)  # the publisher's own calendar day
    assert first.origin == f"{path}:1"
    errors = [r for r in records if isinstance(r, SourceError)]
    assert [e.origin for e in errors] == [f"{path}:{n}" for n in (3, 4, 5, 6)]
    assert "line 3: invalid JSON" in errors[0].message
    assert 'no "text" field' in errors[1].message
    assert "JSON object" in errors[2].message
    assert "YYYY-MM-DD" in errors[3].message
    only_text = records[5]
    assert isinstance(only_text, Article) and only_text.id and only_text.published is None
    assert records[6].published == dt.date(2025, 8, 8)  # type: ignore[union-attr]


def test_jsonl_record_over_the_limit_is_skipped(tmp_path: Path) -> None:
    long_line = json.dumps({"text": "x" * 5000})
    path = write(tmp_path / "f.ndjson", long_line + "\n" + json.dumps({"text": "ok"}) + "\n")
    records = read_all(path, max_bytes=1000)
    assert isinstance(records[0], SourceError) and "line 1: line is 5.0 KB" in records[0].message
    assert isinstance(records[1], Article) and records[1].text == "ok"


def test_jsonl_empty_and_binary(tmp_path: Path) -> None:
    assert only(read_all(write(tmp_path / "e.jsonl", "\n\n"))).message == "empty file"  # type: ignore[union-attr]
    error = only(read_all(write(tmp_path / "b.jsonl", gzip.compress(b'{"text": "x"}\n'))))
    assert isinstance(error, SourceError) and error.message.startswith("binary file, not text")


# --- HTML -----------------------------------------------------------------------------------

ARTICLE_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Talks collapse over border dispute | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:title" content="Talks collapse over border dispute">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<link rel="canonical" href="https://ledger.example/2024/03/05/talks">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>Talks collapse over border dispute</h1>
<p>Negotiators from the two governments left the capital on Tuesday without an agreement,
officials said, after three days of talks on the disputed border.</p>
<p>"We came in good faith and we leave with nothing," said the head of one delegation.
She said her government would not return to the table before the summer.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Floods hit the north</a></li></ul></aside>
<footer><p>Copyright 2024 The Daily Ledger. All rights reserved.</p></footer>
</body></html>
"""

BOILERPLATE_PAGE = """<html><head><title>Home</title></head><body>
<div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport</a></li></ul></div>
<div class="cookie">We use cookies to improve your experience.</div>
<footer>Copyright 2024 | Privacy | Terms</footer>
</body></html>
"""


def test_html_article_page(tmp_path: Path) -> None:
    article = only(read_all(write(tmp_path / "page.html", ARTICLE_PAGE)))
    assert isinstance(article, Article)
    assert "left the capital on Tuesday without an agreement" in article.text
    assert "We came in good faith" in article.text
    assert "Copyright" not in article.text and "Most read" not in article.text
    assert article.published == dt.date(2024, 3, 5)
    assert article.title == "Talks collapse over border dispute"
    assert article.outlet == "The Daily Ledger"
    assert article.url == "https://ledger.example/2024/03/05/talks"


def test_html_boilerplate_only_page(tmp_path: Path) -> None:
    error = only(read_all(write(tmp_path / "home.htm", BOILERPLATE_PAGE)))
    assert isinstance(error, SourceError)
    assert error.message == "no article text found in HTML (boilerplate only?)"


def test_html_without_date_is_not_dated_from_the_copyright_line(tmp_path: Path) -> None:
    page = ARTICLE_PAGE.replace(
        '<meta property="article:published_time" content="2024-03-05T09:30:00Z">', ""
    ).replace("/2024/03/05/", "/world/")
    article = only(read_all(write(tmp_path / "page.html", page)))
    assert isinstance(article, Article) and article.published is None


# --- Python API -----------------------------------------------------------------------------


def test_article_from_text() -> None:
    article = article_from_text(BODY, published="2025-08-08", outlet="Wire", id="w-1")
    assert article.text == BODY and article.published == dt.date(2025, 8, 8)
    assert (article.outlet, article.id) == ("Wire", "w-1")
    dated = article_from_text("x", published=dt.date(2024, 1, 2))
    assert dated.published == dt.date(2024, 1, 2) and len(dated.id) == 16
    assert article_from_text(" x ").id == article_from_text("x").id  # stable text-hash id
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        article_from_text("x", published="last Friday")
    with pytest.raises(ValueError, match="empty"):
        article_from_text("  ")
