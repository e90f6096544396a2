"""tidings.ontology: our tables against the shared reference, and the lookup API.

Reference files are read at test time from ``tidings.paths.reference_dir()``; tests that need them
are skipped when the shared folder is absent.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tidings import ontology
from tidings.ontology import (
    QUAD_CLASS_NAMES,
    UnknownCode,
    all_codes,
    cameo_code,
    cameo_roles_to_plover,
    goldstein,
    is_cameo,
    plover_contexts,
    plover_entity_for,
    plover_for,
    plover_sectors_to_cameo_role,
    quad_class,
    root_name,
)
from tidings.paths import ONTOLOGY_DATA, reference_dir

# Rows of the public CAMEO -> PLOVER crosswalk (Draft 0.8, 2021) whose *type* we changed.
DELIBERATE_TYPE_CHANGES = {
    "0813": "CONCEDE: easing a curfew is a concession of 081 (PLOVER puts 081-083 under CONCEDE); "
    "the crosswalk filed it under RETREAT with the obsolete mode 'ease'",
    "0814": "CONCEDE: as 0813 (easing a state of emergency)",
    "116": "SANCTION/convict: PLOVER 2.0 has a mode for findings of guilt; the crosswalk predates it",
    "163": "SANCTION/discontinue: PLOVER 2.0 puts international sanctions under SANCTION-discontinue",
}
# Rows whose crosswalk mode is a current mode of the type, but which we changed.
DELIBERATE_MODE_CHANGES = {
    "105": "yield: 'demand that target yields' is what REQUEST-yield means; its sub-codes use it",
    "124": "yield: 'refuse to yield' is REJECT-yield, as for its sub-codes 1243-1246",
    "1241": "yield: refusing to ease sanctions is not a policy change request",
    "1242": "yield: as 1241",
    "114": "disapprove: PLOVER defines ACCUSE-disapprove to include official complaints",
    "195": "aerial: PLOVER 2.0 has a mode for air strikes; 'heavy-weapons' is artillery and tanks",
}
# Crosswalk rows for codes that are not CAMEO 1.1b3 codes: not in our tables.
NOT_CAMEO = {"1213", "1214"}
# CAMEO codes whose PLOVER type lies outside the CAMEO roots PLOVER lists for that type: the
# crosswalk's own cross-root rows (1712, 175, 191, 192), our 116, and the generic yield codes 08
# and 080, which PLOVER splits into CONCEDE (081-083) and RETREAT (084-087); we read them as CONCEDE.
CROSS_ROOT = {"08", "080", "116", "1712", "175", "191", "192"}
ROLE_KINDS = {
    "primary_role",
    "party",
    "secondary_role",
    "tertiary_role",
    "international",
    "international_special",
    "agent_generic",
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _ref(rel: str) -> list[dict[str, str]]:
    path = reference_dir() / rel
    if not path.is_file():
        pytest.skip(
            f"shared reference file {rel} not found (set TIDINGS_SHARED to the shared/ folder)"
        )
    return _read(path)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def ours() -> list[dict[str, str]]:
    return _read(ONTOLOGY_DATA / "cameo_codes.tsv")


@pytest.fixture(scope="module")
def ref_codes() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in _ref("cameo/cameo_event_codes.tsv")}


@pytest.fixture(scope="module")
def crosswalk() -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for row in _ref("plover/cameo2plover.tsv"):
        out.setdefault(row["cameo_code"], set()).add((row["plover_event"], row["plover_mode"]))
    return out


@pytest.fixture(scope="module")
def plover_modes() -> set[tuple[str, str]]:
    return {(r["event_type"], r["mode"]) for r in _ref("plover/plover_modes.tsv")}


# --- cameo_codes.tsv -------------------------------------------------------------------------


def test_every_reference_code_present_in_order(ours, ref_codes):
    assert [r["code"] for r in ours] == list(ref_codes)
    assert len(ours) == 316


def test_quad_class_and_goldstein_equal_gdelt(ours, ref_codes):
    for row in ours:
        ref = ref_codes[row["code"]]
        assert int(row["quad_class"]) == int(ref["quad_class"]), row["code"]
        assert float(row["goldstein"]) == float(ref["goldstein"]), row["code"]


def test_names_are_our_own_wording(ours, ref_codes):
    copied = [
        row["code"]
        for row in ours
        if _norm(row["name"])
        in {
            _norm(ref_codes[row["code"]]["name"]),
            _norm(ref_codes[row["code"]]["gdelt_name_if_different"]),
        }
    ]
    assert copied == []


def test_phoenix_goldstein_disagreements_are_documented(ours, ref_codes):
    differing = {
        c
        for c, r in ref_codes.items()
        if r["goldstein_phoenix"] and float(r["goldstein_phoenix"]) != float(r["goldstein"])
    }
    assert differing == {"016", "022", "124", "1246", "163", "165", "166"}
    notes = {row["code"]: row["note"] for row in ours}
    for code in differing:
        assert "Phoenix" in notes[code], code
        assert code in ontology.__doc__, code


def test_quad_class_follows_gdelt_root_rule():
    for code in all_codes():
        root = int(code[:2])
        expected = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        assert quad_class(code) == expected, code


def test_codes_missing_from_gdelt_take_parent_goldstein(ours):
    notes = {row["code"]: row["note"] for row in ours}
    for code, parent in {
        "155": "15",
        "176": "17",
        "1834": "183",
        "1951": "195",
        "1952": "195",
    }.items():
        assert goldstein(code) == goldstein(parent), code
        assert f"parent {parent}" in notes[code], code


def test_level_counts():
    assert (len(all_codes("root")), len(all_codes("base")), len(all_codes("sub"))) == (20, 149, 147)


# --- cameo_plover.tsv ------------------------------------------------------------------------


def test_plover_types_equal_crosswalk_except_listed(crosswalk):
    changed = {}
    for code, pairs in crosswalk.items():
        if code in NOT_CAMEO:
            assert not is_cameo(code)
            continue
        ours_type = plover_for(code)[0]
        if ours_type not in {t for t, _ in pairs}:
            changed[code] = ours_type
    assert set(changed) == set(DELIBERATE_TYPE_CHANGES)


def test_plover_modes_equal_crosswalk_where_still_current(crosswalk, plover_modes):
    changed = set()
    for code, pairs in crosswalk.items():
        if code in NOT_CAMEO or code in DELIBERATE_TYPE_CHANGES:
            continue
        current = {(t, m) for t, m in pairs if m and (t, m) in plover_modes}
        if current and plover_for(code) not in current:
            changed.add(code)
    assert changed == set(DELIBERATE_MODE_CHANGES)


def test_every_emitted_type_mode_context_exists():
    types = {r["event_type"]: r for r in _ref("plover/plover_event_types.tsv")}
    modes = {(r["event_type"], r["mode"]) for r in _ref("plover/plover_modes.tsv")}
    contexts = {r["context"] for r in _ref("plover/plover_contexts.tsv")}
    seen_types = set()
    for code in all_codes():
        plover_type, mode = plover_for(code)
        if plover_type is None:
            assert mode is None and code[:2] in {"01", "02"}, code
            continue
        seen_types.add(plover_type)
        assert plover_type in types, code
        if mode is not None:
            assert (plover_type, mode) in modes, (code, mode)
        assert set(plover_contexts(code)) <= contexts, code
    assert seen_types == set(types)  # all 16 PLOVER types are reachable from CAMEO


def _in_roots(code: str, spec: str) -> bool:
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        width = len(lo)
        if lo <= code[:width] <= (hi or lo):
            return True
    return False


def test_plover_type_matches_its_cameo_roots():
    types = {r["event_type"]: r["cameo_roots"] for r in _ref("plover/plover_event_types.tsv")}
    outside = {
        code
        for code in all_codes()
        if plover_for(code)[0] and not _in_roots(code, types[plover_for(code)[0]])
    }
    assert outside == CROSS_ROOT


def test_known_plover_decisions():
    assert plover_for("01") == (None, None)
    assert plover_for("0214") == (None, None)  # inherits from root 02
    assert all(plover_for(c)[0] == "ASSAULT" for c in all_codes() if c.startswith("20"))
    assert plover_for("08") == ("CONCEDE", None)
    assert plover_for("0871") == ("RETREAT", "ceasefire")
    assert plover_for("175") == ("ASSAULT", None)
    assert "pro_autocracy" in plover_contexts("175")
    assert plover_for("1952") == ("ASSAULT", "drone")
    assert plover_for("176") == ("COERCE", "cyber")


# --- actor_roles.tsv -------------------------------------------------------------------------


def test_roles_against_reference():
    ref = {r["code"]: r for r in _ref("cameo/cameo_actor_roles.tsv")}
    sectors = {r["code"]: r["kind"] for r in _ref("plover/plover_actor_types.tsv")}
    rows = _read(ONTOLOGY_DATA / "actor_roles.tsv")
    assert {r["code"] for r in rows} == {c for c, r in ref.items() if r["type"] in ROLE_KINDS}
    for row in rows:
        assert row["kind"] == ref[row["code"]]["type"], row["code"]
        assert _norm(row["meaning"]) != _norm(ref[row["code"]]["meaning"]), row["code"]
        for sector in filter(None, row["plover_sectors"].split("|")):
            assert sectors.get(sector) == "sector", (row["code"], sector)
        if row["plover_entity"]:
            assert sectors.get(row["plover_entity"]) == "country_level_entity", row["code"]


def test_role_traps():
    assert cameo_roles_to_plover(["MED"]) == ("JRN",)
    assert cameo_roles_to_plover(["HLH"]) == ("MED",)
    assert cameo_roles_to_plover(["INS", "SEP", "REB"]) == ("REB",)
    assert cameo_roles_to_plover(["gov", "MED", "MUS", "XYZ", "---"]) == ("GOV", "JRN")
    assert cameo_roles_to_plover("USAGOVMED") == ("GOV", "JRN")
    assert plover_sectors_to_cameo_role("JRN") == "MED"
    assert plover_sectors_to_cameo_role("MED") == "HLH"
    assert plover_sectors_to_cameo_role("REB") == "REB"
    assert plover_sectors_to_cameo_role("SOC") is None
    assert plover_sectors_to_cameo_role("PRM") is None
    assert plover_entity_for("NGM") == "ISM"
    assert plover_entity_for("GOV") is None


# --- API -------------------------------------------------------------------------------------


def test_cameo_code_entry():
    entry = cameo_code("0211")
    assert (entry.code, entry.root, entry.level, entry.parent) == ("0211", "02", "sub", "021")
    assert entry.quad_class == 1 and entry.quad_name == QUAD_CLASS_NAMES[1]
    assert cameo_code("18").parent is None
    assert cameo_code(" 190 ").goldstein == -10.0
    with pytest.raises(AttributeError):
        entry.code = "0212"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["903", "---", "042:043", "1", "", "ABC"])
def test_unknown_codes_raise_with_guidance(bad):
    assert not is_cameo(bad)
    with pytest.raises(UnknownCode) as info:
        cameo_code(bad)
    assert isinstance(info.value, ValueError)
    assert repr(bad) in str(info.value) and "all_codes()" in str(info.value)


def test_non_string_codes():
    assert not is_cameo(None) and not is_cameo(190) and not is_cameo(["190"])
    with pytest.raises(UnknownCode):
        cameo_code(190)  # type: ignore[arg-type]


def test_parent_fallback():
    assert goldstein("1213") == goldstein("121")
    assert quad_class("174K") == quad_class("174")
    assert goldstein("109") == goldstein("10")
    assert plover_for("1214") == plover_for("121")
    for bad in ("903", "---", "042:043", "99"):
        with pytest.raises(UnknownCode):
            goldstein(bad)


def test_root_names_and_listing():
    assert root_name("18") == root_name("1823") == cameo_code("18").name
    with pytest.raises(UnknownCode):
        root_name("21")
    with pytest.raises(ValueError):
        all_codes("leaf")
    assert all_codes()[0] == "01" and all_codes()[-1] == "2042"
    assert sorted(QUAD_CLASS_NAMES) == [1, 2, 3, 4]
