"""govie.model: char tokenizer, BIO mapping, windows, metrics, training, tagger, model dirs."""
from __future__ import annotations

import ast
import json
import random
import shutil
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.errors import AnnotationError, ConfigError, ModelError
from govie.model import bio, data, metrics
from govie.model._helpers import encode_many, make_windows, owner_of_tokens
from govie.schema import LABELS

ROOT = Path(__file__).resolve().parents[1]
TINY_GOLD = ROOT / "tests" / "data" / "tiny_gold.jsonl"
E5_TOKENIZER = next((p / "pretrained" / "multilingual-e5-small-zh" / "tokenizer.json"
                     for p in (ROOT.parent / "shared", Path("/work/shared"))
                     if (p / "pretrained" / "multilingual-e5-small-zh" / "tokenizer.json").exists()),
                    Path("/work/shared/pretrained/multilingual-e5-small-zh/tokenizer.json"))

SAMPLE = "1-9月，全区细颗粒物（PM2.5）平均浓度为40微克/立方米，同比下降9.1%。\n区财政局牵头，年底前完成12个。"
ALPHABET = "0123456789.%-月年日万亿余区局为完成下降同比微克立方米，。；\n PM（）℃㎡"


@cache
def char_tokenizer():
    from govie.model.chartok import build_char_tokenizer

    return build_char_tokenizer([d["text"] for d in data.load_gold(TINY_GOLD)], max_length=64)


@st.composite
def text_and_spans(draw, alphabet=ALPHABET, strip=False):
    text = draw(st.text(alphabet=alphabet, min_size=0, max_size=60))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if strip:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
        if a < b:
            spans.append((a, b, draw(st.sampled_from(LABELS))))
    return text, spans


# --- chartok -------------------------------------------------------------------------

def test_chartok_one_token_per_char_with_offsets(tmp_path):
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    tok = char_tokenizer()
    text = "温度25℃，面积3㎡\n全区ＰＭ2.5浓度 下降龘"
    enc = tok(text, return_offsets_mapping=True)
    toks = tok.convert_ids_to_tokens(enc["input_ids"])
    assert toks[0] == "[CLS]" and toks[-1] == "[SEP]"
    pieces: dict[int, str] = {}
    for t, (s, e) in zip(toks[1:-1], enc["offset_mapping"][1:-1]):
        assert e == s + 1  # every token maps back to exactly one source character
        pieces[s] = pieces.get(s, "") + (t if t != "[UNK]" else "?")
    assert sorted(pieces) == list(range(len(text)))
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        assert pieces[i] == norm or "?" in pieces[i], (ch, pieces[i])
    assert pieces[text.index("℃")] == "°C" and pieces[text.index("Ｐ")] == "P"
    assert pieces[len(text) - 1] == "?"  # 龘 is not in the vocabulary
    tok.save_pretrained(tmp_path)
    for again in (AutoTokenizer.from_pretrained(tmp_path),
                  PreTrainedTokenizerFast(tokenizer_file=str(tmp_path / "tokenizer.json"))):
        assert again(text, return_offsets_mapping=True)["offset_mapping"][1:-1] == enc["offset_mapping"][1:-1]
        assert again(text)["input_ids"][1:-1] == enc["input_ids"][1:-1]


# --- bio -----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(text_and_spans())
def test_spans_char_bio_round_trip(case):
    text, spans = case
    tags = bio.spans_to_char_bio(len(text), spans)
    assert len(tags) == len(text)
    assert bio.char_bio_to_spans(tags) == spans


@settings(max_examples=100, deadline=None)
@given(text_and_spans(strip=True))
def test_spans_through_char_tokens_round_trip(case):
    text, spans = case
    (enc,) = encode_many(char_tokenizer(), [text])
    tags = bio.token_tags(bio.spans_to_char_bio(len(text), spans), enc.ranges)
    assert [(s, e, lab) for s, e, lab, _ in bio.decode_tokens(tags, enc.ranges)] == spans


def test_bio_rejects_overlap_and_repairs_window_starts():
    with pytest.raises(AnnotationError, match="overlaps"):
        bio.spans_to_char_bio(10, [(0, 3, "QTY"), (2, 4, "UNIT")])
    with pytest.raises(AnnotationError, match="outside"):
        bio.spans_to_char_bio(3, [(1, 5, "QTY")])
    assert bio.repair(["I-QTY", None, "I-QTY", "O", "I-UNIT", "I-QTY"]) == \
        ["B-QTY", None, "I-QTY", "O", "B-UNIT", "B-QTY"]
    assert bio.char_bio_to_spans(["I-QTY", "I-QTY", "B-QTY", "O", "I-REL"]) == \
        [(0, 2, "QTY"), (2, 3, "QTY"), (4, 5, "REL")]


def test_token_ranges_trim_space_and_shared_starts():
    text = " ab c"
    # SentencePiece-like: lone "▁" (0,1), "ab" (0,3)-with-space, "c" sharing nothing
    assert bio.token_ranges(text, [(0, 1), (0, 3), (3, 5)]) == [None, (1, 3), (4, 5)]
    # NFKC expansion: two tokens on one character -> the last one labels it
    assert bio.token_ranges("3㎡", [(0, 1), (1, 2), (1, 2)]) == [(0, 1), None, (1, 2)]
    # overlapping ends are cut back to the next token's start
    assert bio.token_ranges("25℃", [(0, 1), (1, 3), (2, 3)]) == [(0, 1), (1, 2), (2, 3)]


@pytest.mark.skipif(not E5_TOKENIZER.exists(), reason="shared e5 tokenizer not present")
def test_subword_mapping_with_e5_tokenizer():
    from transformers import PreTrainedTokenizerFast

    tok = PreTrainedTokenizerFast(tokenizer_file=str(E5_TOKENIZER))
    text = "1-9月，全区PM2.5浓度为40微克/立方米。\n 同比下降 9.1%；北京市西城区人民政府"
    spans = [(text.index(t), text.index(t) + len(t), lab)
             for t, lab in (("1-9月", "DATE"), ("微克/立方米", "UNIT"), ("同比下降", "REL"), ("北京市西城区人民政府", "ORG"))]
    (enc,) = encode_many(tok, [text])
    tags = bio.token_tags(bio.spans_to_char_bio(len(text), spans), enc.ranges)
    decoded = [(s, e, lab) for s, e, lab, _ in bio.decode_tokens(tags, enc.ranges)]
    assert decoded == spans  # these spans sit on token boundaries
    # a token's label is its first non-space character's: "▁9." starts a QTY at "9"
    nine = text.index("9.1")
    k = next(i for i, r in enumerate(enc.ranges) if r and r[0] == nine)
    tags2 = bio.token_tags(bio.spans_to_char_bio(len(text), [(nine, nine + 3, "QTY")]), enc.ranges)
    assert tags2[k] == "B-QTY"
    # decoding snaps to whole tokens: "1%" is one token, so the QTY swallows "%"
    (span,) = bio.decode_tokens(tags2, enc.ranges)
    assert span[:3] == (nine, nine + 4, "QTY")
    # every run of consecutive labelled tokens survives the round trip
    rng = random.Random(3)
    kept = [r for r in enc.ranges if r is not None]
    for _ in range(50):
        i = rng.randrange(len(kept))
        j = rng.randrange(i, min(len(kept), i + 4))
        sp = [(kept[i][0], kept[j][1], rng.choice(LABELS))]
        t3 = bio.token_tags(bio.spans_to_char_bio(len(text), sp), enc.ranges)
        assert [x[:3] for x in bio.decode_tokens(t3, enc.ranges)] == sp


# --- windows -------------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab。\n", max_size=120), st.integers(4, 20), st.integers(0, 3))
def test_windows_cover_every_token_and_respect_size(text, size, overlap):
    offsets = [(i, i + 1) for i in range(len(text))]
    wins = make_windows(text, offsets, size, overlap)
    assert all(0 < b - a <= size for a, b in wins)
    covered = sorted({i for a, b in wins for i in range(a, b)})
    assert covered == list(range(len(text)))
    owner, pos = owner_of_tokens(wins, len(text))
    for i in range(len(text)):
        a, b = wins[owner[i]]
        assert a + pos[i] == i
        # no window holds token i farther from its edges; ties go to the earlier window
        assert all(min(i - a2, b2 - 1 - i) < min(i - a, b - 1 - i) or w2 >= owner[i]
                   for w2, (a2, b2) in enumerate(wins) if a2 <= i < b2)


def test_windows_cut_at_sentence_ends_and_overlap_long_sentences():
    text = "aaa。bbbb。cc\n" + "x" * 25
    offsets = [(i, i + 1) for i in range(len(text))]
    wins = make_windows(text, offsets, 10, 2)
    assert wins[:2] == [(0, 9), (9, 12)]  # "aaa。bbbb。" packed, "cc\n" alone
    long = wins[2:]
    assert long == [(12, 22), (20, 30), (27, 37)]
    assert all(b2 - a2 == 10 and a2 < b1 for (a1, b1), (a2, b2) in zip(long, long[1:]))


# --- metrics -------------------------------------------------------------------------

def _random_docs(seed: int, n: int = 40):
    rng = random.Random(seed)
    gold, pred = [], []
    for _ in range(n):
        length = rng.randint(0, 40)
        g, pos = [], 0
        while pos < length - 1 and rng.random() < 0.8:
            a = rng.randint(pos, length - 1)
            b = rng.randint(a + 1, min(length, a + 6))
            g.append((a, b, rng.choice(LABELS)))
            pos = b + rng.randint(0, 2)
        p = []
        for a, b, lab in g:
            r = rng.random()
            if r < 0.5:
                p.append((a, b, lab))
            elif r < 0.65:
                p.append((a, b, rng.choice(LABELS)))
            elif r < 0.8 and b - a > 1:
                p.append((a + 1, b, lab))
        if length and rng.random() < 0.3 and not any(s <= length - 1 < e for s, e, _ in p):
            p.append((length - 1, length, "QTY"))
        gold.append({"text": "x" * length, "spans": g})
        pred.append(p)
    return gold, pred


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_match_seqeval_strict(seed):
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    gold, pred = _random_docs(seed)
    y_true = [bio.spans_to_char_bio(len(d["text"]), d["spans"]) for d in gold]
    y_pred = [bio.spans_to_char_bio(len(d["text"]), p) for d, p in zip(gold, pred)]
    ours = metrics.evaluate_spans(gold, pred)
    kw = {"mode": "strict", "scheme": IOB2}
    assert ours["f1"] == pytest.approx(f1_score(y_true, y_pred, **kw))
    assert ours["precision"] == pytest.approx(precision_score(y_true, y_pred, **kw))
    assert ours["recall"] == pytest.approx(recall_score(y_true, y_pred, **kw))
    report = classification_report(y_true, y_pred, output_dict=True, zero_division=0, **kw)
    for lab, row in ours["per_label"].items():
        ref = report.get(lab, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
        assert (row["precision"], row["recall"], row["f1"]) == pytest.approx(
            (ref["precision"], ref["recall"], ref["f1-score"]))
        assert row["support"] == ref["support"]


def test_metrics_edge_cases():
    assert metrics.evaluate_spans([], [])["f1"] == 0.0
    out = metrics.evaluate_spans([{"spans": [(0, 2, "QTY")]}], [[{"start": 0, "end": 2, "label": "QTY"}]])
    assert (out["precision"], out["recall"], out["f1"]) == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="1 gold documents but 0"):
        metrics.evaluate_spans([[]], [])


# --- gold data -----------------------------------------------------------------------

def test_load_gold_and_split_by_document(tmp_path):
    docs = data.load_gold(TINY_GOLD)
    assert len(docs) == 16 and {s["label"] for d in docs for s in d["spans"]} == set(LABELS)
    for d in docs:
        bio.spans_to_char_bio(len(d["text"]), d["spans"])  # valid, non-overlapping
    f = tmp_path / "g.jsonl"
    rows = [{"id": "a", "doc": "R1", "text": "共12个", "spans": [{"start": 1, "end": 3, "label": "QTY"}]},
            {"id": "a", "doc": "R1", "text": "共12个", "spans": [{"start": 3, "end": 4, "label": "UNIT"}]},
            {"id": "a", "doc": "R1", "text": "3月", "spans": [], "extra": 1},
            {"id": "b", "text": "无", "spans": []}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    got = data.load_gold(f)
    assert [(d["id"], d["doc"], len(d["spans"])) for d in got] == [("a", "R1", 2), ("a#2", "R1", 0), ("b", "b", 0)]
    split = data.split_docs(got, {"train": ["R1"], "dev": ["b"]}, seed=0)
    assert [d["id"] for d in split["train"]] == ["a", "a#2"] and [d["id"] for d in split["dev"]] == ["b"]
    with pytest.raises(ConfigError, match="'zz'"):
        data.split_docs(got, {"train": ["zz"]}, seed=0)
    by_fraction = data.split_docs(docs, {"dev_fraction": 0.2, "test_fraction": 0.2}, seed=5)
    keys = [{d["doc"] for d in by_fraction[s]} for s in data.SPLITS]
    assert sum(map(len, keys)) == 16 and not (keys[0] & keys[1] or keys[0] & keys[2] or keys[1] & keys[2])


@pytest.mark.parametrize("row, match", [
    ({"id": "x", "text": "12个", "spans": [{"start": 0, "end": 2, "label": "NUM"}]}, "label 'NUM'"),
    ({"id": "x", "text": "12个", "spans": [{"start": 0, "end": 9, "label": "QTY"}]}, "outside"),
    ({"id": "x", "text": "12个", "spans": [{"start": 0, "end": 2, "label": "QTY", "text": "13"}]}, "'13'"),
    ({"id": "x", "text": "12个", "spans": [{"start": 0, "end": 2, "label": "QTY"},
                                           {"start": 1, "end": 3, "label": "UNIT"}]}, "overlap"),
    ({"text": "12个"}, "needs 'id'"),
])
def test_load_gold_rejects_bad_lines(tmp_path, row, match):
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=match) as err:
        data.load_gold(f)
    assert "bad.jsonl:1" in str(err.value)


def test_augment_keeps_spans_valid_and_is_deterministic():
    docs = data.load_gold(TINY_GOLD)
    aug = data.augment(docs, copies=2, swap_prob=0.4, synthetic_prob=0.4, seed=1)
    assert aug == data.augment(docs, copies=2, swap_prob=0.4, synthetic_prob=0.4, seed=1)
    assert len(aug) == 32 and sum(a["text"] != d["text"] for a, d in zip(aug, docs * 2)) > 10
    for a, d in zip(aug, docs * 2):
        assert [s["label"] for s in a["spans"]] == [s["label"] for s in d["spans"]]
        bio.spans_to_char_bio(len(a["text"]), a["spans"])
        assert all(a["text"][s["start"]:s["end"]] for s in a["spans"])


# --- training and tagging ------------------------------------------------------------

@pytest.fixture(scope="module")
def tagger(tiny_model):
    from govie.model import Tagger

    return Tagger.load(tiny_model[0])


def test_training_writes_a_complete_model_dir(tiny_model):
    out, summary = tiny_model
    names = {p.name for p in out.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "govie.json", "MODEL_CARD.md", "card.json"} <= names
    assert not [n for n in names if n.endswith((".bin", ".pt", ".pkl", ".pth"))]
    meta = json.loads((out / "govie.json").read_text(encoding="utf-8"))
    assert meta["labels"] == sorted(LABELS) and meta["max_length"] == 32 and meta["base"] == "scratch"
    assert meta["data_hash"] == summary["data_hash"] and len(meta["data_hash"]) == 64
    assert summary["steps"] == 40 and "dev" in summary["metrics"] and "test" in summary["metrics"]
    split_docs = [set(meta["documents"][s]) for s in data.SPLITS]
    assert not (split_docs[0] & split_docs[1]) and not (split_docs[0] & split_docs[2])
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert sorted(config["id2label"].values()) == sorted(bio.bio_tags())
    assert "| dev | all |" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_predict_normal_empty_and_batch(tagger):
    from govie.schema import Span

    assert set(tagger.labels) == set(LABELS)
    spans = tagger.predict(SAMPLE)
    assert spans and all(isinstance(s, Span) and s.source == "model" for s in spans)
    prev_end = 0
    for s in spans:
        assert prev_end <= s.start < s.end <= len(SAMPLE) and SAMPLE[s.start:s.end] == s.text
        assert s.label in LABELS and 0.0 < s.score <= 1.0 and s.text == s.text.strip()
        prev_end = s.end
    assert tagger.predict("") == []
    assert tagger.predict_batch([]) == []
    batch = tagger.predict_batch(["", SAMPLE, "完成12个"])
    assert batch[0] == [] and [(s.start, s.end, s.label) for s in batch[1]] == [(s.start, s.end, s.label) for s in spans]
    assert [s.score for s in batch[1]] == pytest.approx([s.score for s in spans], abs=1e-5)
    with pytest.raises(ValueError, match="text 0 is int"):
        tagger.predict(3)


def test_predict_is_deterministic_and_reloads_identically(tagger, tiny_model):
    from govie.model import Tagger

    first = [s.to_dict() for s in tagger.predict(SAMPLE)]
    assert [s.to_dict() for s in tagger.predict(SAMPLE)] == first
    assert [s.to_dict() for s in Tagger.load(tiny_model[0]).predict(SAMPLE)] == first


def test_predict_200k_characters(tagger):
    text = (SAMPLE * 3000)[:150_000] + "一" * 30_000 + ("完成12个；" * 4000)[:20_000]
    assert len(text) == 200_000
    spans = tagger.predict(text)
    assert spans and all(0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    head = [(s.start, s.end, s.label) for s in tagger.predict(SAMPLE)]
    assert [(s.start, s.end, s.label) for s in spans if s.end <= len(SAMPLE)][:len(head) - 1] == head[:-1]


def test_training_is_deterministic(tmp_path):
    from govie.model.train import main

    outs = []
    for k in range(2):
        main(["--config", str(ROOT / "train" / "tiny.toml"), "--output", str(tmp_path / f"m{k}"),
              "--gold", str(TINY_GOLD), "--max-steps", "4", "--set", "train.eval_every=2"])
        outs.append((tmp_path / f"m{k}" / "model.safetensors").read_bytes())
    assert outs[0] == outs[1]


def test_continue_training_extends_labels_and_distils(tmp_path, tiny_model):
    from govie.model import Tagger
    from govie.model.io import _extend_head
    from govie.model.train import main

    base = ["--config", str(ROOT / "train" / "tiny.toml"), "--gold", str(TINY_GOLD), "--max-steps", "3"]
    main(base + ["--output", str(tmp_path / "small"), "--set", 'model.labels=["QTY", "UNIT"]'])
    assert Tagger.load(tmp_path / "small").labels == ("QTY", "UNIT")
    main(base + ["--output", str(tmp_path / "more"), "--set", f'model.base="govie:{tmp_path / "small"}"',
                 "--set", f'distill.teacher="{tiny_model[0]}"'])
    more = Tagger.load(tmp_path / "more")
    assert more.tags[:5] == ["O", "B-QTY", "I-QTY", "B-UNIT", "I-UNIT"] and set(more.labels) == set(LABELS)
    # the head grows by rows; old rows are kept as they were
    model = Tagger.load(tmp_path / "small").model
    old_w = model.classifier.weight.detach().clone()
    _extend_head(model, ["O", "B-QTY", "I-QTY", "B-UNIT", "I-UNIT", "B-ORG", "I-ORG"])
    assert model.classifier.weight.shape[0] == 7 and (model.classifier.weight[:5] == old_w).all()
    assert model.config.id2label[6] == "I-ORG"


def test_distillation_loss():
    import torch

    from govie.model.train import _loss

    torch.manual_seed(0)
    logits = torch.randn(2, 5, 13)
    labels = torch.randint(0, 13, (2, 5))
    labels[0, 0] = labels[1, 4] = bio.IGNORE
    ce = torch.nn.functional.cross_entropy(logits.flatten(0, 1), labels.flatten(), ignore_index=bio.IGNORE)
    assert torch.isclose(_loss(logits, {"labels": labels}, 0.5, 2.0), ce)
    own = {"labels": labels, "soft": torch.softmax(logits, -1)}
    assert torch.isclose(_loss(logits, own, 0.0, 2.0), ce)
    # a teacher that agrees with the student adds nothing, at any temperature
    assert torch.isclose(_loss(logits, own, 1.0, 2.0), torch.tensor(0.0), atol=1e-5)
    # one-hot soft labels at T=1 give back the cross-entropy
    onehot = torch.nn.functional.one_hot(labels.clamp_min(0), 13).float()
    assert torch.isclose(_loss(logits, {"labels": labels, "soft": onehot}, 1.0, 1.0), ce, atol=1e-4)
    other = {"labels": labels, "soft": torch.softmax(-logits, -1)}
    assert _loss(logits, other, 1.0, 2.0) > 0.1


def test_teacher_char_probs_are_distributions(tagger):
    import numpy as np

    probs = tagger.char_probs(SAMPLE)
    assert probs.shape == (len(SAMPLE), len(tagger.tags))
    assert np.allclose(probs.sum(-1), 1.0, atol=1e-4)
    inside = [i for i, t in enumerate(tagger.tags) if t.startswith("B-")]
    nine = SAMPLE.index("9.1")  # a char tokenizer labels every character by its own token
    assert probs[nine + 1, inside].sum() > 0


def test_float16_save_loads_back_as_float32(tmp_path, tagger, tiny_model):
    import torch

    from govie.model import Tagger, save_model

    save_model(tagger.model, tagger.tokenizer, tmp_path / "half", {**tagger.meta, "dtype": "float16"})
    half = Tagger.load(tmp_path / "half")
    assert next(half.model.parameters()).dtype == torch.float32
    full_size = (tiny_model[0] / "model.safetensors").stat().st_size
    assert (tmp_path / "half" / "model.safetensors").stat().st_size < 0.6 * full_size
    assert abs(tagger.char_probs(SAMPLE) - half.char_probs(SAMPLE)).max() < 1e-2


def test_scratch_small_is_under_25_mb():
    import tomllib

    from transformers import BertConfig, BertForTokenClassification

    m = tomllib.loads((ROOT / "train" / "scratch-small.toml").read_text(encoding="utf-8"))["model"]
    model = BertForTokenClassification(BertConfig(
        vocab_size=m["max_vocab"], hidden_size=m["hidden_size"], num_hidden_layers=m["num_layers"],
        num_attention_heads=m["num_heads"], intermediate_size=m["intermediate_size"],
        max_position_embeddings=m["max_position"], type_vocab_size=1, num_labels=13))
    size = sum(p.numel() * p.element_size() for p in model.parameters())
    assert 1e6 < size <= 25e6


# --- errors --------------------------------------------------------------------------

def test_bad_model_dirs(tmp_path, tiny_model):
    from govie.model import Tagger

    good = tiny_model[0]
    with pytest.raises(ModelError, match="no such model directory") as err:
        Tagger.load(tmp_path / "missing")
    assert str(tmp_path / "missing") in str(err.value)

    def copy(name):
        d = tmp_path / name
        shutil.copytree(good, d)
        return d

    d = copy("noweights")
    (d / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="missing model.safetensors") as err:
        Tagger.load(d)
    assert str(d) in str(err.value)
    d = copy("pickle")
    (d / "model.safetensors").unlink()
    (d / "pytorch_model.bin").write_bytes(b"\x80\x04not really")
    with pytest.raises(ModelError, match=r"pickle weights \(pytorch_model.bin\)"):
        Tagger.load(d)
    for name, id2label in (("foreign", {"0": "O", "1": "B-PER", "2": "I-PER"}),
                           ("not_bio", {"0": "O", "1": "QTY"}),
                           ("half_bio", {"0": "O", "1": "B-QTY"})):
        d = copy(name)
        cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
        cfg["id2label"] = id2label
        cfg["label2id"] = {v: int(k) for k, v in id2label.items()}
        (d / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
        with pytest.raises(ModelError, match="not BIO over govie labels") as err:
            Tagger.load(d)
        assert str(d) in str(err.value)
    d = copy("notok")
    (d / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="missing tokenizer.json"):
        Tagger.load(d)


@pytest.mark.parametrize("override, match", [
    (["--set", "train.colour=1"], "unknown key train.colour"),
    (["--set", "train.lr='fast'"], "train.lr"),
    (["--gold", "nowhere/*.jsonl"], "no such file"),
    (["--set", "data.stride=40"], "stride"),
    (["--set", 'model.base="./no/such/model"'], "no such file or directory"),
    (["--set", 'model.base="nobody/no-such-model"'], "needs internet"),  # HF_HUB_OFFLINE=1 in conftest
])
def test_bad_configs(tmp_path, override, match):
    from govie.model.train import main

    args = ["--config", str(ROOT / "train" / "tiny.toml"), "--output", str(tmp_path / "m"), "--gold", str(TINY_GOLD)]
    with pytest.raises(ConfigError, match=match):
        main(args + override)


# --- torch stays inside govie/model --------------------------------------------------

def test_torch_is_imported_only_inside_govie_model():
    heavy = ("torch", "transformers", "tokenizers")
    for path in (ROOT / "govie").rglob("*.py"):
        if (ROOT / "govie" / "model") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            assert not [n for n in names if n.split(".")[0] in heavy], f"{path} imports {names}"
    code = ("import sys, govie, govie.model, govie.model.metrics, govie.model.bio, govie.model.data; "
            "print([m for m in ('torch', 'transformers') if m in sys.modules])")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


def test_silver_reports_are_rule_tagged_and_checked_for_leaks(tmp_path):
    from govie.model.train import main

    report = ROOT / "annotations" / "raw" / "001_5fc13d00d66e4610.txt"
    docs = data.silver_docs([str(report)], [ROOT], ["QTY", "UNIT"])
    assert len(docs) > 10 and all(d["doc"] == "silver:001_5fc13d00d66e4610" for d in docs)
    labels = {s["label"] for d in docs for s in d["spans"]}
    assert labels == {"QTY", "UNIT"}
    for d in docs:
        for s in d["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(d["text"])
    with pytest.raises(ConfigError, match="no such file"):
        data.silver_docs(["nowhere/*.txt"], [ROOT], ["QTY"])
    # the tiny corpus plus a silver report trains
    out = main(["--config", str(ROOT / "train" / "tiny.toml"), "--output", str(tmp_path / "m"),
                "--gold", str(TINY_GOLD), "--max-steps", "2", "--set", f'data.silver=["{report}"]'])
    assert out["steps"] == 2


def test_lodo_trains_one_model_per_fold_and_pools_counts(tmp_path):
    from govie.model.crossval import lodo, pooled

    splits = tmp_path / "splits"
    splits.mkdir()
    docs = [f"t{k:02d}" for k in range(1, 17)]
    for held in ("t01", "t02"):
        rest = [d for d in docs if d != held]
        (splits / f"fold-{held}.json").write_text(json.dumps({"train": rest[2:], "dev": rest[:2], "test": [held]}))
    res = lodo(ROOT / "train" / "tiny.toml", overrides=["train.max_steps=3", f'data.gold=["{TINY_GOLD}"]',
                                                         'name="tiny-{fold}"'],
               work=tmp_path / "work", splits_dir=splits)
    assert sorted(res["folds"]) == ["t01", "t02"]
    assert all(f["steps"] == 3 for f in res["folds"].values())
    assert json.loads((tmp_path / "work" / "tiny" / "t02" / "govie.json").read_text())["name"] == "tiny-t02"
    support = sum(len(d["spans"]) for d in data.load_gold(TINY_GOLD) if d["doc"] in ("t01", "t02"))
    assert res["pooled"]["micro"]["support"] == support
    # each fold leaves its held-out predictions, which score as the fold's test metrics
    from govie.model.metrics import evaluate_spans

    for held in ("t01", "t02"):
        rows = [json.loads(x) for x in (tmp_path / "work" / "tiny" / held / "heldout.jsonl").read_text().splitlines()]
        golds = [d for d in data.load_gold(TINY_GOLD) if d["doc"] == held]
        assert [r["id"] for r in rows] == [d["id"] for d in golds] and {r["doc"] for r in rows} == {held}
        score = evaluate_spans(golds, [r["spans"] for r in rows])
        assert abs(score["f1"] - res["folds"][held]["f1"]) < 1e-3
    from govie.model.crossval import read_heldout

    heldout = tmp_path / "work" / "tiny" / "t01" / "heldout.jsonl"
    spans = read_heldout(heldout, {d["id"]: d["text"] for d in data.load_gold(TINY_GOLD)})
    assert all(s.text == next(d["text"] for d in data.load_gold(TINY_GOLD) if d["id"] == i)[s.start:s.end]
               for i, got in spans.items() for s in got)
    with pytest.raises(ConfigError, match="is not a gold text here"):
        read_heldout(heldout, {})
    with pytest.raises(ConfigError, match="no fold t99"):
        lodo(ROOT / "train" / "tiny.toml", folds=["t99"], splits_dir=splits)
    one = {"per_label": {"QTY": {"correct": 1, "predicted": 2, "support": 2}}}
    assert pooled([one, one])["QTY"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 4}
