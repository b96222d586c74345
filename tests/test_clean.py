"""Clean: the dump splitter, captions, bylines, datelines, normalization and stable ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsevents.acquire.readers import read_paths
from newsevents.clean.captions import split_credit
from newsevents.clean.documents import CleanError, documents_from_raw
from newsevents.clean.dump import is_marker, split_dump
from newsevents.clean.fields import match_byline, split_dateline
from newsevents.clean.normalize import normalize_text
from newsevents.records import Document, Origin, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_e8cc6f06c8c1ee78.txt"


def documents(*paths: Path, **options) -> list[Document]:
    docs: list[Document] = []
    for raw in read_paths(list(paths), **options):
        assert isinstance(raw, RawDocument), raw
        docs.extend(documents_from_raw(raw))
    return docs


def text_doc(
    content: str, path: str = "x.txt", index: int | None = None, **fields
) -> list[Document]:
    return documents_from_raw(RawDocument(origin=Origin(path, index), content=content, **fields))


# ------------------------------------------------------------------ the seed dump


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seeds")
def test_seed_dump_gives_its_two_articles_whole_and_clean():
    raw_lines = SEED.read_text(encoding="utf-8").splitlines()
    lines = [" ".join(normalize_text(line).split()) for line in raw_lines]
    nonblank = [line for line in lines if line]
    repeated = {line for line in nonblank if nonblank.count(line) > 1}  # titles and captions
    docs = documents(SEED)
    assert [d.origin.index for d in docs] == [0, 1]
    first_title = nonblank[0]
    gap = next(i for i in range(len(lines) - 3) if lines[i : i + 3] == ["", "", ""])
    second_title = next(line for line in lines[gap:] if line)
    assert [d.title for d in docs] == [first_title, second_title]
    for doc in docs:
        assert len(doc.captions) == 1
        caption = doc.captions[0]
        assert caption.credit
        assert f"{caption.text} ({caption.credit})" in lines
        paragraphs = doc.text.split("\n\n")
        assert all(p not in repeated for p in paragraphs)  # no title, caption or marker
        assert all(not is_marker(p) for p in paragraphs)
        assert caption.text not in doc.text
    body_lines = [line for line in nonblank if line not in repeated and not is_marker(line)]
    all_paragraphs = [p for d in docs for p in d.text.split("\n\n")]
    assert all_paragraphs == body_lines  # every paragraph kept, in order, each once


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seeds")
def test_seed_ids_do_not_depend_on_the_directory(tmp_path):
    copy = tmp_path / "elsewhere" / SEED.name
    copy.parent.mkdir()
    shutil.copy(SEED, copy)
    assert [d.id for d in documents(SEED)] == [d.id for d in documents(copy)]
    assert [d.origin.path for d in documents(copy)] == [str(copy), str(copy)]


# ------------------------------------------------------------------ dump layout


def test_fixture_dump_articles_captions_byline_dateline():
    first, second = documents(FIXTURES / "dump_two.txt")
    assert first.title == "Flooding Cuts Road Links Between Two Northern Towns"
    assert [(c.text, c.credit) for c in first.captions] == [
        ("Residents wade through a flooded street in Marlow Cross.", "AP Photo/Tomas Ferreira"),
        ("A collapsed bridge over the Denning river.", None),
    ]
    assert first.text.startswith("Heavy rain on Sunday")
    assert first.text.endswith("more rain on Tuesday.")
    assert first.text.count("\n\n") == 3
    assert "TT" not in first.text.split()
    assert (first.byline, first.dateline) == (None, None)
    assert second.title == "Harbour Workers End Strike After Pay Deal"
    assert second.byline == "Pieter van Aalst"
    assert second.dateline == "PORTHAVEN, Oct 3 (Wire Service)"
    assert second.text.startswith("Dock workers at the port")
    assert second.captions == []
    # the sidecar gives outlet and date; a dateline's day without a year never does
    assert (second.source, second.published, second.published_precision) == (
        "The Northern Ledger",
        "2025-10-04",
        "day",
    )


def test_windows_line_endings_bom_and_no_break_spaces_change_nothing(tmp_path):
    plain = (FIXTURES / "dump_two.txt").read_text(encoding="utf-8")
    messy = "\ufeff" + plain.replace("\n", "\r\n").replace("rain on Sunday", "rain on\u00a0Sunday")
    path = tmp_path / "dump_two.txt"
    path.write_bytes(messy.encode("utf-8"))
    clean_docs, messy_docs = documents(FIXTURES / "dump_two.txt"), documents(path)
    assert [d.text for d in messy_docs] == [d.text for d in clean_docs]
    assert [d.title for d in messy_docs] == [d.title for d in clean_docs]
    assert [d.id for d in messy_docs] == [d.id for d in clean_docs]
    assert all("\r" not in d.text and "\ufeff" not in d.title for d in messy_docs)


def test_decomposed_unicode_is_composed_before_offsets():
    (doc,) = text_doc("Talks in Ko\u0308ln\n\nThe mayor of Ko\u0308ln spoke on Monday.")
    assert "K\u00f6ln" in doc.title and "K\u00f6ln" in doc.text


def test_stray_double_blank_lines_inside_a_body_do_not_split_the_article():
    text = (
        "Port Strike Spreads\n\nWorkers at a second port walked out on Monday.\n\n\n"
        "The union said more ports could follow.\n\n\n\n"
        "Rail Fares Rise Again\n\nRail fares will rise by 4 percent in January."
    )
    first, second = text_doc(text)
    assert first.text.endswith("more ports could follow.")
    assert second.title == "Rail Fares Rise Again"


def test_header_and_repeat_split_by_blank_lines_still_make_one_article():
    text = (
        "Election Date Set\n\n A voter at a polling station. (Press Photo/Lena Wirth)\n"
        "A voter at a polling station. (Press Photo/Lena Wirth)\nTT\n\n\n\n"
        "Election Date Set\n\nA voter at a polling station. (Press Photo/Lena Wirth)\n\n"
        "The election commission set the vote for March 9."
    )
    (doc,) = text_doc(text)
    assert doc.title == "Election Date Set"
    assert doc.text == "The election commission set the vote for March 9."
    assert [c.credit for c in doc.captions] == ["Press Photo/Lena Wirth"]


def test_single_caption_line_with_credit_and_caption_inside_body():
    text = (
        "Bridge Reopens\n\nCars cross the bridge. (City Photo/Omar Sadiq)\n\n"
        "The bridge reopened on Friday.\n\n"
        "Workers paint the railings. (AP Photo/Jo Lin)\n\n"
        "It had been closed for repairs since May (in the spring)."
    )
    (doc,) = text_doc(text)
    assert [c.text for c in doc.captions] == [
        "Cars cross the bridge.",
        "Workers paint the railings.",
    ]
    assert doc.text == (
        "The bridge reopened on Friday.\n\n"
        "It had been closed for repairs since May (in the spring)."
    )


def test_uncredited_caption_between_credited_ones_printed_once():
    text = (
        "Harvest Begins\n\nFarmers cut wheat near Lund. (Farm Photo/Ake Berg)\n"
        "A combine harvester at work.\nGrain is loaded onto a truck. (Farm Photo/Ake Berg)\n\n"
        "The wheat harvest began on Monday, a week earlier than usual."
    )
    (doc,) = text_doc(text)
    assert [c.credit for c in doc.captions] == ["Farm Photo/Ake Berg", None, "Farm Photo/Ake Berg"]
    assert doc.text == "The wheat harvest began on Monday, a week earlier than usual."


def test_article_without_captions_keeps_its_first_paragraph():
    (doc,) = text_doc("Quiet Day in Parliament\n\nParliament met briefly on Monday (in Oslo).")
    assert doc.captions == []
    assert doc.text == "Parliament met briefly on Monday (in Oslo)."


def test_marker_only_input_has_no_article():
    with pytest.raises(CleanError, match="no article body"):
        text_doc("TT\n\n\n\nTT\n")


def test_split_dump_counts_articles():
    text = "One\n\nBody one.\n\n\n\nTwo\n\nBody two.\n\n\nThree\n\nBody three."
    assert [a.title for a in split_dump(text)] == ["One", "Two", "Three"]


# ------------------------------------------------------------------ fields


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "A crowd gathers. (AP Photo/Sam Lee, File)",
            ("A crowd gathers.", "AP Photo/Sam Lee, File"),
        ),
        (
            "Ministers meet (Foreign Ministry/Handout)",
            ("Ministers meet", "Foreign Ministry/Handout"),
        ),
        ("Trucks at the crossing. (Anadolu Agency)", ("Trucks at the crossing.", "Anadolu Agency")),
        ("A damaged power station.", ("A damaged power station.", None)),
        ("Prices rose (see chart below).", ("Prices rose (see chart below).", None)),
    ],
)
def test_split_credit(line, expected):
    assert split_credit(line) == expected


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("LIMA, Feb 7 (Reuters) - Police said.", "LIMA, Feb 7 (Reuters)", "Police said."),
        (
            "TYRE, Lebanon, Feb 27 (Reuters) - Strikes hit.",
            "TYRE, Lebanon, Feb 27 (Reuters)",
            "Strikes hit.",
        ),
        (
            "PORT-AU-PRINCE, March 1 (AP) — Gangs stormed.",
            "PORT-AU-PRINCE, March 1 (AP)",
            "Gangs stormed.",
        ),
        ("NEW YORK (AP) -- Markets fell.", "NEW YORK (AP)", "Markets fell."),
        ("SANAA/DUBAI, Jan 30 (Reuters) - Ships.", "SANAA/DUBAI, Jan 30 (Reuters)", "Ships."),
        ("BOGOT\u00c1, Sept. 5 (AP) \u2014 Trucks.", "BOGOT\u00c1, Sept. 5 (AP)", "Trucks."),
        ("The UN - and others - said so.", None, "The UN - and others - said so."),
        ("US officials said - on Monday - that", None, "US officials said - on Monday - that"),
    ],
)
def test_split_dateline(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


def test_dateline_with_year_gives_a_publication_date_only_when_nothing_else_does():
    (doc,) = text_doc("Title\n\nOSLO, March 3, 2025 (NTB) - Talks ended.")
    assert (doc.dateline, doc.published, doc.published_precision) == (
        "OSLO, March 3, 2025 (NTB)",
        "2025-03-03",
        "day",
    )
    (doc,) = text_doc("Title\n\nOSLO, March 3 (NTB) - Talks ended.")
    assert doc.published is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Sara al-Mekhlafi", "Sara al-Mekhlafi"),
        ("By Pieter van Aalst and Mia Holm", "Pieter van Aalst and Mia Holm"),
        ("By the end of the week, prices fell.", None),
    ],
)
def test_byline(line, name):
    assert match_byline(line) == name


# ------------------------------------------------------------------ other containers


def test_html_document_fields():
    (doc,) = documents(FIXTURES / "page.html")
    assert doc.title == "Council approves new tram line after long debate"
    assert (doc.byline, doc.source, doc.published, doc.published_precision) == (
        "Ines Carvalho",
        "Riverside Courier",
        "2025-06-18",
        "day",
    )
    assert [(c.text, c.credit) for c in doc.captions] == [
        ("A tram waits at the Riverside depot.", "Courier Photo/Luis Brandao")
    ]
    assert doc.text.startswith("The city council on Tuesday")
    assert doc.text.count("\n\n") == 3


def test_raw_html_content_is_extracted_in_clean_too():
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    (doc,) = documents_from_raw(
        RawDocument(origin=Origin("api.html", 0), content=page, content_type="html", source="API")
    )
    assert doc.source == "API" and doc.title.startswith("Council approves")
    with pytest.raises(CleanError, match="no article text found in HTML"):
        documents_from_raw(
            RawDocument(origin=Origin("x.html", 0), content="<p></p>", content_type="html")
        )


def test_jsonl_documents_keep_line_positions_and_split_datelines():
    docs = documents(FIXTURES / "wire.jsonl")
    assert [d.origin.index for d in docs] == [0, 2, 3]
    assert docs[0].dateline == "SALTPORT, Feb 3 (Coastal Wire)"
    assert docs[0].text.startswith("Ferry services between")
    assert (docs[1].published, docs[1].published_precision) == ("2025-02", "month")
    assert docs[2].title == "Bus Drivers Vote to Strike"  # no title field: the first line
    assert docs[2].text.startswith("Bus drivers in Saltport")


def test_feed_documents():
    docs = documents(FIXTURES / "feed.xml")
    assert [d.title for d in docs] == [
        "Farmers protest water cuts outside ministry",
        "Library reopens after renovation",
    ]
    assert all(d.source == "Valley Gazette" and d.published_precision == "day" for d in docs)


def test_ids_are_stable_and_distinct():
    first = documents(FIXTURES)
    second = documents(FIXTURES)
    assert [d.id for d in first] == [d.id for d in second]
    assert len({d.id for d in first}) == len(first)
    assert all(d.id.startswith("d-") for d in first)


def test_fetched_documents_are_named_by_their_whole_url_or_link():
    from newsevents.clean.documents import document_id
    from newsevents.records import Origin

    first = document_id(Origin("https://a.example/rss", 0), 0, None, "T", "Body.")
    second = document_id(Origin("https://b.example/rss", 0), 0, None, "T", "Body.")
    assert first != second
    # a feed entry with its own link keeps its id when the feed grows at the top
    before = document_id(Origin("https://a.example/rss", 0), 0, "https://a.example/x", "T", "B")
    after = document_id(Origin("https://a.example/rss", 1), 1, "https://a.example/x", "T", "B")
    assert before == after
    # files keep their name-only key
    assert document_id(Origin("/x/seed.txt", 0), 0, None, "T", "B") == document_id(
        Origin("/y/seed.txt", 0), 0, None, "T", "B"
    )


# ------------------------------------------------------------------ untitled single articles


def test_a_jsonl_record_with_one_paragraph_and_no_title_keeps_its_text(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        '{"text": "Snow closed the Tarn pass road on Sunday, stranding about forty lorries."}\n'
        '{"text": "Harbour cranes were idle on Monday.\\n\\nDockers said talks would resume."}\n',
        encoding="utf-8",
    )
    first, second = documents(path)
    assert (first.title, first.text) == (
        "",
        "Snow closed the Tarn pass road on Sunday, stranding about forty lorries.",
    )
    # a first line that reads as a sentence is body, not a headline
    assert second.title == ""
    assert second.text == "Harbour cranes were idle on Monday.\n\nDockers said talks would resume."


def test_an_html_page_without_title_or_h1_keeps_its_only_paragraph(tmp_path):
    path = tmp_path / "bare.html"
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><main><article>'
        "<p>Volunteers in Lower Fenwick cleared mud from a dozen flooded cellars on Saturday after "
        "the river burst its banks overnight, the parish council said.</p>"
        "</article></main></body></html>",
        encoding="utf-8",
    )
    (doc,) = documents(path)
    assert doc.title == ""
    assert doc.text.startswith("Volunteers in Lower Fenwick cleared mud")


def test_raw_text_as_one_positioned_article_without_title():
    (doc,) = text_doc("Rain closed the mountain pass on Tuesday.", path="api", index=0)
    assert (doc.title, doc.text) == ("", "Rain closed the mountain pass on Tuesday.")
    # a headline set off by a blank line is still the title
    (doc,) = text_doc(
        "Rain closes mountain pass\n\nRain closed the pass on Tuesday.\n\nIt reopened on Friday.",
        path="api",
        index=0,
    )
    assert doc.title == "Rain closes mountain pass"
    assert doc.text == "Rain closed the pass on Tuesday.\n\nIt reopened on Friday."
    # a headline line with nothing after it is body: there is nothing else to keep
    (doc,) = text_doc("Rain closes mountain pass", path="api", index=0)
    assert (doc.title, doc.text) == ("", "Rain closes mountain pass")
    # a byline first is a header line, not a title
    (doc,) = text_doc("By Maren Holt\n\nRain closed the pass on Tuesday.", path="api", index=0)
    assert (doc.title, doc.byline, doc.text) == (
        "",
        "Maren Holt",
        "Rain closed the pass on Tuesday.",
    )


def test_a_dump_keeps_its_first_line_as_title():
    (doc,) = text_doc("Rain closes mountain pass\nRain closed the pass on Tuesday.")
    assert doc.title == "Rain closes mountain pass"
    assert doc.text == "Rain closed the pass on Tuesday."
