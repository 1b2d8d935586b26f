"""The model tagger: text in, labelled :class:`govie.schema.Span` list out.

Long texts are cut into token windows at sentence ends (see
:mod:`govie.model._helpers`); windows of all texts are batched sorted by
length with dynamic padding and run under ``torch.inference_mode()``.
"""
from __future__ import annotations

import os
from typing import Any, Mapping, Sequence

import numpy as np
import torch

from govie.errors import InputError, ModelError
from govie.schema import Span

from . import bio
from ._helpers import Encoded, encode_many, make_windows, owner_of_tokens
from .hybrid import check_policy, combine_batch
from .io import load_model, pick_device, quantize_linear


BACKENDS = ("torch", "onnx")


class Tagger:
    """A loaded token classifier; ``predict(text)`` returns spans with character offsets."""

    def __init__(self, model: Any, tokenizer: Any, meta: dict[str, Any], *, batch_size: int = 32,
                 runner: Any = None) -> None:
        self.model = model.eval()
        self.runner = runner  # None: the torch model; else runner(ids, mask) -> logits (numpy)
        self.tokenizer = tokenizer
        self.meta = dict(meta)
        self.batch_size = batch_size
        self.tags: list[str] = [model.config.id2label[i] for i in range(model.config.num_labels)]
        self.max_length = int(self.meta.get("max_length", 128))
        self.stride = min(int(self.meta.get("stride", 32)), (self.max_length - 2) // 2)
        self.combine = check_policy(self.meta["combine"], f"{self.meta.get('name', 'model')}: combine") \
            if self.meta.get("combine") else {}
        missing = [n for n in ("cls_token_id", "sep_token_id", "pad_token_id") if getattr(tokenizer, n, None) is None]
        if missing:
            raise ModelError(f"{self.meta.get('name', 'model')}: the tokenizer has no {', '.join(missing)}")

    @classmethod
    def load(cls, path: str | os.PathLike, *, batch_size: int = 32, quantize: bool | None = None,
             combine: bool | Mapping[str, str] = True, device: str | None = None,
             backend: str | None = None, cache_dir: str | os.PathLike | None = None) -> "Tagger":
        """Load a model directory (ModelError when it is missing or malformed).

        ``quantize=True`` runs the Linear layers in int8 (dynamic quantization, CPU):
        faster on CPU, predictions may differ slightly from float32; ``None`` follows
        ``$GOVIE_QUANTIZE`` (``int8`` or ``none``), else the model's ``govie.json``
        (``"quantize": "int8"``). ``combine``: ``True`` uses
        the model's rule/model policy per label (``govie.json`` → ``combine``, see
        :mod:`govie.model.hybrid`), ``False`` gives the network's spans alone, a
        mapping replaces the policy. ``device`` (``"cpu"``, ``"cuda"``, ``"auto"``: a GPU
        when there is one) places a float model; the default is the CPU.
        ``backend="onnx"`` runs the same weights with ONNX Runtime on the CPU (int8
        when quantized), exported once into ``cache_dir`` (see :mod:`govie.model.ortrun`;
        needs ``govie[onnx]``). ``backend=None`` takes ``$GOVIE_BACKEND``, else the
        model's ``govie.json`` (``"backend"``), else ``"torch"``.
        """
        if backend is None:
            backend = os.environ.get("GOVIE_BACKEND") or None
        if backend is not None and backend not in BACKENDS:
            raise ModelError(f"{path}: backend {backend!r} is not one of: {', '.join(BACKENDS)}")
        model, tokenizer, meta = load_model(path)
        if backend is None:
            backend = str(meta.get("backend", "torch"))
            if backend not in BACKENDS:
                raise ModelError(f"{path}: govie.json backend {backend!r} is not one of: {', '.join(BACKENDS)}")
        if backend == "onnx" and device not in (None, "cpu"):
            raise ModelError(f"{path}: backend 'onnx' runs on the CPU; got device {device!r}")
        meta["backend"] = backend
        if combine is False:
            meta.pop("combine", None)
        elif combine is not True:
            meta["combine"] = check_policy(combine)
        if quantize is None:
            env = os.environ.get("GOVIE_QUANTIZE", "").strip().lower()
            if env not in ("", "int8", "none"):
                raise ModelError(f"{path}: GOVIE_QUANTIZE={env!r} is not one of: int8, none")
            quantize = env == "int8" if env else meta.get("quantize") == "int8"
        if backend == "onnx":
            from .ortrun import OrtRunner

            runner = OrtRunner(model, path, int8=bool(quantize), cache_dir=cache_dir)
            if quantize:
                meta["quantized"] = "int8-dynamic"
            return cls(model, tokenizer, meta, batch_size=batch_size, runner=runner)
        if quantize:
            model = quantize_linear(model)
            meta["quantized"] = "int8-dynamic"
        elif device is not None:
            model = model.to(pick_device(device))
        return cls(model, tokenizer, meta, batch_size=batch_size)

    @property
    def name(self) -> str:
        """The model's name, ``+rules`` when a combine policy mixes in rule spans, ``+int8`` when quantized, ``+onnx`` on ONNX Runtime."""
        name = str(self.meta.get("name", "model"))
        if any("rules" in v for v in self.combine.values()):
            name += "+rules"
        name += "+int8" if self.meta.get("quantized") else ""
        return name + ("+onnx" if self.meta.get("backend") == "onnx" else "")

    @property
    def labels(self) -> tuple[str, ...]:
        """Entity labels this model predicts (e.g. ``("DATE", "QTY", ...)``)."""
        return tuple(sorted({t[2:] for t in self.tags if t != bio.OUTSIDE}))

    def predict(self, text: str) -> list[Span]:
        """Spans of one text (``[]`` for empty text); score = mean token confidence."""
        return self.predict_batch([text])[0]

    def predict_batch(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans of each text, in order."""
        out = []
        for text, enc, probs in zip(texts, *self._token_probs(texts)):
            pred = probs.argmax(-1)
            tags = [self.tags[k] for k in pred.tolist()]
            scores = probs.max(-1).tolist()
            out.append([
                Span(id=f"m{k}", start=s, end=e, label=lab, text=text[s:e], score=float(sc), source="model")
                for k, (s, e, lab, sc) in enumerate(bio.decode_tokens(tags, enc.ranges, scores))
            ])
        return combine_batch(out, texts, self.combine) if self.combine else out

    def char_probs(self, text: str) -> np.ndarray:
        """Tag probabilities per character, shape ``(len(text), len(self.tags))``.

        A token's distribution goes to its first character; the other characters
        it covers get the same with each ``B-X`` mass moved to ``I-X``; characters
        no token labels are ``O``. Used to distil into a model with another tokenizer.
        """
        return self.char_probs_batch([text])[0]

    def char_probs_batch(self, texts: Sequence[str]) -> list[np.ndarray]:
        """:meth:`char_probs` of each text, the windows of all texts batched together."""
        out = []
        for text, enc, probs in zip(texts, *self._token_probs(texts)):
            chars = np.zeros((len(text), len(self.tags)), dtype=np.float32)
            chars[:, self.tags.index(bio.OUTSIDE)] = 1.0
            inside = probs.copy()
            for i, t in enumerate(self.tags):
                if t.startswith("B-"):
                    inside[:, self.tags.index("I-" + t[2:])] += inside[:, i]
                    inside[:, i] = 0.0
            for k, rng in enumerate(enc.ranges):
                if rng is not None:
                    chars[rng[0]] = probs[k]
                    chars[rng[0] + 1:rng[1]] = inside[k]
            out.append(chars)
        return out

    def _token_probs(self, texts: Sequence[str]) -> tuple[list[Encoded], list[np.ndarray]]:
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise InputError(f"Tagger.predict: text {i} is {type(t).__name__}, expected str")
        encs = encode_many(self.tokenizer, list(texts))
        size = self.max_length - 2
        jobs: list[tuple[int, int, int]] = []  # (document, token start, token end)
        doc_windows = []
        for d, enc in enumerate(encs):
            wins = make_windows(enc.text, enc.offsets, size, self.stride)
            doc_windows.append((len(jobs), wins))
            jobs.extend((d, a, b) for a, b in wins)
        results = self._run(encs, jobs)
        n_tags = len(self.tags)
        out = []
        for enc, (base, wins) in zip(encs, doc_windows):
            if not wins:
                out.append(np.zeros((0, n_tags), dtype=np.float32))
                continue
            stacked = np.concatenate(results[base:base + len(wins)])
            firsts = np.cumsum([0] + [b - a for a, b in wins[:-1]])
            owner, pos = owner_of_tokens(wins, len(enc.ids))
            out.append(stacked[firsts[owner] + pos])
        return encs, out

    def _run(self, encs: list[Encoded], jobs: list[tuple[int, int, int]]) -> list[np.ndarray]:
        """Run the model over windows, batched by length; per window, probs without specials."""
        tok = self.tokenizer
        order = sorted(range(len(jobs)), key=lambda j: (jobs[j][2] - jobs[j][1], j))
        results: list[np.ndarray] = [np.empty(0)] * len(jobs)
        with torch.inference_mode():
            for k in range(0, len(order), self.batch_size):
                batch = order[k:k + self.batch_size]
                width = max(jobs[j][2] - jobs[j][1] for j in batch) + 2
                ids = np.full((len(batch), width), tok.pad_token_id, dtype=np.int64)
                mask = np.zeros((len(batch), width), dtype=np.int64)
                for r, j in enumerate(batch):
                    d, a, b = jobs[j]
                    row = [tok.cls_token_id] + encs[d].ids[a:b] + [tok.sep_token_id]
                    ids[r, :len(row)] = row
                    mask[r, :len(row)] = 1
                if self.runner is not None:
                    probs = _softmax(self.runner(ids, mask))
                else:
                    dev = self.model.device
                    logits = self.model(input_ids=torch.from_numpy(ids).to(dev),
                                        attention_mask=torch.from_numpy(mask).to(dev)).logits.float()
                    probs = torch.softmax(logits, dim=-1).cpu().numpy()
                for r, j in enumerate(batch):
                    n = jobs[j][2] - jobs[j][1]
                    results[j] = probs[r, 1:n + 1]
        return results


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max(-1, keepdims=True))
    return z / z.sum(-1, keepdims=True)
