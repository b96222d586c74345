"""The benchmark harness: a corpus without repeats, and a summary with every key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.bench import REQUIRED_KEYS, Source, build_corpus, load_sources
from newsevents.serve.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return load_sources([FIXTURES])


def test_sources_are_cleaned_articles_split_into_paragraphs(sources):
    assert len(sources) >= 4
    assert all(s.paragraphs and all(p.strip() == p and p for p in s.paragraphs) for s in sources)


def test_corpus_never_repeats_a_text(sources):
    corpus = build_corpus(120, sources)
    texts = [row["text"] for row in corpus]
    assert len(texts) == 120
    assert len(set(texts)) == len(texts)
    assert len({row["title"] for row in corpus}) == len(corpus)


def test_corpus_recombines_paragraphs_of_real_articles(sources):
    pool = {p for s in sources for p in s.paragraphs}
    corpus = build_corpus(30, sources)
    for row in corpus:
        assert set(row["text"].split("\n\n")) <= pool
    mixed = [
        row
        for row in corpus
        if not any(set(row["text"].split("\n\n")) <= set(s.paragraphs) for s in sources)
    ]
    assert len(mixed) > len(corpus) // 2  # most articles mix paragraphs of several articles


def test_corpus_is_deterministic(sources):
    assert build_corpus(20, sources, seed=3) == build_corpus(20, sources, seed=3)
    assert build_corpus(20, sources, seed=3) != build_corpus(20, sources, seed=4)


def test_corpus_refuses_when_it_cannot_be_distinct():
    tiny = [Source("A", ["One."], None, None), Source("B", ["Two."], None, None)]
    with pytest.raises(ValueError, match="distinct"):
        build_corpus(50, tiny)


@pytest.mark.slow
def test_small_bench_writes_every_key(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(
        app, ["bench", "--articles", "6", "--workers", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(out.read_text())
    for key in (*REQUIRED_KEYS, "workers_speedup"):
        assert key in summary, key
        assert summary[key] is not None, key
    assert summary["articles"] == 6
    assert summary["workers"] == 2
    assert summary["words"] > 6 * 20
    for key in ("spacy_articles_per_s", "extract_articles_per_s", "ingest_articles_per_s"):
        assert summary[key] > 0
    assert summary["peak_rss_mb"] > 50  # the spaCy model alone is bigger than this
    assert 0.5 < summary["rss_ratio_4x"] < 3
    assert summary["time_ratio_4x"] > 1  # four times the articles takes longer
    phases = summary["phases"]
    assert set(phases) == {"spacy", "extract", "ingest", "extract_2w", "extract_4x"}
    assert phases["extract_4x"]["articles"] == 24
    assert phases["extract"]["counts"]["document"] == 6
    assert phases["extract_2w"]["counts"] == phases["extract"]["counts"]
    assert phases["ingest"]["counts"]["document"] == 6
    assert summary["machine"]["cpu_count"] >= 1
    assert summary["machine"]["python"].count(".") == 2
