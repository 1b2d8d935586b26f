"""spaCy DocBin (``.spacy``) of gold documents, one token per character.

``spacy.blank("zh")`` would need a word segmenter (jieba, pkuseg) and its word
boundaries would cut spans. Here every character is a token
(``Doc(vocab, words=list(text), spaces=[False] * len(text))``, whitespace
characters included), so ``doc.text == text`` and every span offset is a token
boundary: ``doc.char_span`` never returns None. The gold id is kept in
``doc.user_data["govie_id"]``. spaCy is the optional extra ``govie[annotations]``,
imported only here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import AnnotationError

_NEEDS = "{path}: writing or reading spaCy DocBin needs the optional package 'spacy': pip install 'govie[annotations]'"


def _spacy(path: Path):
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
    except ImportError:
        raise AnnotationError(_NEEDS.format(path=path)) from None
    return spacy, Doc, DocBin


def to_spacy_doc(doc: dict[str, Any], vocab: Any) -> Any:
    """One gold document → a character-tokenized ``spacy.tokens.Doc`` with ``ents`` = its spans."""
    from spacy.tokens import Doc

    text = doc["text"]
    sd = Doc(vocab, words=list(text), spaces=[False] * len(text))
    ents = []
    for s in sorted(doc["spans"], key=lambda s: s["start"]):
        span = sd.char_span(s["start"], s["end"], label=s["label"])
        if span is None:  # pragma: no cover - every offset is a token boundary
            raise AnnotationError(f"{doc['id']}: span {s.get('id')} ({s['start']}, {s['end']}) is not on token boundaries")
        ents.append(span)
    try:
        sd.ents = ents
    except ValueError as exc:
        raise AnnotationError(f"{doc['id']}: spans overlap, a Doc takes flat entities ({exc})") from None
    sd.user_data["govie_id"] = str(doc["id"])
    return sd


def write_docbin(docs: list[dict[str, Any]], path: Path) -> None:
    """Write the documents as one DocBin file."""
    spacy, _, DocBin = _spacy(path)
    nlp = spacy.blank("xx")
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(to_spacy_doc(d, nlp.vocab))
    db.to_disk(path)


def read_docbin(path: Path) -> list[dict[str, Any]]:
    """Read a DocBin back: ``[{"id", "text", "spans"}]`` with ``doc.ents`` as spans."""
    path = Path(path)
    spacy, _, DocBin = _spacy(path)
    if not path.is_file():
        raise AnnotationError(f"{path}: {'is a directory, expected a file' if path.is_dir() else 'no such file'}")
    try:
        db = DocBin().from_disk(path)
        sdocs = list(db.get_docs(spacy.blank("xx").vocab))
    except Exception as exc:  # msgpack/zlib errors of a file that is not a DocBin
        raise AnnotationError(f"{path}: not a spaCy DocBin file ({type(exc).__name__}: {str(exc)[:80]})") from None
    out = []
    for n, sd in enumerate(sdocs, 1):
        spans = [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in sd.ents]
        out.append({"id": str(sd.user_data.get("govie_id", n)), "text": sd.text, "spans": spans})
    return out
