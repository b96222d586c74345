"""Readers: every input format, metadata order, and every kind of bad input as a Failure."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsevents.acquire.decode import MAX_FILE_BYTES
from newsevents.acquire.readers import read_paths
from newsevents.records import Failure, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
PAGE = (FIXTURES / "page.html").read_text(encoding="utf-8")


def read(*paths: Path, **options) -> list[RawDocument | Failure]:
    return list(read_paths(list(paths), **options))


def only_docs(items) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def only_failures(items) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


# ------------------------------------------------------------------ formats


def test_directory_is_read_recursively_in_sorted_order_and_skips_others(tmp_path, caplog):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Title Z\n\nBody of z.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Title A\n\nBody of a.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"source": "Side"}', encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    with caplog.at_level(logging.WARNING):
        items = read(tmp_path)
    assert [Path(item.origin.path).name for item in items] == ["a.txt", "z.txt"]
    assert all(isinstance(item, RawDocument) for item in items)
    assert "photo.png" in caplog.text
    assert "a.meta.json" not in caplog.text


def test_text_dump_is_one_raw_document_without_position():
    (raw,) = read(FIXTURES / "dump_two.txt")
    assert raw.origin.index is None
    assert raw.content.startswith("Flooding Cuts Road Links")


def test_html_page_gives_text_metadata_and_figcaptions():
    (raw,) = read(FIXTURES / "page.html")
    assert raw.origin.index == 0
    assert raw.title == "Council approves new tram line after long debate"
    assert raw.byline == "Ines Carvalho"
    assert raw.source == "Riverside Courier"
    assert raw.url == "https://riverside-courier.example/city/2025/06/18/tram-line"
    assert raw.published == "2025-06-18"
    assert [c.text for c in raw.captions] == [
        "A tram waits at the Riverside depot. (Courier Photo/Luis Brandao)"
    ]
    assert "\n\n" in raw.content
    assert "All rights reserved" not in raw.content
    assert "Riverside depot" not in raw.content


def test_title_suffix_is_stripped_when_only_the_title_tag_names_the_page(tmp_path):
    page = PAGE.replace(
        '<meta property="og:title" content="Council approves new tram line after long debate">', ""
    )
    page = page.replace("<h1>Council approves new tram line after long debate</h1>", "")
    path = tmp_path / "p.htm"
    path.write_text(page, encoding="utf-8")
    (raw,) = read(path)
    assert raw.title == "Council approves new tram line after long debate"


def test_feed_entries_use_content_over_summary_and_keep_paragraphs():
    first, second = read(FIXTURES / "feed.xml")
    assert (first.origin.index, second.origin.index) == (0, 1)
    assert first.title == "Farmers protest water cuts outside ministry"
    assert first.source == "Valley Gazette"
    assert first.published == "2025-05-12"
    assert first.url == "https://valley-gazette.example/2025/05/12/farmers-protest"
    assert "Short summary" not in first.content
    assert first.content.count("\n\n") == 1
    assert second.content.startswith("The central library reopened")


def test_jsonl_fields_and_line_numbers_count_blank_lines():
    items = read(FIXTURES / "wire.jsonl")
    assert [item.origin.index for item in items] == [0, 2, 3]
    first = items[0]
    assert (first.title, first.source, first.url) == (
        "Ferry service resumes after storm",
        "Coastal Wire",
        "https://wire.example/1",
    )
    assert first.published == "2025-02-03"
    html_record = items[1]
    assert html_record.title == "Mayor opens new clinic"
    assert html_record.captions and "<p>" not in html_record.content


def _warc(path: Path, pages: list[tuple[str, str, str]], gzipped: bool) -> None:
    """Write a WARC with one request record and the given (url, content type, body) responses."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        request = writer.create_warc_record(
            "https://site.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        for url, content_type, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.0"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body.encode("utf-8")),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2025-07-01T12:00:00Z"},
            )
            writer.write_record(record)


def _page_without_meta() -> str:
    return PAGE.replace(
        '<link rel="canonical" href="https://riverside-courier.example/city/2025/06/18/tram-line">',
        "",
    ).replace('<meta property="article:published_time" content="2025-06-18T09:30:00+02:00">', "")


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_html_responses_are_documents(tmp_path, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    _warc(
        path,
        [
            ("https://site.example/style.css", "text/css", "body { color: red }"),
            ("https://site.example/a", "text/html; charset=utf-8", PAGE),
            ("https://site.example/b", "text/html", _page_without_meta()),
        ],
        gzipped,
    )
    items = read(path)
    assert [item.origin.index for item in items] == [0, 1]
    assert all(isinstance(item, RawDocument) for item in items)
    assert items[0].url == "https://riverside-courier.example/city/2025/06/18/tram-line"
    assert items[0].published == "2025-06-18"  # the page's own date beats the fetch date
    assert items[1].url == "https://site.example/b"  # WARC-Target-URI fills the gap
    assert items[1].published == "2025-07-01"  # WARC-Date fills the gap


def test_truncated_warc_gz_yields_records_read_then_a_failure(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    pages = [(f"https://site.example/{n}", "text/html", PAGE) for n in range(3)]
    _warc(whole, pages, gzipped=True)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = read(cut)
    docs, failures = only_docs(items), only_failures(items)
    assert len(docs) >= 1
    assert len(failures) == 1 and failures[0].reason.startswith("truncated WARC")
    assert failures[0].stage == "acquire"
    assert items[-1] is failures[0]


# ------------------------------------------------------------------ metadata order


def test_sidecar_fills_what_the_text_lacks_and_beats_the_cli_option():
    (raw,) = read(FIXTURES / "dump_two.txt", source="CLI Outlet", published="2020-01-01")
    assert raw.source == "The Northern Ledger"
    assert raw.published == "2025-10-04"


def test_cli_option_fills_when_container_and_sidecar_are_silent(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("A Title\n\nA body paragraph.\n", encoding="utf-8")
    (raw,) = read(path, source="CLI Outlet", published="2024-03")
    assert (raw.source, raw.published) == ("CLI Outlet", "2024-03")


def test_container_metadata_beats_the_sidecar(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text((FIXTURES / "wire.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "wire.meta.json").write_text(
        json.dumps({"source": "Sidecar Name", "published": "2000-01-01"}), encoding="utf-8"
    )
    first, second, third = read(path)
    assert first.source == "Coastal Wire" and first.published == "2025-02-03"
    assert third.source == "Sidecar Name" and third.published == "2000-01-01"


# ------------------------------------------------------------------ bad input


def test_missing_path_is_a_failure():
    (failure,) = read(Path("/nonexistent/nowhere.txt"))
    assert isinstance(failure, Failure) and failure.reason == "not found"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_failure(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("Title\n\nBody.\n", encoding="utf-8")
    path.chmod(0)
    (failure,) = read(path)
    assert failure.reason.startswith("unreadable file")


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.xml", "empty.jsonl"])
def test_empty_file_is_a_failure(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"  \n\n")
    items = read(path)
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].reason.startswith("empty file")


def test_damaged_utf8_bytes_are_replaced_and_counted(tmp_path):
    path = tmp_path / "bad.txt"
    good = "Caf\u00e9 Talks\n\nThe caf\u00e9 reopened ".encode()
    path.write_bytes(good + b"\xff\xfe on Monday.\n")
    (raw,) = read(path)
    assert "replaced 2 undecodable bytes" in raw.notes
    assert raw.content.startswith("Caf\u00e9 Talks")


def test_legacy_encoding_is_detected(tmp_path):
    path = tmp_path / "cp1252.txt"
    text = (
        "Ministers meet in G\u00f6teborg\n\n\u201cWe agreed,\u201d said the minister in"
        " G\u00f6teborg on Friday, after talks that ran late.\n"
    )
    path.write_bytes(text.encode("cp1252"))
    (raw,) = read(path)
    assert "G\u00f6teborg" in raw.content
    assert any(note.startswith("decoded as") for note in raw.notes)


def test_huge_file_is_truncated_with_a_note(tmp_path):
    path = tmp_path / "huge.txt"
    line = "A long paragraph of filler text for the size cap test.\n"
    path.write_text("Big Dump\n\n" + line * (MAX_FILE_BYTES // len(line) + 100), encoding="utf-8")
    (raw,) = read(path)
    assert any(note.startswith("file truncated") for note in raw.notes)
    assert len(raw.content.encode()) <= MAX_FILE_BYTES
    assert raw.content.endswith("\n")  # cut on a line boundary


def test_html_without_article_text_is_a_failure(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><head><title>x</title></head><body><div><span></span>", encoding="utf-8")
    (failure,) = read(path)
    assert failure.reason == "no article text found in HTML"


def test_broken_feed_without_entries_is_a_failure(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(
        "<?xml version='1.0'?><rss><channel><title>X</title><item><title>", encoding="utf-8"
    )
    (failure,) = read(path)
    assert failure.reason.startswith("broken feed XML")


def test_broken_feed_with_entries_keeps_them_with_a_note(tmp_path):
    text = (
        (FIXTURES / "feed.xml")
        .read_text(encoding="utf-8")
        .replace("</channel>\n</rss>", "<item><title>cut")
    )
    path = tmp_path / "cut.xml"
    path.write_text(text, encoding="utf-8")
    docs = only_docs(read(path))
    assert len(docs) >= 2
    assert any("malformed feed XML" in note for note in docs[0].notes)


def test_bad_jsonl_line_fails_alone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "Good", "text": "A good record."})
    path.write_text(
        "\n".join([good, "{not json", '["a list"]', good, '{"title": "no text"}']) + "\n"
    )
    items = read(path)
    assert [type(item).__name__ for item in items] == [
        "RawDocument", "Failure", "Failure", "RawDocument", "Failure",
    ]  # fmt: skip
    # origin.index is 0-based; the message names the line as an editor does (1-based)
    assert items[1].origin.index == 1 and items[1].reason.startswith("bad JSON line: line 2:")
    assert items[2].reason == "bad JSON line: line 3: not a JSON object"
    assert items[4].origin.index == 4
    assert items[4].reason == "JSON record has no text or html field: line 5"
    assert items[3].origin.index == 3


def test_garbage_never_raises(tmp_path):
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "fake.warc.gz").write_bytes(gzip.compress(b"not a warc at all")[:-4])
    (tmp_path / "fake.atom").write_bytes(b"\x00\x01\x02")
    items = read(tmp_path / "noise.bin", tmp_path / "fake.warc.gz", tmp_path / "fake.atom")
    assert items and all(isinstance(item, Failure) for item in items)
    assert items[0].reason == "unknown format"


def test_unreadable_path_is_a_failure_even_for_root(tmp_path):
    from newsevents.acquire.files import read_text

    folder = tmp_path / "folder.txt"
    folder.mkdir()
    failure = read_text(folder)
    assert isinstance(failure, Failure) and failure.reason.startswith("unreadable file")


# ------------------------------------------------------------------ only http(s) URLs are kept


def _dropped(raw: RawDocument) -> bool:
    return any(note.startswith("dropped url") for note in raw.notes)


def test_a_jsonl_javascript_url_is_dropped_with_a_note(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        {"text": "Dockers struck in Saltport on Monday.", "url": "javascript:alert(1)"},
        {"html": PAGE.replace("https://riverside-courier.example/city/2025/06/18/tram-line",
                              "javascript:alert(2)"),
         "url": " JavaScript:alert(1)"},
        {"text": "Dockers struck in Saltport on Monday.", "url": "https://wire.example/7"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    first, second, third = read(path)
    assert (first.url, second.url) == (None, None)
    assert _dropped(first) and _dropped(second)
    assert not any("alert" in note for note in first.notes + second.notes)
    assert third.url == "https://wire.example/7" and not _dropped(third)


def test_an_html_javascript_canonical_gives_way_to_the_next_http_candidate(tmp_path):
    hostile = PAGE.replace(
        "https://riverside-courier.example/city/2025/06/18/tram-line", "javascript:alert(1)"
    )
    path = tmp_path / "page.html"
    path.write_text(hostile, encoding="utf-8")
    (raw,) = read(path)
    assert raw.url is None  # no other candidate
    og_url = '<meta property="og:url" content="https://riverside-courier.example/tram">\n</head>'
    path.write_text(hostile.replace("</head>", og_url, 1), encoding="utf-8")
    (raw,) = read(path)
    assert raw.url == "https://riverside-courier.example/tram"
    warc = tmp_path / "crawl.warc"
    _warc(warc, [("https://riverside-courier.example/t", "text/html", hostile)], gzipped=False)
    (raw,) = read(warc)
    assert raw.url == "https://riverside-courier.example/t"  # the target URI
    relative = PAGE.replace("https://riverside-courier.example/city/2025/06/18/tram-line", "/t2")
    _warc(warc, [("https://riverside-courier.example/t", "text/html", relative)], gzipped=False)
    (raw,) = read(warc)
    assert raw.url == "https://riverside-courier.example/t2"  # relative to the target URI


def test_a_feed_link_and_a_sidecar_url_that_are_not_http_are_dropped(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        "<item><title>Dockers strike</title><link>javascript:alert(1)</link>"
        "<description>Dockers struck in Saltport on Monday.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    (raw,) = read(feed)
    assert raw.url is None and _dropped(raw)
    dump = tmp_path / "dump.txt"
    dump.write_text("Dockers strike\n\nDockers struck in Saltport on Monday.\n", encoding="utf-8")
    (tmp_path / "dump.meta.json").write_text(
        json.dumps({"url": "data:text/html,<script>x</script>", "source": "Gazette"}),
        encoding="utf-8",
    )
    (raw,) = read(dump)
    assert raw.url is None and raw.source == "Gazette"
    assert any("sidecar dump.meta.json: dropped url" in note for note in raw.notes)


def test_non_string_metadata_is_ignored_with_a_note_never_stringified(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text("Dockers strike\n\nDockers struck in Saltport on Monday.\n", encoding="utf-8")
    (tmp_path / "dump.meta.json").write_text(
        json.dumps({"source": ["a"], "byline": {"name": "x"}, "published": 2024}),
        encoding="utf-8",
    )
    (raw,) = read(dump, source="CLI Outlet")
    assert raw.source == "CLI Outlet"  # the list was ignored, so the option fills
    assert raw.byline is None and raw.published == "2024"
    assert "sidecar dump.meta.json: ignored field 'source': not a string (list)" in raw.notes
    assert "sidecar dump.meta.json: ignored field 'byline': not a string (dict)" in raw.notes
    wire = tmp_path / "wire.jsonl"
    wire.write_text(json.dumps({"text": "Dockers struck.", "source": ["a"]}) + "\n")
    (raw,) = read(wire)
    assert raw.source is None
    assert "ignored field 'source': not a string (list)" in raw.notes
