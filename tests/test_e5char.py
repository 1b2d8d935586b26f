"""govie.model.e5char: a char-level BERT initialised from a pretrained BERT (a tiny fake one, and e5 if present)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch

from govie.errors import ConfigError
from govie.model import bio

ROOT = Path(__file__).resolve().parents[1]
TINY_GOLD = ROOT / "tests" / "data" / "tiny_gold.jsonl"
E5 = next((p for p in (ROOT.parent / "shared" / "pretrained" / "multilingual-e5-small-zh",
                       Path("/work/shared/pretrained/multilingual-e5-small-zh")) if (p / "model.safetensors").is_file()),
          Path("/work/shared/pretrained/multilingual-e5-small-zh"))
SAMPLE = "1-9月，全区PM2.5平均浓度为40微克/立方米，同比下降9.1%。\n区财政局牵头，年底前完成12个。"
TEXT = "2021年1月完成12%、同期下降龘\nAa 3℃"
# A SentencePiece-like vocabulary: "▁" pieces, a multi-character piece, no "A" (the
# base tokenizer lowercases, so "A" is found only through tokenize: "a").
PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "年", "月", "▁完", "成", "1", "2", "%", ".", "▁同", "比",
          "°", "C", "a", "▁下降", "、", "<mask>"]
TAGS = bio.bio_tags()


@pytest.fixture(scope="module")
def fake_base(tmp_path_factory) -> Path:
    """A 4-layer BERT (hidden 16) whose embedding row i is all i + 1, with an Unigram tokenizer."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import BertConfig, BertModel

    path = tmp_path_factory.mktemp("fake_e5")
    torch.manual_seed(123)
    cfg = BertConfig(vocab_size=len(PIECES), hidden_size=16, num_hidden_layers=4, num_attention_heads=2,
                     intermediate_size=32, max_position_embeddings=64, type_vocab_size=2, pad_token_id=1)
    model = BertModel(cfg, add_pooling_layer=False)
    with torch.no_grad():
        model.embeddings.word_embeddings.weight.copy_(torch.arange(1.0, len(PIECES) + 1)[:, None].expand(-1, 16))
    model.save_pretrained(path)
    tok = Tokenizer(models.Unigram([(p, -1.0 - i / 10) for i, p in enumerate(PIECES)], unk_id=3))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.save(str(path / "tokenizer.json"))
    (path / "tokenizer_config.json").write_text(json.dumps(
        {"cls_token": "<s>", "sep_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>"}))
    return path


def build(base: Path, texts=(TEXT,), **model):
    from govie.model.io import init_model
    from govie.model.train import resolve_config

    cfg = resolve_config({"_roots": [str(ROOT)], "data": {"gold": ["x"], "max_length": 32, "stride": 8},
                          "model": {"base": f"e5char:{base}", "dropout": 0.0, **model}})
    torch.manual_seed(0)
    return init_model(cfg, TAGS, list(texts))


def base_tensors(base: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return {k: v.float() for k, v in load_file(str(base / "model.safetensors")).items()}


def source_piece(row: torch.Tensor) -> str | None:
    """The fake base piece a copied embedding row came from (None for a random row)."""
    k = int(row[0].item())
    return PIECES[k - 1] if row[0].item() == k and (row == k).all() and 1 <= k <= len(PIECES) else None


def test_embedding_rows_come_from_the_right_pieces(fake_base):
    model, tok, info = build(fake_base, num_layers=2)
    rows = model.bert.embeddings.word_embeddings.weight.detach()
    got = {t: source_piece(rows[i]) for t, i in tok.get_vocab().items()}
    expected = {"年": "年", "月": "月", "成": "成", "1": "1", "%": "%", "、": "、", "°": "°", "C": "C", "a": "a",
                "完": "▁完", "同": "▁同", " ": "▁", "\n": "▁", "A": "a",  # "A" only through the lowercasing tokenizer
                "[CLS]": "<s>", "[SEP]": "</s>", "[PAD]": "<pad>", "[UNK]": "<unk>", "[MASK]": "<mask>",
                "龘": None, "期": None, "下": None, "降": None, "0": None, "z": None}  # "▁下降" is no row for 下 or 降
    assert {t: got[t] for t in expected} == expected
    assert "℃" not in got and "。" in got  # the char tokenizer's NFKC: ℃ -> ° C
    counts = info["vocab_rows"]
    assert counts["special"] == 5 and counts["tokenize"] == 1 and counts["metaspace"] >= 4
    assert sum(counts.values()) == len(tok) and counts["random"] == sum(v is None for v in got.values())
    random_rows = rows[[i for t, i in tok.get_vocab().items() if got[t] is None]]
    assert 0.005 < random_rows.std().item() < 0.05  # initializer_range 0.02
    assert info["base_layers"] == [0, 1] and model.config.vocab_size == len(tok)


def test_base_vocab_adds_single_character_pieces_in_base_order(fake_base):
    _, plain, _ = build(fake_base, base_vocab=False)
    _, more, _ = build(fake_base, base_vocab=True)
    old, new = plain.get_vocab(), more.get_vocab()
    added = sorted(set(new) - set(old), key=new.get)
    assert added == ["比"]  # every other single-char piece is in TEXT or chartok's BASE_CHARS already
    assert all(new[t] == i for t, i in old.items())  # training characters keep their ids; base ones come after
    _, capped, _ = build(fake_base, base_vocab=True, max_vocab=len(old))
    assert capped.get_vocab() == old


def test_layers_positions_and_norms_are_copied(fake_base):
    src = base_tensors(fake_base)
    for kwargs, layers in (({"layers": [3, 1]}, [3, 1]), ({"num_layers": 3}, [0, 1, 2])):
        model, _, info = build(fake_base, max_position=20, **kwargs)
        assert info["base_layers"] == layers and model.config.num_hidden_layers == len(layers)
        for name, p in model.bert.named_parameters():
            if name.startswith("encoder.layer."):
                j = int(name.split(".")[2])
                ref = src[name.replace(f"encoder.layer.{j}.", f"encoder.layer.{layers[j]}.", 1)]
            elif name == "embeddings.word_embeddings.weight":
                continue
            else:
                ref = src[name][:p.shape[0]]
            assert torch.equal(p.detach(), ref), name
        assert model.bert.embeddings.position_embeddings.weight.shape[0] == 20
        assert model.bert.embeddings.token_type_embeddings.weight.shape[0] == 1
        assert model.classifier.out_features == len(TAGS)
    # layers really differ, so the comparison above means something
    assert not torch.equal(src["encoder.layer.1.attention.self.query.weight"],
                           src["encoder.layer.3.attention.self.query.weight"])


def test_building_is_deterministic(fake_base):
    a, _, _ = build(fake_base, num_layers=2)
    b, _, _ = build(fake_base, num_layers=2)
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


@pytest.mark.parametrize("model, match", [
    ({"layers": [0, 4]}, r"model.layers \[0, 4\] must be distinct layer indices in 0..3"),
    ({"layers": [1, 1]}, "distinct"),
    ({"num_layers": 5}, r"model.num_layers 5: allowed 1..4"),
    ({"num_layers": 2, "layers": [0]}, r"num_layers 2 != len\(model.layers\) 1"),
    ({"max_position": 65}, r"model.max_position 65: allowed 1..64"),
])
def test_bad_e5char_configs(fake_base, model, match):
    with pytest.raises(ConfigError, match=match):
        build(fake_base, **model)


def test_bad_bases(tmp_path, fake_base):
    from govie.model.train import resolve_config

    with pytest.raises(ConfigError, match="no such file or directory"):
        build(tmp_path / "nowhere")
    half = tmp_path / "half"
    shutil.copytree(fake_base, half)
    (half / "model.safetensors").unlink()
    with pytest.raises(ConfigError, match=f"{half} lacks model.safetensors"):
        build(half)
    with pytest.raises(ConfigError, match="model.layers .* needs model.base"):
        resolve_config({"data": {"gold": ["x"]}, "model": {"layers": [0]}})


def test_train_save_and_tag_without_the_base(tmp_path, fake_base):
    from govie.model import Tagger
    from govie.model.train import main

    base = tmp_path / "base"
    shutil.copytree(fake_base, base)
    args = ["--config", str(ROOT / "train" / "tiny.toml"), "--gold", str(TINY_GOLD), "--max-steps", "4",
            "--set", f'model.base="e5char:{base}"', "--set", "model.layers=[2, 0]", "--set", "model.num_layers=2", "--set", "model.max_position=40",
            "--set", "model.base_vocab=true", "--set", 'model.dtype="float16"', "--set", "train.eval_every=2"]
    summaries = [main(args + ["--output", str(tmp_path / f"m{k}")]) for k in range(2)]
    assert (tmp_path / "m0" / "model.safetensors").read_bytes() == (tmp_path / "m1" / "model.safetensors").read_bytes()
    meta = json.loads((tmp_path / "m0" / "govie.json").read_text(encoding="utf-8"))
    assert meta["base_layers"] == [2, 0] and meta["vocab_rows"] == summaries[0]["base"]["vocab_rows"]
    shutil.rmtree(base)  # the saved model is a plain BERT + char tokenizer
    tagger = Tagger.load(tmp_path / "m0")
    assert tagger.model.config.num_hidden_layers == 2 and tagger.model.config.max_position_embeddings == 40
    spans = tagger.predict(SAMPLE)
    assert all(SAMPLE[s.start:s.end] == s.text and s.label in tagger.labels for s in spans)
    assert [s.to_dict() for s in Tagger.load(tmp_path / "m0").predict(SAMPLE)] == [s.to_dict() for s in spans]
    one, batch = tagger.char_probs(SAMPLE), tagger.char_probs_batch(["完成12个", SAMPLE, ""])
    assert abs(batch[1] - one).max() < 1e-5 and batch[2].shape == (0, len(tagger.tags))  # as used for distillation
    assert abs(batch[0] - tagger.char_probs("完成12个")).max() < 1e-5

    quant = Tagger.load(tmp_path / "m0", quantize=True)
    query = quant.model.bert.encoder.layer[0].attention.self.query
    assert type(query).__module__.startswith("torch.ao.nn.quantized.dynamic")
    assert type(quant.model.classifier) is torch.nn.Linear  # the head stays float
    assert quant.meta["quantized"] == "int8-dynamic"
    assert abs(quant.char_probs(SAMPLE) - tagger.char_probs(SAMPLE)).max() < 0.05
    assert (quant.char_probs(SAMPLE) == Tagger.load(tmp_path / "m0", quantize=True).char_probs(SAMPLE)).all()


def test_a_saved_char_copy_is_a_base_equal_to_the_original(tmp_path, fake_base):
    """evaluate/make_char_base.py: a govie dir of all layers serves as e5char: base with the same weights."""
    from govie.model.io import save_model

    copy, tok, _ = build(fake_base, [" \n\t"], num_layers=4, base_vocab=True, max_vocab=200)
    save_model(copy, tok, tmp_path / "copy", {"dtype": "float32", "name": "copy"})
    text = "12年1月完成12%、同比下降2.1%"  # characters the base has (others get random rows either way)
    direct, dtok, _ = build(fake_base, [text], num_layers=2, base_vocab=True)
    via, vtok, _ = build(tmp_path / "copy", [text], num_layers=2, base_vocab=True)
    a, b = direct.state_dict(), via.state_dict()
    for name in a:
        if not name.startswith("classifier") and name != "bert.embeddings.word_embeddings.weight":
            assert torch.equal(a[name], b[name]), name
    da, db = a["bert.embeddings.word_embeddings.weight"], b["bert.embeddings.word_embeddings.weight"]
    dv, vv = dtok.get_vocab(), vtok.get_vocab()
    for ch in set(text) | {"[CLS]", "[SEP]", "[PAD]"}:
        assert torch.equal(da[dv[ch]], db[vv[ch]]), ch


def test_tagger_device_option(tmp_path, fake_base):
    from govie.errors import ModelError
    from govie.model import Tagger
    from govie.model.io import pick_device, save_model

    model, tok, _ = build(fake_base, [TEXT], num_layers=1)
    save_model(model, tok, tmp_path / "m", {"dtype": "float32", "max_length": 32, "stride": 8})
    assert Tagger.load(tmp_path / "m", device="cpu").model.device.type == "cpu"
    assert pick_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(ModelError, match="device 'gpu0'"):
        Tagger.load(tmp_path / "m", device="gpu0")


@pytest.mark.skipif(not (E5 / "model.safetensors").is_file(), reason=f"{E5} not present")
def test_real_e5_rows_for_chinese_characters_and_digits():
    from safetensors import safe_open
    from tokenizers import Tokenizer

    vocab = Tokenizer.from_file(str(E5 / "tokenizer.json")).get_vocab()
    text = "北京市西城区2021年完成12%，同比下降9.1个百分点\n"
    model, tok, info = build(E5, [text], num_layers=1, max_position=16)
    assert info["base_layers"] == [0] and model.config.hidden_size == 384
    with safe_open(str(E5 / "model.safetensors"), framework="pt") as f:
        emb = f.get_tensor("embeddings.word_embeddings.weight").float()
        query = f.get_tensor("encoder.layer.0.attention.self.query.weight").float()
    rows = model.bert.embeddings.word_embeddings.weight.detach()
    ids = tok.get_vocab()
    for ch in "北京市西城区年完成同比下降百分点0129%.,":
        piece = ch if ch in vocab else "▁" + ch
        assert piece in vocab, ch
        assert torch.equal(rows[ids[ch]], emb[vocab[piece]]), ch
    assert torch.equal(rows[ids["\n"]], emb[vocab["▁"]]) and torch.equal(rows[ids["[CLS]"]], emb[vocab["<s>"]])
    assert torch.equal(model.bert.encoder.layer[0].attention.self.query.weight.detach(), query)
    assert info["vocab_rows"]["random"] <= 5  # nearly every chartok base character has an e5 piece


def test_int8_storage_round_trip_and_errors(tmp_path, fake_base):
    """model.dtype = "int8": int8 rows + scales in safetensors, loaded back as float32 within half a step."""
    from safetensors import safe_open

    from govie.errors import ModelError
    from govie.model import Tagger
    from govie.model.int8store import SCALE, is_int8
    from govie.model.io import load_model, save_model

    model, tok, _ = build(fake_base, [TEXT], num_layers=2, base_vocab=True)
    save_model(model, tok, tmp_path / "q", {"dtype": "int8", "max_length": 32, "stride": 8})
    assert is_int8(tmp_path / "q") and not list(tmp_path.glob("q/*.bin"))
    with safe_open(str(tmp_path / "q" / "model.safetensors"), framework="pt") as f:
        name = "bert.encoder.layer.0.attention.self.query.weight"
        assert f.get_tensor(name).dtype == torch.int8 and name + SCALE in f.keys()
        assert f.get_tensor("classifier.weight").dtype == torch.float16
    back, _, _ = load_model(tmp_path / "q")
    ref, got = model.state_dict(), back.state_dict()
    w = ref["bert.encoder.layer.0.attention.self.query.weight"]
    step = w.abs().amax(dim=1, keepdim=True) / 127
    assert ((got["bert.encoder.layer.0.attention.self.query.weight"] - w).abs() <= step / 2 + 1e-7).all()
    assert all(got[k].dtype == torch.float32 for k in got if got[k].is_floating_point())
    spans = Tagger.load(tmp_path / "q").predict(SAMPLE)
    assert spans == Tagger.load(tmp_path / "q").predict(SAMPLE)  # deterministic
    # a missing scale is named
    from safetensors.torch import load_file, save_file

    raw = load_file(str(tmp_path / "q" / "model.safetensors"))
    raw.pop("bert.encoder.layer.0.attention.self.query.weight" + SCALE)
    save_file(raw, str(tmp_path / "q" / "model.safetensors"), metadata={"format": "pt", "govie_weights": "int8-rowwise"})
    with pytest.raises(ModelError, match="has no .*__scale__"):
        load_model(tmp_path / "q")


def test_prune_vocab_keeps_rows_and_reads_dropped_chars_as_unk(fake_base):
    from govie.model.chartok import UNK, prune_vocab

    model, tok, _ = build(fake_base, [TEXT], num_layers=1, base_vocab=True)
    old_vocab, old_emb = tok.get_vocab(), model.get_input_embeddings().weight.detach().clone()
    model, small = prune_vocab(model, tok, lambda ch: ch != "年")
    vocab = small.get_vocab()
    assert "年" not in vocab and len(vocab) == len(old_vocab) - 1 and model.config.vocab_size == len(vocab)
    emb = model.get_input_embeddings().weight
    for ch in ("月", "1", "[PAD]", "[CLS]"):
        assert torch.equal(emb[vocab[ch]], old_emb[old_vocab[ch]])
    ids = small("2021年", add_special_tokens=False)["input_ids"]
    assert ids[-1] == vocab[UNK] and small.convert_ids_to_tokens(ids[:1]) == ["2"]
