"""records.evolve: the fast copy-with-changes the extractors use instead of dataclasses.replace."""

from __future__ import annotations

import dataclasses

import pytest

from tidings.records import Article, Place, evolve


def test_evolve_equals_replace_and_leaves_the_original():
    place = Place(name="Lima", country="PER", lat=-12.05, lon=-77.04, geonameid=3936456,
                  precision="city", source="mention")  # fmt: skip
    moved = evolve(place, source="dateline", start=3, end=7)
    assert moved == dataclasses.replace(place, source="dateline", start=3, end=7)
    assert place.source == "mention" and place.start is None
    assert hash(moved) == hash(dataclasses.replace(place, source="dateline", start=3, end=7))
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.name = "Cusco"  # type: ignore[misc]


def test_evolve_refuses_unknown_fields_and_checked_records():
    place = Place(name="Lima", precision="city")
    with pytest.raises(TypeError, match="no field"):
        evolve(place, town="Lima")
    with pytest.raises(TypeError, match="dataclasses.replace"):
        evolve(Article(text="Troops left the town."), outlet="Wire")
