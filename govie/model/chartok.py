"""A character-level tokenizer: one token per NFKC-normalized character.

Built with the ``tokenizers`` library (WordLevel model over single characters),
so offsets come from the Rust side and ``PreTrainedTokenizerFast`` loads it
from ``tokenizer.json`` like any other fast tokenizer. A character whose NFKC
form is several characters (``℃`` -> ``°C``) becomes several tokens that all
carry the offsets of the original character.
"""
from __future__ import annotations

import string
import unicodedata
from collections import Counter
from typing import Iterable

from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIALS: tuple[str, ...] = (PAD, UNK, CLS, SEP, MASK)

# Always in the vocabulary, whatever the training text: digits, ASCII letters and
# punctuation, whitespace, and the CJK punctuation and symbols of report text
# (after NFKC, so full-width forms are already folded).
BASE_CHARS: str = (
    string.digits + string.ascii_letters + string.punctuation + " \n\t"
    + "。、；：？！“”‘’（）《》【】—…·～≥≤＞＜±×÷°％‰" + "〇一二三四五六七八九十百千万亿两余多近约"
)


def normalize_char(ch: str) -> str:
    """The NFKC form of one character (may be several characters long)."""
    return unicodedata.normalize("NFKC", ch)


def build_char_tokenizer(texts: Iterable[str], *, min_freq: int = 1, max_vocab: int | None = None,
                         max_length: int = 512, extra: Iterable[str] = ()):
    """Build a char tokenizer from training text and wrap it as a ``PreTrainedTokenizerFast``.

    The vocabulary is the specials, then ``BASE_CHARS``, then every NFKC character
    seen at least ``min_freq`` times (most frequent first, ties by code point),
    then the single characters of ``extra`` in their order (e.g. a pretrained
    model's character pieces; characters that NFKC changes are skipped), cut at
    ``max_vocab`` entries in all.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(unicodedata.normalize("NFKC", text))
    vocab: dict[str, int] = {}
    for tok in SPECIALS:
        vocab[tok] = len(vocab)
    for ch in "".join(normalize_char(c) for c in BASE_CHARS):
        vocab.setdefault(ch, len(vocab))
    ranked = sorted((c for c, n in counts.items() if n >= min_freq and c not in vocab),
                    key=lambda c: (-counts[c], c))
    more = (ch for ch in extra if len(ch) == 1 and normalize_char(ch) == ch and ch not in vocab)
    for ch in (*ranked, *more):
        if max_vocab is not None and len(vocab) >= max_vocab:
            break
        vocab.setdefault(ch, len(vocab))
    return wrap(_raw_tokenizer(vocab), max_length=max_length)


def _raw_tokenizer(vocab: dict[str, int]) -> Tokenizer:
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token=UNK))
    tok.normalizer = normalizers.NFKC()
    # Every single character (newline included) is its own pre-token.
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tok.post_processor = processors.TemplateProcessing(
        single=f"{CLS} $A {SEP}", pair=f"{CLS} $A {SEP} $B {SEP}",
        special_tokens=[(CLS, vocab[CLS]), (SEP, vocab[SEP])],
    )
    tok.add_special_tokens(list(SPECIALS))
    return tok


def wrap(tok: Tokenizer, *, max_length: int = 512):
    """Wrap a raw ``tokenizers.Tokenizer`` as a transformers fast tokenizer."""
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token=UNK, pad_token=PAD, cls_token=CLS, sep_token=SEP,
        mask_token=MASK, model_max_length=max_length,
    )


def prune_vocab(model, tokenizer, keep):
    """Drop the characters for which ``keep(ch)`` is false (specials always stay): ``(model, tokenizer)``.

    The embedding rows of the kept characters are moved to their new ids (order kept);
    dropped characters read as ``[UNK]`` from then on. Used to fit a shipped model in
    its size budget (``evaluate/ship_model.py --prune-vocab``).
    """
    import torch

    old = tokenizer.get_vocab()
    kept = [t for t, _ in sorted(old.items(), key=lambda kv: kv[1]) if t in SPECIALS or keep(t)]
    vocab = {t: i for i, t in enumerate(kept)}
    emb = model.get_input_embeddings()
    rows = torch.tensor([old[t] for t in kept])
    new = torch.nn.Embedding(len(kept), emb.embedding_dim, padding_idx=vocab[PAD])
    with torch.no_grad():
        new.weight.copy_(emb.weight[rows])
    model.set_input_embeddings(new)
    model.config.vocab_size = len(kept)
    model.config.pad_token_id = vocab[PAD]
    return model, wrap(_raw_tokenizer(vocab), max_length=tokenizer.model_max_length)
