"""Rule extractors for ORG and METRIC candidates (pre-annotation and the no-model fallback)."""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"


@cache
def _lexicon(name: str) -> dict:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


@cache
def _org_re() -> re.Pattern[str]:
    lex = _lexicon("org.json")
    suffixes = "|".join(sorted(map(re.escape, lex["suffixes"]), key=len, reverse=True))
    prefixes = "|".join(sorted(map(re.escape, lex["prefixes"]), key=len, reverse=True))
    n = lex["max_name"]
    return re.compile(rf"(?:{prefixes})[\u4e00-\u9fff]{{0,{n}}}?(?:{suffixes})(?:[(（][\u4e00-\u9fff]{{2,12}}[)）])?"
                      rf"|[\u4e00-\u9fff]{{2,{n}}}?(?:街道|医院|银行|有限公司|集团)")


def extract_orgs(text: str) -> list[tuple[int, int, str]]:
    """ORG candidates: administrative bodies (区财政局, 市生态环境局(市环保局)), banks, hospitals, 街道…"""
    generic = set(_lexicon("org.json")["generic"])
    out = []
    for m in _org_re().finditer(text):
        s = m.group(0)
        if s in generic or s.startswith(("各", "相关", "有关")) or len(s) < 3:
            continue
        out.append((m.start(), m.end(), "ORG"))
    return out


@cache
def _metric_re() -> re.Pattern[str]:
    lex = _lexicon("metric.json")
    heads = "|".join(sorted(map(re.escape, lex["heads"]), key=len, reverse=True))
    stops = re.escape(lex["stops"])
    return re.compile(rf"[^{stops}\d]{{0,{lex['max_len']}}}?(?:{heads})(?=\s*(?:[为达是控低高不增下降提减≥≤><]|[\d一二三四五六七八九十]))")


def extract_metrics(text: str) -> list[tuple[int, int, str]]:
    """METRIC candidates: a noun phrase ending in a head word (率 浓度 用量 总值 …) right before a relation or number."""
    out = []
    for m in _metric_re().finditer(text):
        s, e = m.start(), m.end()
        for prefix in ("全区", "我区", "全市", "年度", "其中"):
            if text.startswith(prefix, s) and e - s - len(prefix) >= 2:
                s += len(prefix)
        if e - s >= 2:
            out.append((s, e, "METRIC"))
    return out
