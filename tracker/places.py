"""The place tree (China > province > city > district) that a registry and a snapshot share:
finding a place by any of its names, and the places below or above one."""

from __future__ import annotations


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

    def place_names(self) -> dict:
        """Every name a place is known by (id, Chinese, English, aliases; casefolded) -> place."""
        index = self.__dict__.get("_place_names")
        if index is None:
            index = {}
            for place in self.places.values():
                for known in (place.id, place.name_zh, place.name_en, *place.aliases):
                    index.setdefault(known.casefold(), place)
            self.__dict__["_place_names"] = index
        return index

    def find_place(self, name: str):
        """A place by id, Chinese or English name or alias (case-insensitive)."""
        found = self.place_names().get(name.strip().casefold())
        if found is None:
            raise LookupError(f"unknown place {name!r}; known places: {', '.join(sorted(self.places))}")
        return found

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
