"""No ``javascript:`` URL reaches an href: readers, clean, the ingest API and the UI filter."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from builders import evil_report
from newsevents.acquire.urls import http_url
from newsevents.clean.documents import documents_from_raw
from newsevents.records import Origin, RawDocument
from newsevents.serve.api import create_app, get_store
from newsevents.serve.api.deps import TOKEN_ENV
from newsevents.serve.ui import templates

HOSTILE = [
    "javascript:alert(1)",
    " JavaScript:alert(document.cookie)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
]


@pytest.fixture(params=["sqlite"])
def db_url(request, tmp_path):
    yield f"sqlite:///{tmp_path / 'urls.db'}"


def hostile_report(url: str):
    """The invented hostile article, stored with a script URL as if an old run had kept it."""
    result = evil_report()
    return dataclasses.replace(result, document=dataclasses.replace(result.document, url=url))


@pytest.fixture
def client(filled_store, sqlite_url):
    filled_store.write_batch([hostile_report("javascript:alert(1)")])
    app = create_app(sqlite_url, preload=False)
    app.dependency_overrides[get_store] = lambda: filled_store
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("url", HOSTILE)
def test_http_href_renders_only_http_urls(url):
    assert http_url(url) is None
    assert http_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    template = templates.env.from_string(
        '{% if u | http_href %}<a href="{{ u | http_href }}">x</a>{% endif %}'
        "{% if http_href(u) %}!{% endif %}"
    )
    assert template.render(u=url) == ""
    assert template.render(u="http://news.example/") == '<a href="http://news.example/">x</a>!'


@pytest.mark.parametrize("page", ["/documents/d-eeee000000000001", "/events/e-eeee000000000001"])
def test_a_stored_javascript_url_is_never_a_link(client, page):
    html = client.get(page).text
    assert "d-eeee000000000001" in html
    assert "javascript:" not in html.lower()
    assert ">original</a>" not in html


def test_an_http_url_is_still_linked(client):
    html = client.get("/documents/d-aaaa000000000001").text
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">original</a>' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative/path"])
def test_the_ingest_api_rejects_a_non_http_url(client, monkeypatch, url):
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    before = client.get("/api/stats").json()["counts"]["documents"]
    as_json = client.post(
        "/api/documents", json={"text": "Dockers struck on Monday.", "url": url}, headers=auth
    )
    assert as_json.status_code == 422, as_json.text
    assert "url" in as_json.text
    as_form = client.post(
        "/api/documents",
        files={"file": ("note.txt", b"Dockers struck on Monday.", "text/plain")},
        data={"url": url},
        headers=auth,
    )
    assert as_form.status_code == 422, as_form.text
    assert client.get("/api/stats").json()["counts"]["documents"] == before


def test_a_document_cleaned_from_a_javascript_url_has_none_and_a_note():
    raw = RawDocument(
        origin=Origin("api", 0),
        content="Dockers strike in Saltport\n\nDockers in Saltport struck on Monday.",
        url="javascript:alert(1)",
    )
    (doc,) = documents_from_raw(raw)
    assert doc.url is None
    assert any("dropped url (scheme 'javascript')" in note for note in doc.notes)
    assert not any("alert" in note for note in doc.notes)
