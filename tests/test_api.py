"""The HTTP API on SQLite and PostgreSQL: filters, keyset pages, records, charts, ingest auth."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

from builders import evil_report, third_report, timeline_reports
from newsevents.serve.api import create_app, get_store
from newsevents.serve.api.deps import TOKEN_ENV


@pytest.fixture
def client(filled_store, db_url):
    """A TestClient over the sample records (the store dependency overridden)."""
    app = create_app(db_url, preload=False)
    app.dependency_overrides[get_store] = lambda: filled_store
    with TestClient(app) as c:
        yield c


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# ---- events list and filters ---------------------------------------------------------------


def test_events_list_contract_and_order(client):
    body = client.get("/api/events").json()
    assert body["next"] is None
    items = body["items"]
    # latest day first: the denied strike has no date, so its day is its publication day
    assert [e["id"] for e in items] == [
        "e-bbbb000000000002", "e-bbbb000000000001", "e-aaaa000000000002", "e-aaaa000000000001",
    ]  # fmt: skip
    strike = items[1]
    assert strike["kind"] == "event"
    assert strike["fatalities"] == {"min": 9, "max": None, "text": "at least 9"}
    assert strike["location"]["country"] == "SYR"
    assert strike["evidence"]["text"].startswith("An air strike on the village")
    assert set(strike) >= {
        "id", "doc", "type", "mode", "status", "source_actors", "target_actors", "location",
        "date", "fatalities", "injuries", "reported_by", "published", "evidence", "confidence",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=assault", {"e-bbbb000000000001", "e-bbbb000000000002"}),
        ("status=denied", {"e-bbbb000000000002"}),
        ("status=asserted&status=claimed",
         {"e-aaaa000000000001", "e-aaaa000000000002", "e-bbbb000000000001"}),
        ("actor=valparaiso", {"e-aaaa000000000002"}),
        ("actor=NOR", {"e-aaaa000000000001"}),
        ("sector=cop", {"e-aaaa000000000002"}),
        ("country=syr", {"e-bbbb000000000001"}),
        ("place=kafr", {"e-bbbb000000000001"}),
        ("since=2024-03-05&until=2024-03-10", {"e-aaaa000000000002", "e-bbbb000000000001"}),
        ("until=2024-03", set(
            ["e-aaaa000000000001", "e-aaaa000000000002", "e-bbbb000000000001",
             "e-bbbb000000000002"])),
        ("source=harbour", {"e-aaaa000000000001", "e-aaaa000000000002"}),
        ("q=detained", {"e-aaaa000000000002"}),
        ("mode=arrest", {"e-aaaa000000000002"}),
        ("located=true&type=ASSAULT", {"e-bbbb000000000001"}),
        ("q=100%25", set()),  # a literal percent sign is not a wildcard
    ],
)  # fmt: skip
def test_event_filters(client, query, expected):
    assert set(ids(client.get(f"/api/events?{query}"))) == expected


@pytest.mark.parametrize(
    ("query", "flt"),
    [
        ("", {}),
        ("type=assault&status=asserted&status=denied",
         {"type": "ASSAULT", "statuses": ["asserted", "denied"]}),
        ("since=2024-03-05&until=2024-03", {"since": "2024-03-05", "until": "2024-03"}),
        ("actor=police&sector=COP", {"actor": "police", "sector": "COP"}),
        ("q=the&source=post", {"text": "the", "source": "post"}),
    ],
)  # fmt: skip
def test_cli_store_and_api_share_one_filter(client, filled_store, query, flt):
    """One filter gives the same events, in the same order, to the CLI's store call and the API."""
    from newsevents.store import EventFilter

    from_store = [e.id for e in filled_store.events(EventFilter(**flt))]
    assert from_store == ids(client.get(f"/api/events?{query}"))
    assert from_store  # every case matches something, so the comparison means something


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=201", "type=BOMB", "sector=XYZ", "country=SY", "since=March",
     "status=rumoured", "colour=red", "q=" + "x" * 201],
)  # fmt: skip
def test_event_filters_validate(client, query):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422, response.text


# ---- keyset pages --------------------------------------------------------------------------


def test_pages_walk_every_event_once(client):
    everything = ids(client.get("/api/events?limit=200"))
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/events?limit=1" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        seen += [e["id"] for e in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
        assert pages < 10
    assert seen == everything
    assert pages == 4


def test_pages_are_stable_when_rows_arrive(client, filled_store):
    first = client.get("/api/events?limit=2").json()
    # new events arrive between two page requests, one sorting before the cursor (2024-03-12)
    # and one after it: the next page neither repeats nor skips what was already there
    later = timeline_reports(12)[-1]
    filled_store.write_batch([third_report(), later])
    second = client.get(f"/api/events?limit=10&cursor={first['next']}").json()
    page_ids = [e["id"] for e in first["items"]] + [e["id"] for e in second["items"]]
    assert len(page_ids) == len(set(page_ids)) == 5
    assert "e-cccc000000000001" in page_ids  # 2024-03-10, after the cursor
    assert later.events[0].id not in page_ids  # 2024-03-12, before it


@pytest.mark.parametrize(
    "cursor",
    ["zzz", "!!!", base64.urlsafe_b64encode(b"[1,2,3]").decode(),
     base64.urlsafe_b64encode(json.dumps(["q", "2024-03-05", "q-1"]).encode()).decode()],
)  # fmt: skip
def test_bad_cursor_is_400(client, cursor):
    response = client.get("/api/events", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["detail"] == "bad cursor"


def test_other_lists_page_with_cursors(client, filled_store):
    filled_store.write_batch([third_report(), evil_report()])
    docs = client.get("/api/documents?limit=2").json()
    assert len(docs["items"]) == 2 and docs["next"]
    rest = client.get(f"/api/documents?limit=2&cursor={docs['next']}").json()
    all_ids = [d["id"] for d in docs["items"] + rest["items"]]
    assert len(set(all_ids)) == 4
    assert rest["next"] is None
    # a documents cursor is not an events cursor
    assert client.get(f"/api/events?cursor={docs['next']}").status_code == 400
    claims = client.get("/api/claims?limit=1").json()
    more = client.get(f"/api/claims?limit=1&cursor={claims['next']}").json()
    assert {claims["items"][0]["id"], more["items"][0]["id"]} == {
        "c-bbbb000000000001", "c-bbbb000000000002",
    }  # fmt: skip


# ---- quotes, claims, contradictions, documents ---------------------------------------------


def test_quotes_by_speaker_and_text(client):
    assert ids(client.get("/api/quotes?speaker=spokesman")) == ["q-aaaa000000000001"]
    assert ids(client.get("/api/quotes?speaker=CHL")) == ["q-aaaa000000000001"]
    assert ids(client.get("/api/quotes?q=within the law")) == ["q-aaaa000000000001"]
    assert ids(client.get("/api/quotes?speaker=medics")) == []
    quote = client.get("/api/quotes").json()["items"][0]
    assert quote["speaker"]["anonymous"] is True
    assert quote["evidence"]["sentence"] == 3


def test_claims_filters(client):
    assert ids(client.get("/api/claims?stance=denies")) == ["c-bbbb000000000001"]
    assert ids(client.get("/api/claims?claimant=medics")) == ["c-bbbb000000000002"]
    assert ids(client.get("/api/claims?about=e-bbbb000000000001")) == ["c-bbbb000000000001"]
    assert client.get("/api/claims?stance=maybe").status_code == 422


def test_contradictions_carry_both_claims_and_documents(client):
    items = client.get("/api/contradictions").json()["items"]
    assert len(items) == 1
    x = items[0]
    assert x["basis"] == "explicit_denial"
    assert [c["id"] for c in x["claim_records"]] == x["claims"]
    assert x["claim_records"][0]["document"]["source"] == "Valley Post"
    assert client.get(f"/api/contradictions/{x['id']}").json()["id"] == x["id"]


def test_documents_list_filters(client):
    assert ids(client.get("/api/documents?source=valley")) == ["d-bbbb000000000002"]
    assert ids(client.get("/api/documents?q=fishing")) == ["d-aaaa000000000001"]
    assert ids(client.get("/api/documents?since=2024-03-06")) == ["d-bbbb000000000002"]
    assert ids(client.get("/api/documents?until=2024-03-05")) == ["d-aaaa000000000001"]


# ---- one record ------------------------------------------------------------------------------


def test_event_record_with_evidence_and_document(client):
    body = client.get("/api/events/e-aaaa000000000002").json()
    assert body["status"] == "claimed"
    assert body["reported_by"]["name"] == "Valparaiso police"
    assert body["evidence"]["text"] == (
        "Police in Valparaiso detained 14 protesters on Tuesday, a police spokesman said."
    )
    assert body["document"] == {
        "id": "d-aaaa000000000001", "title": "Norway and Chile talk fish",
        "source": "Harbour Gazette", "url": "https://example.org/a", "published": "2024-03-05",
    }  # fmt: skip
    assert body["related"] == []


def test_related_reports_of_the_same_event(client, filled_store):
    filled_store.write_batch([third_report(), *timeline_reports(12)])
    body = client.get("/api/events/e-bbbb000000000001").json()
    related = body["related"]
    assert [r["event"]["id"] for r in related] == ["e-cccc000000000001"]
    assert related[0]["document"]["source"] == "Hill Courier"
    assert set(related[0]["reasons"]) == {"actors", "place"}
    # and the other way round
    back = client.get("/api/events/e-cccc000000000001").json()["related"]
    assert [r["event"]["id"] for r in back] == ["e-bbbb000000000001"]


@pytest.mark.parametrize(
    "url",
    ["/api/events/e-0000000000000000", "/api/quotes/q-0000000000000000",
     "/api/claims/c-0000000000000000", "/api/documents/d-0000000000000000",
     "/api/contradictions/x-0000000000000000",
     "/api/events/q-aaaa000000000001",  # a quote id under events
     "/api/documents/e-aaaa000000000001"],
)  # fmt: skip
def test_missing_records_are_404(client, url):
    assert client.get(url).status_code == 404


def test_malformed_id_is_422(client):
    assert client.get("/api/events/not an id").status_code == 422


def test_quote_claim_and_document_records(client):
    quote = client.get("/api/quotes/q-aaaa000000000001").json()
    assert quote["text"] == "We acted within the law"
    assert quote["document"]["title"] == "Norway and Chile talk fish"
    claim = client.get("/api/claims/c-bbbb000000000002").json()
    assert claim["figure"] == {"min": 24, "max": None, "text": "dozens"}
    doc = client.get("/api/documents/d-aaaa000000000001").json()
    assert doc["captions"] == [{"text": "Boats in Oslo harbour.", "credit": "Photo/Ana Vik"}]
    assert doc["origin"] == {"path": "inputs/a.txt", "index": 0}
    assert {e["id"] for e in doc["events"]} == {"e-aaaa000000000001", "e-aaaa000000000002"}
    assert [q["id"] for q in doc["quotes"]] == ["q-aaaa000000000001"]
    start, end = doc["events"][0]["evidence"]["start"], doc["events"][0]["evidence"]["end"]
    assert doc["text"][start:end] == doc["events"][0]["evidence"]["text"]


# ---- charts --------------------------------------------------------------------------------


def test_stats_by_day_count_asserted_and_claimed_by_default(client):
    rows = client.get("/api/stats/day").json()
    assert rows == [
        {"day": "2024-03-04", "type": "CONSULT", "count": 1},
        {"day": "2024-03-05", "type": "COERCE", "count": 1},
        {"day": "2024-03-10", "type": "ASSAULT", "count": 1},
    ]
    denied = client.get("/api/stats/day?status=denied").json()
    assert denied == [{"day": "2024-03-11", "type": "ASSAULT", "count": 1}]


def test_a_bar_and_its_list_agree(client, filled_store):
    filled_store.write_batch(timeline_reports(12))
    for row in client.get("/api/stats/day").json():
        listed = client.get(
            "/api/events",
            params={"type": row["type"], "since": row["day"], "until": row["day"],
                    "status": ["asserted", "claimed"], "limit": 200},
        ).json()["items"]  # fmt: skip
        assert len(listed) == row["count"], row


def test_stats_by_type_country_actor(client, filled_store):
    filled_store.write_batch([third_report()])
    assert client.get("/api/stats/type").json()[0] == {"type": "ASSAULT", "count": 2}
    countries = {r["country"]: r["count"] for r in client.get("/api/stats/country").json()}
    assert countries == {"SYR": 2, "CHL": 1, "NOR": 1}
    actors = client.get("/api/stats/actor?top=1").json()
    assert actors == [
        {"actor": {"name": None, "role": None, "country": "SYR", "sector": "MIL",
                   "anonymous": False}, "label": "SYR MIL", "count": 2}
    ]  # fmt: skip
    assert client.get("/api/stats/type?type=CONSULT").json() == [{"type": "CONSULT", "count": 1}]
    summary = client.get("/api/stats").json()
    assert summary["counts"]["documents"] == 3


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/events", "/api/events/{record_id}", "/api/quotes", "/api/claims",
                 "/api/contradictions", "/api/documents", "/api/stats/day"]:  # fmt: skip
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/documents"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


# ---- ingest --------------------------------------------------------------------------------

NEW_ARTICLE = (
    "Riot police detained 23 students outside the parliament in Tbilisi on Friday, the "
    "interior ministry said.\n\n"
    '"Order was restored within an hour," Interior Minister Levan Abashidze told reporters.'
)

NOTE = b"Doha talks end\n\nTalks between the two foreign ministers ended in Doha on Sunday."


def test_ingest_disabled_without_token(client, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    response = client.post("/api/documents", json={"text": NEW_ARTICLE})
    assert response.status_code == 503


def test_ingest_needs_the_right_token(client, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    assert client.post("/api/documents", json={"text": "x"}).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/api/documents", json={"text": "x"}, headers=wrong).status_code == 403
    basic = {"Authorization": "Basic czNjcmV0"}
    assert client.post("/api/documents", json={"text": "x"}, headers=basic).status_code == 401


def test_ingest_checks_size_and_type(client, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    monkeypatch.setenv("NEWSEVENTS_MAX_UPLOAD", "1000")
    auth = {"Authorization": "Bearer s3cret"}
    big = client.post("/api/documents", json={"text": "word " * 400}, headers=auth)
    assert big.status_code == 413
    pdf = client.post(
        "/api/documents", content=b"%PDF-1.4", headers={**auth, "Content-Type": "application/pdf"}
    )
    assert pdf.status_code == 415
    image = client.post(
        "/api/documents", files={"file": ("a.png", b"\x89PNG\r\n", "image/png")}, headers=auth
    )
    assert image.status_code == 415
    both = client.post("/api/documents", json={"text": "a", "html": "<p>a</p>"}, headers=auth)
    assert both.status_code == 422
    extra = client.post("/api/documents", json={"text": "a", "colour": "red"}, headers=auth)
    assert extra.status_code == 422
    bad_date = client.post(
        "/api/documents", json={"text": "a", "published": "last week"}, headers=auth
    )
    assert bad_date.status_code == 422
    assert client.get("/api/stats").json()["counts"]["documents"] == 2  # nothing was stored


@pytest.mark.slow
def test_ingest_runs_the_pipeline_and_stores(client, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    body = {"text": NEW_ARTICLE, "title": "Students detained in Tbilisi",
            "source": "Caucasus Wire", "published": "2024-05-10"}  # fmt: skip
    response = client.post("/api/documents", json=body, headers=auth)
    assert response.status_code == 201, response.text
    result = response.json()
    assert len(result["documents"]) == 1
    assert result["counts"]["document"] == 1
    doc_id = result["documents"][0]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["title"] == "Students detained in Tbilisi"
    assert doc["source"] == "Caucasus Wire"
    assert "Tbilisi" in doc["text"]
    assert len(doc["events"]) == result["counts"]["event"]
    assert len(doc["quotes"]) == result["counts"]["quote"]
    # the same document again adds nothing
    again = client.post("/api/documents", json=body, headers=auth).json()
    assert again["documents"] == [doc_id]
    assert client.get("/api/stats").json()["counts"]["documents"] == 3
    # a file upload works too
    upload = client.post(
        "/api/documents",
        files={"file": ("note.txt", NOTE, "text/plain")},
        data={"source": "Gulf Desk", "published": "2024-05-11"},
        headers=auth,
    )  # fmt: skip
    assert upload.status_code == 201, upload.text
    new = upload.json()["documents"][0]
    assert client.get(f"/api/documents/{new}").json()["source"] == "Gulf Desk"
