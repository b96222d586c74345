"""The web UI pages (server-rendered): escaping, highlighting, tables, the map, contradictions."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from builders import ARTICLE_EVIL, evil_report, third_report, timeline_reports
from newsevents.serve.api import create_app, get_store
from newsevents.serve.ui import Mark, country_paths, locate, paragraphs


@pytest.fixture
def client(filled_store, sqlite_url):
    """UI pages over the sample records plus the hostile and timeline documents (SQLite)."""
    filled_store.write_batch([third_report(), evil_report(), *timeline_reports(6)])
    app = create_app(sqlite_url, preload=False)
    app.dependency_overrides[get_store] = lambda: filled_store
    with TestClient(app) as c:
        yield c


@pytest.fixture(params=["sqlite"])
def db_url(request, tmp_path):
    """The UI tests need one database: the API tests cover PostgreSQL."""
    yield f"sqlite:///{tmp_path / 'ui.db'}"


def marks_in(html: str) -> list[str]:
    """The texts of the <mark>s inside the article."""
    article = html[html.index('<div class="article">') :]
    found = re.findall(r"<mark[^>]*>(.*?)</mark>", article, re.S)
    return [re.sub(r"<[^>]+>", "", m) for m in found]


# ---- highlighting helpers ------------------------------------------------------------------


def test_paragraphs_cut_at_marks_and_blank_lines():
    text = "One two three.\n\nFour five six. Seven."
    marks = [Mark(4, 13, "event", "e-1", "x"), Mark(16, 30, "quote", "q-1", "y"),
             Mark(21, 37, "event", "e-2", "z")]  # fmt: skip
    paras = paragraphs(text, marks)
    assert len(paras) == 2
    assert "".join(s.text for s in paras[0]) == "One two three."
    assert "".join(s.text for s in paras[1]) == "Four five six. Seven."
    first = [(s.text, [m.id for m in s.marks]) for s in paras[0]]
    assert first == [("One ", []), ("two three", ["e-1"]), (".", [])]
    second = [(s.text, [m.id for m in s.marks]) for s in paras[1]]
    assert second == [("Four ", ["q-1"]), ("five six.", ["q-1", "e-2"]), (" Seven.", ["e-2"])]
    assert paras[1][0].anchors == ["q-1"] and paras[1][1].anchors == ["e-2"]


def test_locate_trusts_offsets_then_searches():
    text = "Alpha beta. Gamma delta."
    assert locate(text, 12, 24, "Gamma delta.") == (12, 24)
    assert locate(text, 0, 5, "Gamma delta.") == (12, 24)  # wrong offsets, text found
    assert locate(text, 30, 40, "missing") is None


def test_country_outlines_ship_with_the_package():
    shapes = country_paths()
    assert len(shapes) > 150
    iso = {s["iso3"] for s in shapes}
    assert {"SYR", "UKR", "BRA", "AUS", "NOR"} <= iso
    assert all(s["d"].startswith("M") for s in shapes)


# ---- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/documents/d-eeee000000000001", "/events/e-eeee000000000001", "/", "/documents",
            "/map", "/?q=banner"],
)  # fmt: skip
def test_article_markup_is_shown_as_text(client, url):
    html = client.get(url).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<i>Square</i>" not in html
    assert "<b>thousands</b>" not in html
    assert "onerror=alert" not in html or "&lt;img src=x onerror=alert(1)&gt;" in html


def test_escaped_article_keeps_its_words(client):
    html = client.get("/documents/d-eeee000000000001").text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;thousands&lt;/b&gt;" in html
    assert "march &amp; the rally" in html
    assert "March &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    # the only scripts on the page are ours
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']


def test_search_query_is_escaped_back_into_the_form(client):
    html = client.get('/?q="><script>x()</script>').text
    assert "<script>x()" not in html
    assert 'value="&#34;&gt;&lt;script&gt;x()&lt;/script&gt;"' in html


# ---- pages ---------------------------------------------------------------------------------


def test_search_page_lists_events_with_links(client):
    html = client.get("/?type=ASSAULT").text
    rows = re.findall(r'<tr class="event" data-id="([^"]+)"', html)
    assert set(rows) == {"e-bbbb000000000001", "e-bbbb000000000002", "e-cccc000000000001",
                         "e-ffff000000000000", "e-ffff000000000005"}  # fmt: skip
    assert '<a class="record-link" href="/events/e-bbbb000000000001">' in html
    assert 'data-query="type=ASSAULT"' in html
    assert 'id="timeline"' in html
    assert "Valley Post" in html


def test_search_page_pages_with_a_cursor(client):
    html = client.get("/?limit=3").text
    assert len(re.findall(r'<tr class="event"', html)) == 3
    next_url = re.search(r'<a class="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    html2 = client.get(next_url).text
    first = set(re.findall(r'data-id="(e-[^"]+)"', html))
    second = set(re.findall(r'data-id="(e-[^"]+)"', html2))
    assert len(second) == 3 and not first & second


def test_empty_form_fields_are_ignored_and_bad_ones_rejected(client):
    html = client.get("/?q=&type=&country=&since=&until=&status=&actor=").text
    assert len(re.findall(r'<tr class="event"', html)) == 12
    assert client.get("/?since=yesterday").status_code == 400


def test_record_page_highlights_the_evidence_sentence(client):
    html = client.get("/events/e-bbbb000000000001").text
    assert marks_in(html) == [
        "An air strike on the village of Kafr Tala killed at least 9 people on Sunday."
    ]
    assert "The army denied that its aircraft hit the village." in html  # the rest of the text
    assert "Kafr Tala" in html and "at least 9" in html and "Hama" in html
    # the other source of the same strike, and the claim about it
    assert 'href="/events/e-cccc000000000001"' in html
    assert "Hill Courier" in html
    assert 'href="/claims/c-bbbb000000000001"' in html


def test_record_page_of_a_claimed_event_shows_who_reports_it(client):
    html = client.get("/events/e-aaaa000000000002").text
    assert re.search(r"Reported by</th><td><span class=\"actor\"[^>]*>Valparaiso police", html)
    assert '<span class="status s-claimed">claimed</span>' in html
    assert marks_in(html) == [
        "Police in Valparaiso detained 14 protesters on Tuesday, a police spokesman said."
    ]


def test_quote_and_claim_pages(client):
    quote = client.get("/quotes/q-aaaa000000000001").text
    assert marks_in(quote) == ["&#34;We acted within the law,&#34; the spokesman said."]
    claim = client.get("/claims/c-bbbb000000000001").text
    assert marks_in(claim) == ["The army denied that its aircraft hit the village."]
    assert client.get("/claims/c-0000000000000000").status_code == 404
    assert client.get("/events/e-0000000000000000").status_code == 404


def test_document_page_marks_every_record(client):
    html = client.get("/documents/d-aaaa000000000001").text
    assert marks_in(html) == [
        "Officials from Norway and Chile held talks in Oslo on Monday about fishing quotas.",
        "Police in Valparaiso detained 14 protesters on Tuesday, a police spokesman said.",
        "&#34;We acted within the law,&#34; the spokesman said.",
    ]
    assert 'id="q-aaaa000000000001"' in html
    assert "Boats in Oslo harbour." in html  # captions
    assert html.count("<p>") >= 3  # paragraphs kept


def test_contradictions_side_by_side(client):
    html = client.get("/contradictions").text
    cards = re.findall(r'<div class="claim-card stance-(\w+)">', html)
    assert cards == ["denies", "asserts"]
    assert "explicit denial" in html
    assert "The army denied that its aircraft hit the village." in html
    assert "Local medics said dozens were wounded." in html
    assert 'href="/documents/d-bbbb000000000002#c-bbbb000000000001"' in html


def test_map_draws_outlines_and_located_events(client):
    html = client.get("/map").text
    assert html.count('class="country"') > 150
    dots = re.findall(r'<a href="/events/([^"]+)" class="dot-link">', html)
    # every located event, whatever its status; the denied strike has no place
    assert "e-bbbb000000000001" in dots and "e-bbbb000000000002" not in dots
    assert len(dots) == 11
    # Kafr Tala at lon 36.5, lat 35.1 -> cx 36.5, cy -35.1
    assert 'cx="36.5" cy="-35.1"' in html
    # Syria is shaded for its counted events
    syria = re.search(r'style="fill-opacity: ([0-9.]+)" data-iso3="SYR"', html)
    norway = re.search(r'style="fill-opacity: ([0-9.]+)" data-iso3="NOR"', html)
    brazil = re.search(r'style="fill-opacity: ([0-9.]+)" data-iso3="BRA"', html)
    assert float(syria.group(1)) > float(norway.group(1)) > float(brazil.group(1))
    filtered = client.get("/map?type=CONSULT").text
    assert len(re.findall(r'class="dot-link"', filtered)) == 2  # Oslo and one timeline event


def test_documents_page(client):
    html = client.get("/documents?source=courier").text
    assert 'href="/documents/d-cccc000000000003"' in html
    assert "d-aaaa000000000001" not in html


def test_static_files_are_local(client):
    html = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_evil_fixture_is_what_we_think():
    assert "<script>" in ARTICLE_EVIL


def test_ui_errors_are_pages_and_api_errors_json(client):
    page = client.get("/events/e-0000000000000000")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "no record e-0000000000000000" in page.text
    bad = client.get("/?since=<b>now</b>")
    assert bad.status_code == 400 and "<b>now" not in bad.text
    api = client.get("/api/events/e-0000000000000000")
    assert api.status_code == 404 and api.json() == {"detail": "no record e-0000000000000000"}
    assert client.get("/nowhere").status_code == 404


def test_an_untitled_document_is_named_by_its_id(filled_store, sqlite_url):
    import dataclasses

    result = evil_report()
    untitled = dataclasses.replace(result.document, title="")
    filled_store.write_batch([dataclasses.replace(result, document=untitled)])
    app = create_app(sqlite_url, preload=False)
    app.dependency_overrides[get_store] = lambda: filled_store
    with TestClient(app) as c:
        document = c.get("/documents/d-eeee000000000001").text
        record = c.get("/events/e-eeee000000000001").text
    assert "<h1>Untitled article</h1>" in document
    assert "<title>d-eeee000000000001" in document
    assert '#e-eeee000000000001">d-eeee000000000001</a>' in record
    assert "The article: d-eeee000000000001" in record
