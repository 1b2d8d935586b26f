import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI must not fail by chance);
# `pytest --hypothesis-profile=explore` draws new ones, as a search for bugs.
settings.register_profile("govie", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=2000)
settings.load_profile(os.environ.get("GOVIE_HYPOTHESIS_PROFILE", "govie"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "annotations" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed reports, keyed by their 3-digit id."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """(directory, summary) of the tiny scratch model of ``train/tiny.toml``, trained once per run."""
    from govie.model.train import main

    out = tmp_path_factory.mktemp("tiny") / "model"
    summary = main(["--config", str(ROOT / "train" / "tiny.toml"), "--output", str(out),
                    "--gold", str(ROOT / "tests" / "data" / "tiny_gold.jsonl")])
    return out, summary
