"""Source texts: registered with a checksum, never skipped in silence. A newcomer, in a clone
with nothing beside it, registers an article, cites it in add-figure (the quote checked against
the new text) and sees it on the dashboard, while quotes whose texts are absent are marked
unverified, not passed. The article here is made up, in the style of a city's AI plan."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tracker import load_registry
from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("成都市人民政府关于加快人工智能产业发展的实施意见（示例）\n"
           "到2027年，全市智能算力规模超过80EFLOPS，人工智能核心产业营业收入突破1200亿元，"
           "培育人工智能企业300家以上。\n")
REGISTER = ["--title", "成都市关于加快人工智能产业发展的实施意见（示例）", "--publisher", "成都市人民政府",
            "--published", "2026-03", "--kind", "policy"]


def register(registry: Path, text: bytes | str, capsys, *extra: str) -> tuple[int, str, str]:
    file = registry.parent / "incoming.txt"
    file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    code = main(["add-source", str(file), "--registry", str(registry), *REGISTER, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_texts_are_said_and_fail_validation_never_a_plain_valid(lone, capsys):
    text = lone.read_text(encoding="utf-8")
    assert "双位数" in text
    lone.write_text(text.replace("双位数", "三位数", 1), encoding="utf-8")  # a quote nobody can check
    assert main(["validate", str(lone)]) == 1
    out, err = capsys.readouterr()
    assert "valid —" not in out
    assert "5 of 5 source texts not found under" in err and "--no-sources" in err
    assert main(["validate", str(lone), "--no-sources"]) == 0
    assert "quotes not checked (--no-sources)" in capsys.readouterr().out


def test_the_shipped_registry_checks_every_quote_against_its_checksummed_text(capsys):
    assert main(["validate"]) == 0
    assert "quotes checked against 5 texts" in capsys.readouterr().out


def test_a_changed_text_is_refused_with_its_checksums(lone, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT.parent / "shared" / "seeds", seeds)
    assert main(["validate", str(lone), "--sources", str(seeds)]) == 0
    capsys.readouterr()
    changed = seeds / "002_ab666b1953648f6e.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补记。", encoding="utf-8")
    assert main(["validate", str(lone), "--sources", str(seeds)]) == 1
    err = capsys.readouterr().err
    assert "the text of seed-002 changed since it was registered: sha256" in err and "sources.yaml:" in err


def test_a_new_article_is_registered_cited_and_its_quote_checked(lone, capsys):
    comments_before = [l for l in (lone.parent / "data" / "sources.yaml").read_text(encoding="utf-8").splitlines()
                       if l.lstrip().startswith("#")]
    code, out, err = register(lone, ARTICLE.encode("gb18030"), capsys,  # a GB18030 page, as many are
                              "--publisher-en", "Chengdu Municipal People's Government")
    assert code == 0, err
    source_id = out.split()[1].rstrip(":")
    assert source_id.startswith("src-") and f"--source {source_id}" in out
    archived = lone.parent / "sources" / f"{source_id}.txt"
    assert archived.read_text(encoding="utf-8") == ARTICLE  # stored as UTF-8
    registry = load_registry(lone, check_sources=False)
    source = registry.sources[source_id]
    assert (source.file, source.size, source.published) == (archived.name, archived.stat().st_size, "2026-03")
    assert source.sha256 and source.retrieved
    # the English view names the publisher in English, the Chinese view as the text does
    assert (source.publisher_in("en"), source.publisher_in("zh")) == ("Chengdu Municipal People's Government",
                                                                      "成都市人民政府")
    sources_text = (lone.parent / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert [l for l in sources_text.splitlines() if l.lstrip().startswith("#")] == comments_before

    figure = ["add-target", "--registry", str(lone), "--id", "mou-city-compute-2027", "--place", "成都",
              "--metric", "intelligent_compute", "--comparator", ">", "--value", "80", "--unit", "EFLOPS",
              "--deadline", "2027", "--deadline-text", "到2027年", "--source", f"{source_id}.txt"]
    assert main([*figure, "--quote", "到2027年，全市智能算力规模超过90EFLOPS"]) == 1  # forged
    assert "not verbatim" in capsys.readouterr().err
    assert main([*figure, "--quote", "到2027年，全市智能算力规模超过80EFLOPS"]) == 0  # by its file name
    added = [t for t in load_registry(lone, check_sources=False).targets if t.id == "mou-city-compute-2027"]
    assert added and added[0].statements[0].source == source_id


def test_a_claim_citing_a_text_that_is_not_there_is_not_added_unverified(lone, capsys):
    before = lone.read_text(encoding="utf-8")
    assert main(["add-figure", "--registry", str(lone), "--id", "zj-x", "--place", "浙江", "--metric", "ai_core_revenue",
                 "--comparator", ">", "--value", "4000", "--unit", "亿元", "--period-start", "2025-01",
                 "--period-end", "2025-08", "--period-kind", "range", "--period-text", "2025年1—8月",
                 "--source", "seed-002", "--quote", "营业收入突破4000亿元"]) == 1
    assert "the text of seed-002" in capsys.readouterr().err
    assert lone.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("content, says", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "not a text file"),
])
def test_what_is_not_a_text_is_refused_and_nothing_written(lone, capsys, content, says):
    sources_before = (lone.parent / "data" / "sources.yaml").read_bytes()
    code, _, err = register(lone, content, capsys)
    assert code == 2 and says in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert (lone.parent / "data" / "sources.yaml").read_bytes() == sources_before
    assert not (lone.parent / "sources").exists() or not list((lone.parent / "sources").iterdir())


def test_a_text_over_the_size_bound_is_refused(lone, capsys):
    big = lone.parent / "big.txt"
    with open(big, "wb") as handle:  # sparse: 21 MB without writing them
        handle.truncate(21 * 1024 * 1024)
    assert main(["add-source", str(big), "--registry", str(lone), *REGISTER]) == 2
    assert "over the 20,971,520 byte limit" in capsys.readouterr().err


def test_a_text_registered_twice_is_refused_with_the_id_it_has(lone, capsys):
    first = register(lone, ARTICLE, capsys)
    assert first[0] == 0
    code, _, err = register(lone, ARTICLE.encode("utf-16"), capsys, "--id", "other-id")
    assert code == 2 and f"already registered as {first[1].split()[1].rstrip(':')}" in err


def test_an_unknown_source_names_the_command_that_registers_one(lone, capsys):
    assert main(["add-target", "--registry", str(lone), "--id", "zj-y", "--place", "浙江", "--metric", "人工智能核心产业营业收入",
                 "--comparator", ">", "--value", "1200", "--unit", "亿元", "--deadline", "2027",
                 "--source", "seed-005", "--quote", "营业收入突破1200亿元"]) == 1
    err = capsys.readouterr().err
    assert "unknown source 'seed-005': register its text with `tracker add-source FILE" in err
    assert "metric" not in err  # the metric's Chinese name was resolved to its id


def test_the_dashboard_serves_a_registered_text_and_marks_unchecked_quotes(lone, capsys):
    from test_scale import serving

    code, out, _ = register(lone, ARTICLE, capsys)
    source_id = out.split()[1].rstrip(":")
    with serving(lone, {"TRACKER_AS_OF": "2026-06-30"}) as url:
        with urllib.request.urlopen(f"{url}/source-text/{source_id}", timeout=60) as response:
            assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
            assert response.read().decode("utf-8") == ARTICLE
        for wrong in ("seed-000", "nope", "incoming.txt", "targets.yaml"):  # a missing text, not a source, files
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"{url}/source-text/{wrong}", timeout=60)
            assert refused.value.code == 404, wrong
        for traversal in ("..%2F..%2Fetc%2Fpasswd", "..%2Ftargets.yaml", "%2E%2E/data/sources.yaml"):
            try:
                with urllib.request.urlopen(f"{url}/source-text/{traversal}", timeout=60) as response:
                    body, kind = response.read().decode("utf-8", "replace"), response.headers["Content-Type"]
            except urllib.error.HTTPError as refused:
                body, kind = "", f"error {refused.code}"
            assert "root:" not in body and "text_folders" not in body and "targets:" not in body, traversal
            assert not kind.startswith("text/plain"), traversal


@pytest.mark.browser
def test_a_source_registered_while_the_dashboard_runs_shows_with_its_text(lone, capsys, dash_br):
    """No restart: the article is registered and cited while the server runs; its claim's page
    links to the archived text, and a quote whose text is absent is marked, in both languages."""
    from test_scale import serving
    from waiting import until

    with serving(lone, {"TRACKER_AS_OF": "2026-06-30"}) as url:
        dash_br.driver.get(url + "/target/hangzhou-intelligent-compute-2025")
        dash_br.wait_for_contains_text(".citation .unverified", "Quote not checked: the source text was not found")
        code, out, _ = register(lone, ARTICLE, capsys)
        source_id = out.split()[1].rstrip(":")
        assert main(["add-target", "--registry", str(lone), "--id", "mou-city-compute-2027", "--place", "成都",
                     "--metric", "intelligent_compute", "--comparator", ">", "--value", "80", "--unit", "EFLOPS",
                     "--deadline", "2027", "--deadline-text", "到2027年", "--source", source_id,
                     "--quote", "到2027年，全市智能算力规模超过80EFLOPS"]) == 0

        def shows_the_new_target() -> bool:
            dash_br.driver.get(url + "/target/mou-city-compute-2027")
            dash_br.wait_for_element("h1")
            return bool(dash_br.driver.find_elements("css selector", ".citation a.source-text"))

        until(shows_the_new_target, what="the new target with a link to its text")
        link = dash_br.find_element(".citation a.source-text")
        assert link.text == "Full text" and link.get_attribute("href").endswith(f"/source-text/{source_id}")
        dash_br.driver.get(url + "/target/hangzhou-intelligent-compute-2025?lang=zh")
        dash_br.wait_for_contains_text(".citation .unverified", "引文未核对：未找到来源原文")


@pytest.mark.browser
def test_the_import_page_registers_the_pasted_article_and_adds_its_claims(lone, dash_br):
    """Behind the editing token: the pasted article becomes a source, is chosen as the source
    of its candidates, and a candidate is added in the same sitting."""
    from test_scale import serving
    from selenium.webdriver.common.by import By

    with serving(lone, {"TRACKER_AS_OF": "2026-06-30", "TRACKER_EDIT_TOKEN": "s3cret"}) as url:
        dash_br.driver.get(url + "/import")
        dash_br.wait_for_element("#register-run")
        dash_br.find_element("#import-text").send_keys(ARTICLE)
        dash_br.find_element("#import-token").send_keys("s3cret")
        dash_br.find_element("#register-title").send_keys("成都市关于加快人工智能产业发展的实施意见（示例）")
        dash_br.find_element("#register-publisher").send_keys("成都市人民政府")
        dash_br.find_element("#register-published").send_keys("2026-03")
        dash_br.select_dcc_dropdown("#register-kind", value="policy")
        dash_br.find_element("#register-run").click()
        dash_br.wait_for_contains_text("#register-report", "Registered as src-")
        source_id = dash_br.find_element("#register-report").text.split()[2].rstrip(",")
        assert (lone.parent / "sources" / f"{source_id}.txt").read_text(encoding="utf-8") == ARTICLE
        assert source_id in dash_br.find_element("#import-source").text
        dash_br.find_element("#import-run").click()
        dash_br.wait_for_element("#import-grid .ag-center-cols-container .ag-row")
        dash_br.driver.find_elements(By.CSS_SELECTOR, "#import-grid .ag-center-cols-container .ag-row .ag-checkbox-input")[0].click()
        dash_br.find_element("#import-add").click()
        dash_br.wait_for_contains_text("#import-report", "1 added.")
        registry = load_registry(lone, check_sources=False)
        cited = [c for c in [*registry.targets, *registry.figures] if c.statements[0].source == source_id]
        assert len(cited) == 1 and cited[0].statements[0].quote in ARTICLE
        # a second registration of the same text is refused, naming the id it has
        dash_br.find_element("#register-run").click()
        dash_br.wait_for_contains_text("#register-report", f"already registered as {source_id}")
        assert "/tmp" not in dash_br.find_element("#register-report").text


def test_a_name_where_an_id_belongs_is_answered_with_the_fix(lone, capsys):
    assert main(["add-target", "--registry", str(lone), "--id", "zj-z", "--place", "浙江", "--metric", "算力神话",
                 "--comparator", ">", "--value", "1200", "--unit", "亿元", "--deadline", "2027",
                 "--source", "某文章.txt", "--quote", "营业收入突破1200亿元"]) == 1
    err = capsys.readouterr().err
    assert "'算力神话' is not an id" in err and "data/metrics.yaml" in err
    assert "'某文章.txt' is not an id" in err and "tracker add-source" in err
    assert "should match pattern" not in err
