"""The labelled sets of benchmarks/bench_extract_beyond.py are well-formed: a wrong label would
score a right extractor as wrong, so every label is checked against the text and the catalogues."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from tracker.units import parse_unit

ROOT = Path(__file__).resolve().parent.parent
SETS = {"beyond_seeds": ROOT / "benchmarks" / "beyond_seeds.yaml", "held_out": ROOT / "benchmarks" / "held_out.yaml"}
MINIMUM_TEXTS = {"beyond_seeds": 30, "held_out": 12}
CLASSES = set(range(1, 13))
COMPARATORS = {">", ">=", "<", "<=", "~", "="}
SCRIPTS = {"simplified", "traditional", "pinyin", "flattened"}


@lru_cache(maxsize=None)
def documents(name: str) -> list[dict]:
    return yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["documents"]


@lru_cache(maxsize=None)
def places() -> dict[str, list[str]]:
    ids_by_name: dict[str, list[str]] = {}
    for place in yaml.safe_load((ROOT / "data" / "places.yaml").read_text(encoding="utf-8"))["places"]:
        ids_by_name.setdefault(place["name_zh"], []).append(place["id"])
    return ids_by_name


@lru_cache(maxsize=None)
def metric_ids() -> tuple[set[str], set[str]]:
    catalogued = {m["id"] for m in yaml.safe_load((ROOT / "data" / "metrics.yaml").read_text(encoding="utf-8"))["metrics"]}
    proposed = {m["id"] for m in proposed_metrics()}
    return catalogued, proposed


def proposed_metrics() -> list[dict]:
    return yaml.safe_load((ROOT / "benchmarks" / "proposed_metrics.yaml").read_text(encoding="utf-8"))["metrics"]


def claims(name: str):
    for document in documents(name):
        for claim in document["expected"]:
            yield document, claim


@pytest.mark.parametrize("name", SETS)
def test_each_set_is_big_and_varied_enough(name):
    texts = documents(name)
    assert len(texts) >= MINIMUM_TEXTS[name]
    ids = [d["id"] for d in texts]
    assert len(ids) == len(set(ids))
    assert {d["script"] for d in texts} == SCRIPTS, "simplified, traditional, pinyin mirror and flattened texts"
    assert any(d["cut_off"] for d in texts)
    assert "国家" in {d["style"] for d in texts}, "the national level"


def test_the_dev_set_has_fifteen_styles_and_the_held_out_set_eight_more():
    dev = {d["style"] for d in documents("beyond_seeds")} - {"国家", "未署名"}
    held_out = {d["style"] for d in documents("held_out")} - {"国家", "未署名"}
    assert len(dev) >= 15
    assert len(held_out - dev) >= 8


@pytest.mark.parametrize("name", SETS)
def test_every_failure_class_is_exercised_by_several_claims(name):
    tagged = [c for _, claim in claims(name) for c in claim["classes"]]
    assert set(tagged) <= CLASSES
    for failure_class in CLASSES:
        assert tagged.count(failure_class) >= 2, f"class {failure_class} in {name}"


@pytest.mark.parametrize("name", SETS)
def test_every_claim_is_quoted_verbatim_from_its_text(name):
    for document, claim in claims(name):
        assert claim["quote"] in document["text"], (document["id"], claim["quote"])
        assert claim["written"] in claim["quote"], (document["id"], claim["written"])
        digits = re.findall(r"\d+(?:\.\d+)?", claim["written"])
        if digits and claim.get("measure") != "rank":
            assert float(digits[0]) == float(claim["value"]), (document["id"], claim["written"], claim["value"])


@pytest.mark.parametrize("name", SETS)
def test_every_label_names_a_catalogued_place_metric_and_unit(name):
    catalogued, proposed = metric_ids()
    for document, claim in claims(name):
        where = (document["id"], claim["quote"])
        assert claim["kind"] in ("targets", "figures"), where
        assert isinstance(claim["year"], int) and 2015 <= claim["year"] <= 2035, where
        assert claim["comparator"] in COMPARATORS, where
        assert set(claim["classes"]) <= CLASSES and claim["classes"], where
        assert claim["metric"] is None or claim["metric"] in catalogued | proposed, where
        measure = claim.get("measure", "level")
        assert measure in ("level", "growth", "rank"), where
        if measure == "rank":
            assert claim["unit"] is None, where
        else:
            parse_unit(claim["unit"])
        if measure == "growth":
            assert claim["unit"] in ("%", "个百分点"), where
        if claim["place"] is None:
            continue
        ids = places().get(claim["place"])
        assert ids, f"{where}: {claim['place']} is not a name_zh of data/places.yaml"
        if len(ids) > 1:
            assert claim.get("place_id") in ids, f"{where}: {claim['place']} is ambiguous {ids}: give place_id"
        elif "place_id" in claim:
            assert claim["place_id"] == ids[0], where


@pytest.mark.parametrize("name", SETS)
def test_not_claims_and_cut_off_ends_are_in_the_text(name):
    for document in documents(name):
        for not_claim in document["not_claims"]:
            assert not_claim["quote"] in document["text"], (document["id"], not_claim["quote"])
            assert isinstance(not_claim["value"], (int, float)) and not_claim["reason"], document["id"]
        fragments = [n for n in document["not_claims"] if n.get("cut_off")]
        if document["cut_off"]:
            assert len(fragments) == 1 and document["text"].rstrip().endswith(fragments[0]["quote"]), document["id"]
        else:
            assert not fragments, document["id"]


def test_the_two_sets_share_no_text():
    dev = {d["text"] for d in documents("beyond_seeds")}
    assert not dev & {d["text"] for d in documents("held_out")}


def test_proposed_metrics_are_new_used_and_have_multi_character_aliases():
    catalogued, proposed = metric_ids()
    assert not proposed & catalogued
    used = {claim["metric"] for name in SETS for _, claim in claims(name)}
    for metric in proposed_metrics():
        assert metric["id"] in used, f"{metric['id']} is proposed but no label uses it"
        assert metric["name_en"] and metric["name_zh"] and metric["dimension"]
        assert metric["aliases"] and all(len(alias) >= 3 for alias in metric["aliases"]), metric["id"]
