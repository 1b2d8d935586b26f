"""A character-level BERT initialised from a pretrained subword BERT (``model.base = "e5char:<dir>"``).

The base is a Hugging Face BERT directory with ``config.json``, ``tokenizer.json``
and ``model.safetensors`` (made for multilingual-e5-small, XLM-R SentencePiece).
The new model has govie's char tokenizer (:mod:`govie.model.chartok`: training
characters, optionally plus the base's single-character pieces), the base's
hidden size, heads and FFN, ``num_layers`` of its layers (or the ``layers`` listed)
and ``max_position`` positions. Weights copied from the base: one word-embedding
row per character (the row of the piece ``ch``, else of ``"▁" + ch``, else of the
first non-``▁`` piece the base tokenizer makes of ``ch``; whitespace takes
``"▁"``; characters with none keep a random row), the first ``max_position``
position rows, token type 0, the embedding LayerNorm and the chosen encoder
layers. The classifier is new. The result is a plain ``BertForTokenClassification``
with a char tokenizer: saved, it loads without the base directory.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Sequence

from govie.errors import ConfigError

from ._helpers import find_path
from .chartok import CLS, MASK, PAD, SEP, UNK, build_char_tokenizer, normalize_char

PREFIX = "e5char:"
METASPACE = "▁"
BASE_FILES = ("config.json", "tokenizer.json", "model.safetensors")
# char tokenizer special -> (tokenizer_config.json key, default piece in an XLM-R vocabulary)
SPECIAL_PIECES = {PAD: ("pad_token", "<pad>"), UNK: ("unk_token", "<unk>"), CLS: ("cls_token", "<s>"),
                  SEP: ("sep_token", "</s>"), MASK: ("mask_token", "<mask>")}


def select_layers(layers: Sequence[int], num_layers: int, total: int) -> list[int]:
    """Base layer indices to copy: ``layers`` if given, else the first ``num_layers`` (ConfigError if invalid)."""
    if layers:
        bad = [x for x in layers if isinstance(x, bool) or not isinstance(x, int) or not 0 <= x < total]
        if bad or len(set(layers)) != len(layers):
            raise ConfigError(f"config: model.layers {list(layers)} must be distinct layer indices in 0..{total - 1} "
                              f"(the base has {total} layers)")
        return list(layers)
    if not 1 <= num_layers <= total:
        raise ConfigError(f"config: model.num_layers {num_layers}: allowed 1..{total} for this base")
    return list(range(num_layers))


def base_chars(pieces: Iterable[str]) -> list[str]:
    """Single characters of a subword vocabulary (``"x"`` or ``"▁x"``), in vocabulary order.

    Kept: CJK ideographs, printable ASCII, punctuation and symbols, and only
    characters that NFKC leaves unchanged (the char tokenizer normalizes its input).
    """
    out: dict[str, None] = {}
    for p in pieces:
        ch = p[1:] if p.startswith(METASPACE) else p
        if len(ch) != 1 or ch == METASPACE or normalize_char(ch) != ch:
            continue
        if (" " < ch <= "~" or unicodedata.category(ch)[0] in "PS"
                or unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")):
            out.setdefault(ch, None)
    return list(out)


def base_row(ch: str, vocab: dict[str, int], tokenizer: Any, unk_id: int | None) -> tuple[int | None, str]:
    """``(base id, how)`` for one character; how is piece, metaspace, tokenize or random (id None)."""
    if ch.isspace():  # a char-level base (evaluate/make_char_base.py) has its own whitespace rows
        for piece, how in ((ch, "piece"), (METASPACE, "metaspace")):
            if piece in vocab:
                return vocab[piece], how
        return None, "random"
    nf = normalize_char(ch)
    for piece, how in ((nf, "piece"), (METASPACE + nf, "metaspace")):
        if piece in vocab:
            return vocab[piece], how
    for piece in tokenizer.encode(ch, add_special_tokens=False).tokens:
        pid = vocab.get(piece)
        if piece != METASPACE and pid is not None and pid != unk_id:
            return pid, "tokenize"
    return None, "random"


def _special_pieces(where: Path, vocab: dict[str, int]) -> dict[str, int | None]:
    conf_path = where / "tokenizer_config.json"
    conf = json.loads(conf_path.read_text(encoding="utf-8")) if conf_path.is_file() else {}
    out: dict[str, int | None] = {}
    for name, (key, default) in SPECIAL_PIECES.items():
        piece = conf.get(key) if isinstance(conf.get(key), str) else default
        out[name] = vocab.get(piece)
    return out


def read_base(base: str, roots: Sequence[str]) -> tuple[Path, dict[str, Any]]:
    """The base directory of ``e5char:<dir>`` and its config (ConfigError if incomplete or not BERT)."""
    where = find_path(base[len(PREFIX):], roots, "model.base")
    missing = [n for n in BASE_FILES if not (where / n).is_file()]
    if missing:
        raise ConfigError(f"config: model.base {base!r}: {where} lacks {', '.join(missing)}")
    try:
        conf = json.loads((where / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"config: model.base {base!r}: unreadable config.json ({exc})") from None
    if conf.get("model_type") != "bert":
        raise ConfigError(f"config: model.base {base!r}: model_type {conf.get('model_type')!r}; allowed: bert")
    return where, conf


def init_e5char(cfg: dict[str, Any], tags: list[str], train_texts: list[str]) -> tuple[Any, Any, dict[str, Any]]:
    """``(model, char tokenizer, base info)`` for ``model.base = "e5char:<dir>"`` (see the module doc)."""
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertForTokenClassification

    m = cfg["model"]
    where, conf = read_base(m["base"], cfg["_roots"])
    layers = select_layers(m["layers"], m["num_layers"], int(conf["num_hidden_layers"]))
    max_pos = m["max_position"] or int(conf["max_position_embeddings"])
    if not 1 <= max_pos <= conf["max_position_embeddings"]:
        raise ConfigError(f"config: model.max_position {max_pos}: allowed 1..{conf['max_position_embeddings']} "
                          "for this base")
    btok = Tokenizer.from_file(str(where / "tokenizer.json"))
    vocab = btok.get_vocab(with_added_tokens=True)
    extra = base_chars(sorted(vocab, key=vocab.get)) if m["base_vocab"] else ()
    tok = build_char_tokenizer(train_texts, min_freq=m["vocab_min_freq"], max_vocab=m["max_vocab"],
                               max_length=cfg["data"]["max_length"], extra=extra)
    keep = {k: v for k, v in conf.items() if k not in ("architectures", "dtype", "torch_dtype", "bos_token_id",
                                                       "eos_token_id", "id2label", "label2id", "transformers_version")}
    config = BertConfig(**{**keep, "vocab_size": len(tok), "num_hidden_layers": len(layers),
                           "max_position_embeddings": max_pos, "type_vocab_size": 1,
                           "hidden_dropout_prob": m["dropout"], "attention_probs_dropout_prob": m["dropout"],
                           "pad_token_id": tok.pad_token_id, "id2label": dict(enumerate(tags)),
                           "label2id": {t: i for i, t in enumerate(tags)}})
    model = BertForTokenClassification(config)
    rows, counts = vocab_rows(tok.get_vocab(), vocab, btok, _special_pieces(where, vocab))
    _copy_weights(model, where / "model.safetensors", rows, layers, m["base"])
    info = {"base": m["base"], "base_layers": layers, "vocab_rows": counts,
            "architecture": {"layers": len(layers), "hidden": config.hidden_size, "vocab": len(tok),
                             "max_position": max_pos}}
    return model, tok, info


def vocab_rows(char_vocab: dict[str, int], vocab: dict[str, int], tokenizer: Any,
               specials: dict[str, int | None]) -> tuple[list[int | None], dict[str, int]]:
    """Base row of each char-vocabulary id (None: random) and how many rows were found which way."""
    rows: list[int | None] = []
    counts = {"special": 0, "piece": 0, "metaspace": 0, "tokenize": 0, "random": 0}
    for piece, _ in sorted(char_vocab.items(), key=lambda kv: kv[1]):
        row, how = (specials[piece], "special") if piece in specials else base_row(piece, vocab, tokenizer,
                                                                                   specials[UNK])
        counts["random" if row is None else how] += 1
        rows.append(row)
    return rows, counts


def _copy_weights(model: Any, weights: Path, rows: list[int | None], layers: list[int], base: str) -> None:
    """Copy the base tensors into ``model.bert``: embedding rows, cut tables, the chosen layers."""
    import torch
    from safetensors import safe_open

    with safe_open(str(weights), framework="pt") as f, torch.no_grad():
        names = set(f.keys())
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in names else ""
        for name, param in model.bert.named_parameters():
            src = name
            if name.startswith("encoder.layer."):
                j = int(name.split(".")[2])
                src = name.replace(f"encoder.layer.{j}.", f"encoder.layer.{layers[j]}.", 1)
            if prefix + src not in names:
                raise ConfigError(f"config: model.base {base!r}: model.safetensors has no tensor {prefix + src!r}")
            value = f.get_tensor(prefix + src).float()
            if name == "embeddings.word_embeddings.weight":
                found = [(i, r) for i, r in enumerate(rows) if r is not None]
                if found and (value.shape[1] != param.shape[1] or max(r for _, r in found) >= value.shape[0]):
                    raise ConfigError(f"config: model.base {base!r}: tensor {src!r} has shape {tuple(value.shape)}, "
                                      f"expected ({max(r for _, r in found) + 1}+, {param.shape[1]})")
                if found:
                    dst, idx = (torch.tensor(x) for x in zip(*found))
                    param[dst] = value[idx]
                continue
            if name in ("embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight"):
                value = value[:param.shape[0]]
            if value.shape != param.shape:
                raise ConfigError(f"config: model.base {base!r}: tensor {src!r} has shape "
                                  f"{tuple(value.shape)}, expected {tuple(param.shape)}")
            param.copy_(value)
