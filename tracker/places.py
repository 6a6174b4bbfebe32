"""The place tree (China > province > city > district) that a registry and a snapshot share:
finding a place by any of its names, and the places below or above one."""

from __future__ import annotations

import difflib

# China's division levels by tier (the schema's Level lists them).
TIERS = {
    "country": ("country",),
    "province": ("province", "municipality", "autonomous_region", "sar"),
    "prefecture": ("city", "prefecture", "autonomous_prefecture", "league"),
    "county": ("district", "county", "county_city", "autonomous_county", "banner", "autonomous_banner",
               "forestry_district", "special_district"),
    "town": ("town",),
}
_TIER_OF = {level: name for name, levels in TIERS.items() for level in levels}


def tier(level: str) -> str:
    """country, province (also a municipality, an autonomous region, an SAR), prefecture
    (a city, prefecture, autonomous prefecture or league), county (a district, county,
    county-level city, banner …) or town."""
    return _TIER_OF.get(level, level)


class PlaceTree:
    """Mixed into a class with `places` (id -> Place) and `children` (id -> child ids)."""

    places: dict
    children: dict[str, list[str]]

    def build_children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for place_id, parent in self.parents().items():
            if parent:
                children.setdefault(parent, []).append(place_id)
        return children

    def parents(self) -> dict[str, str | None]:
        return {place.id: place.parent for place in self.places.values()}

    def place_names(self) -> dict[str, list]:
        """Every name a place is known by (id, Chinese, English, aliases, division code;
        casefolded) -> the places known by it (鼓楼区 is four districts)."""
        index = self.__dict__.get("_place_names")
        if index is None:
            index = {}
            for place in self.places.values():
                for known in dict.fromkeys(k.casefold() for k in (place.id, place.name_zh, place.name_en, *place.aliases,
                                                              *([place.code] if getattr(place, "code", None) else []))):
                    index.setdefault(known, []).append(place)
            self.__dict__["_place_names"] = index
        return index

    def find_place(self, name: str):
        """A place by id, Chinese or English name or alias (case-insensitive). An id always
        wins; a name that several places share is refused with their ids."""
        wanted = name.strip()
        if wanted in self.places:
            return self.places[wanted]
        found = self.place_names().get(wanted.casefold(), [])
        if len(found) == 1:
            return found[0]
        if found:
            listed = "; ".join(f"{p.id} ({self.describe(p.id)})" for p in found[:12])
            raise LookupError(f"{name!r} names {len(found)} places: {listed}; give the id of the one you mean")
        close = difflib.get_close_matches(wanted.casefold(), list(self.place_names()), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(sorted({p.id for c in close for p in self.place_names()[c]}))}?" if close else ""
        raise LookupError(f"unknown place {name!r}{hint} (places are listed in data/places.yaml)")

    def describe(self, place_id: str) -> str:
        """杭州市拱墅区: the Chinese name with the names above it, below the province's."""
        chain = [place_id, *self.ancestors(place_id)]
        names = [self.places[p].name_zh for p in reversed(chain) if tier(self.places[p].level) != "country"]
        return "".join(names) or self.places[place_id].name_zh

    def subtree(self, place_id: str) -> set[str]:
        """The place and every place below it."""
        found, stack = set(), [place_id]
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(self.children.get(current, []))
        return found

    def ancestors(self, place_id: str) -> list[str]:
        chain, current = [], self.places.get(place_id)
        while current and current.parent and current.parent not in chain:
            chain.append(current.parent)
            current = self.places.get(current.parent)
        return chain
