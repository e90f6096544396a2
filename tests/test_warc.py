"""WARC / WARC.gz reading: CC-NEWS records become articles; damage becomes located errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import importlib.util
import io
import sys
from pathlib import Path

from tidings.records import Article, SourceError
from tidings.sources import read_sources, reader_for
from tidings.sources.warc import outlet_from_url, read_warc_file

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
corpus = sys.modules.setdefault("bench_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]


def articles(n: int, seed: int = 11):
    return list(corpus.generate_articles(n, seed=seed, words=60))


def test_cc_news_records_become_articles_with_url_outlet_and_date(tmp_path: Path) -> None:
    gen = articles(3)
    path = tmp_path / "CC-NEWS-test.warc.gz"
    offsets = corpus.write_warc(path, gen)
    read = list(read_sources([path]))
    assert [type(r) for r in read] == [Article] * 3
    for article, source, offset in zip(read, gen, offsets, strict=True):
        assert article.url == source.url
        assert article.outlet == source.host  # from the host, www. dropped
        assert article.published == source.published  # page markup
        assert article.origin == f"{path}@{offset}"
        assert "(Report 11-" in article.text and "Home" not in article.text


def test_plain_warc_is_read_too_and_suffixes_are_registered(tmp_path: Path) -> None:
    gen = articles(2)
    gz = tmp_path / "a.warc.gz"
    corpus.write_warc(gz, gen)
    plain = tmp_path / "a.warc"
    plain.write_bytes(_gunzip_members(gz.read_bytes()))
    assert reader_for(plain) is reader_for(gz) is read_warc_file
    read = list(read_sources([plain]))
    assert [a.url for a in read] == [g.url for g in gen]


def _gunzip_members(data: bytes) -> bytes:
    return gzip.GzipFile(fileobj=io.BytesIO(data)).read()


def test_warc_date_is_the_fallback_publication_date(tmp_path: Path) -> None:
    gen = dataclasses.replace(articles(1)[0], url="https://www.meridian.example/story-1")
    page = corpus.article_html(gen).replace("article:published_time", "x-no-date")
    path = tmp_path / "nodate.warc.gz"
    path.write_bytes(corpus.warc_record(gen, html_text=page))
    (article,) = read_sources([path])
    assert isinstance(article, Article)
    # no date in the page or its URL; write_warc stamps WARC-Date 20 hours after 06:30 on the publication day: the next day
    assert article.published == gen.published + dt.timedelta(days=1)


def test_non_html_and_info_records_are_passed_over_silently(tmp_path: Path) -> None:
    gen = articles(2)
    path = tmp_path / "mixed.warc.gz"
    with path.open("wb") as fh:
        fh.write(corpus.warcinfo_record())
        fh.write(corpus.warc_record(gen[0], html_text="%PDF-1.4 binary", content_type="application/pdf"))
        fh.write(corpus.warc_record(gen[1]))
    read = list(read_sources([path]))
    assert [type(r) for r in read] == [Article]


def test_corrupt_record_is_reported_with_offset_and_the_rest_is_read(tmp_path: Path) -> None:
    gen = articles(5)
    records = [corpus.warc_record(a) for a in gen]
    bad = bytearray(records[2])
    middle = len(bad) // 2
    bad[middle : middle + 8] = b"\x00garbage"
    records[2] = bytes(bad)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(b"".join(records))
    offset = len(records[0]) + len(records[1])
    read = list(read_sources([path]))
    errors = [r for r in read if isinstance(r, SourceError)]
    assert [a.url for a in read if isinstance(a, Article)] == [gen[i].url for i in (0, 1, 3, 4)]
    assert len(errors) == 1
    assert errors[0].origin == f"{path}@{offset}"
    assert f"corrupt record at byte {offset} (record 3)" in errors[0].message
    assert f"reading resumes at byte {offset + len(records[2])}" in errors[0].message


def test_bad_warc_header_inside_a_good_gzip_member_is_an_error(tmp_path: Path) -> None:
    gen = articles(2)
    raw = _gunzip_members(corpus.warc_record(gen[0])).replace(b"WARC/1.", b"WXRC/1.", 1)
    path = tmp_path / "header.warc.gz"
    path.write_bytes(gzip.compress(raw) + corpus.warc_record(gen[1]))
    read = list(read_sources([path]))
    assert isinstance(read[0], SourceError) and "does not parse as WARC" in read[0].message
    assert isinstance(read[1], Article) and read[1].url == gen[1].url


def test_truncated_file_says_where_and_how_many_records_came_before(tmp_path: Path) -> None:
    gen = articles(4)
    records = [corpus.warc_record(a) for a in gen]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(records[:3]) + records[3][: len(records[3]) // 2])
    read = list(read_sources([path]))
    assert [type(r) for r in read] == [Article, Article, Article, SourceError]
    offset = sum(len(r) for r in records[:3])
    assert read[-1].message == (
        f"cannot read {path}: truncated record at byte {offset} (record 4; the file ends inside"
        " it); the 3 records before it were read"
    )


def test_plain_warc_with_a_wrong_content_length_resyncs(tmp_path: Path) -> None:
    gen = articles(3)
    raws = [_gunzip_members(corpus.warc_record(a)) for a in gen]
    raws[1] = raws[1].replace(b"Content-Length: ", b"Content-Length: 9", 1)  # far too long
    path = tmp_path / "len.warc"
    path.write_bytes(b"".join(raws))
    read = list(read_sources([path]))
    urls = [a.url for a in read if isinstance(a, Article)]
    assert urls == [gen[0].url, gen[2].url]
    assert any(isinstance(r, SourceError) and f"@{len(raws[0])}" in r.origin for r in read)


def test_empty_and_non_warc_files(tmp_path: Path) -> None:
    empty = tmp_path / "e.warc.gz"
    empty.write_bytes(b"")
    junk = tmp_path / "j.warc"
    junk.write_bytes(b"hello, this is not a WARC file\n" * 3)
    (e,) = read_sources([empty])
    assert isinstance(e, SourceError) and e.message == "empty file"
    (j,) = read_sources([junk])
    assert isinstance(j, SourceError) and "no readable record follows" in j.message


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.Example.co.uk/a/b") == "example.co.uk"
    assert outlet_from_url("http://news.example.org") == "news.example.org"
    assert outlet_from_url(None) is None
