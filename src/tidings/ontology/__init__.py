"""CAMEO event codes, their quad class and Goldstein weight, and the CAMEO -> PLOVER mapping.

The tables live in ``ontology/data/`` (tab-separated, written by the tidings team):

* ``cameo_codes.tsv``: all 316 CAMEO 1.1b3 event codes (20 roots, 149 base codes, 147 sub-codes),
  with our own short name, quad class, Goldstein weight and a note.
* ``cameo_plover.tsv``: CAMEO code -> PLOVER event type, mode and contexts. A code that is not
  listed takes the row of its base code, else of its root.
* ``actor_roles.tsv``: CAMEO role and international actor codes -> PLOVER sectors.

Conventions: quad class and Goldstein follow GDELT
-------------------------------------------------
We use GDELT's conventions, so that counts and Goldstein sums made from tidings output can be
compared with the GDELT event data most users already know:

* quad class by root: 01-05 -> 1 verbal cooperation, 06-09 -> 2 material cooperation,
  10-14 -> 3 verbal conflict, 15-20 -> 4 material conflict (there is no neutral class);
* Goldstein weight: GDELT's ``CAMEO.goldsteinscale.txt`` value for the code. The five codes of
  the CAMEO 1.1b3 manual that GDELT's tables lack (155, 176, 1834, 1951, 1952) take their parent's
  value; the table's ``note`` column says so.

The Phoenix (PETRARCH2 pipeline) tables differ, and we do **not** follow them:

* Phoenix quad classes: 0 neutral for roots 01-02 (GDELT: 1), root 09 is 3 (GDELT: 2), root 14
  is 4 (GDELT: 3) and root 16 is 3 (GDELT: 4).
* Phoenix Goldstein weights differ on seven codes (GDELT / Phoenix): 016 -2.0 / +3.4,
  022 3.2 / 3.4, 124 and 1246 -4.0 / -5.0, 163 -8.0 / -6.5, 165 -6.5 / -7.0, 166 -7.0 / -8.0.
  Phoenix also weights codes that are not CAMEO (0110, 0357, 109, 1213, 1641-1643) and lacks
  many sub-codes.

PLOVER has no type for CAMEO 01 (statements) and 02 (appeals): :func:`plover_for` gives
``(None, None)`` for them. See ``docs/ONTOLOGY.md`` for our deviations from the public
CAMEO -> PLOVER crosswalk.

Codes are strings with their leading zeros (``"010"``, ``"0211"``). Event codes from other verb
dictionaries (PETRARCH's validation codes such as ``"903"``, paired codes such as ``"042:043"``,
``"---"``) are not CAMEO: test with :func:`is_cameo` before asking for a :class:`CameoCode`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tidings.paths import ONTOLOGY_DATA

__all__ = [
    "CONVENTION",
    "QUAD_CLASS_NAMES",
    "CameoCode",
    "UnknownCode",
    "all_codes",
    "cameo_code",
    "cameo_roles_to_plover",
    "goldstein",
    "is_cameo",
    "plover_contexts",
    "plover_entity_for",
    "plover_for",
    "plover_sectors_to_cameo_role",
    "quad_class",
    "root_name",
]

# Name of the quad-class and Goldstein tables used, to be written into releases and metadata.
CONVENTION = "gdelt"

QUAD_CLASS_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

LEVELS = ("root", "base", "sub")

# Role kinds that name a role (not an international generic); used by the reverse lookup.
_ROLE_KINDS = frozenset(
    {"primary_role", "party", "secondary_role", "tertiary_role", "agent_generic"}
)


class UnknownCode(ValueError):
    """A code that is not in the CAMEO 1.1b3 event table (nor, where allowed, a child of one)."""

    def __init__(self, code: object, what: str = "CAMEO event code") -> None:
        self.code = code
        super().__init__(
            f"unknown {what} {code!r}: CAMEO codes are strings with leading zeros kept "
            "(e.g. '010', '0211'); list them with tidings.ontology.all_codes()"
        )


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its GDELT quad class and Goldstein weight."""

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    level: str  # root, base or sub

    @property
    def parent(self) -> str | None:
        """The base code of a sub-code, the root of a base code, None for a root."""
        return None if self.level == "root" else self.code[: len(self.code) - 1]

    @property
    def quad_name(self) -> str:
        return QUAD_CLASS_NAMES[self.quad_class]


@dataclass(frozen=True)
class _Role:
    code: str
    kind: str
    meaning: str
    sectors: tuple[str, ...]
    entity: str | None


def _read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tidings TSV (header row; ``#`` comment lines and blank lines skipped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def _level(code: str) -> str:
    return LEVELS[len(code) - 2]


@functools.cache
def _codes() -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for row in _read_tsv(ONTOLOGY_DATA / "cameo_codes.tsv"):
        code = row["code"]
        table[code] = CameoCode(
            code=code,
            name=row["name"],
            root=code[:2],
            quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"]),
            level=_level(code),
        )
    return table


@functools.cache
def _plover() -> dict[str, tuple[str | None, str | None, tuple[str, ...]]]:
    table: dict[str, tuple[str | None, str | None, tuple[str, ...]]] = {}
    for row in _read_tsv(ONTOLOGY_DATA / "cameo_plover.tsv"):
        contexts = tuple(c for c in row["plover_context"].split("|") if c)
        table[row["cameo_code"]] = (
            row["plover_type"] or None,
            row["plover_mode"] or None,
            contexts,
        )
    return table


@functools.cache
def _roles() -> dict[str, _Role]:
    table: dict[str, _Role] = {}
    for row in _read_tsv(ONTOLOGY_DATA / "actor_roles.tsv"):
        table[row["code"]] = _Role(
            code=row["code"],
            kind=row["kind"],
            meaning=row["meaning"],
            sectors=tuple(s for s in row["plover_sectors"].split("|") if s),
            entity=row.get("plover_entity") or None,
        )
    return table


@functools.cache
def _sector_to_role() -> dict[str, str]:
    candidates: dict[str, list[str]] = {}
    for role in _roles().values():
        if role.kind in _ROLE_KINDS and role.sectors:
            candidates.setdefault(role.sectors[0], []).append(role.code)
    reverse: dict[str, str] = {}
    for sector, codes in candidates.items():
        if len(codes) == 1:
            reverse[sector] = codes[0]
        elif sector in codes:  # REB <- REB, INS, SEP: the generic code wins
            reverse[sector] = sector
    return reverse


def is_cameo(code: object) -> bool:
    """True if ``code`` is a CAMEO 1.1b3 event code (a string, leading zeros kept).

    Never raises: codes of other verb dictionaries (``"903"``, ``"174K"``), paired codes
    (``"042:043"``), ``"---"``, ``None`` or numbers all give False.
    """
    return isinstance(code, str) and code.strip() in _codes()


def cameo_code(code: str) -> CameoCode:
    """The table entry of a CAMEO event code; raises :class:`UnknownCode` if it has none."""
    entry = _codes().get(code.strip()) if isinstance(code, str) else None
    if entry is None:
        raise UnknownCode(code)
    return entry


def _nearest(code: str) -> CameoCode:
    """The entry of ``code``, else of its nearest CAMEO parent (base code, then root)."""
    if is_cameo(code):
        return _codes()[code.strip()]
    if isinstance(code, str):
        key = code.strip()
        if len(key) in (3, 4) and key[:2].isdigit():
            for parent in (key[:3], key[:2]):
                if parent != key and parent in _codes():
                    return _codes()[parent]
    raise UnknownCode(code)


def quad_class(code: str) -> int:
    """GDELT quad class (1-4, see :data:`QUAD_CLASS_NAMES`) of a CAMEO code.

    A 3- or 4-character code that is not in the table but whose base code or root is (e.g. the
    non-CAMEO ``"1213"`` or ``"174K"``) takes the value of that nearest parent. Anything else
    raises :class:`UnknownCode`.
    """
    return _nearest(code).quad_class


def goldstein(code: str) -> float:
    """GDELT Goldstein weight (-10 .. +10) of a CAMEO code.

    A 3- or 4-character code that is not in the table but whose base code or root is takes the
    value of that nearest parent (base code first, then root). Anything else raises
    :class:`UnknownCode`.
    """
    return _nearest(code).goldstein


def _plover_row(code: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    entry = _nearest(code).code
    table = _plover()
    for key in (entry, entry[:3], entry[:2]):
        if key in table:
            return table[key]
    return (None, None, ())


def plover_for(code: str) -> tuple[str | None, str | None]:
    """(PLOVER event type, mode) for a CAMEO code; either may be None.

    A code missing from ``cameo_plover.tsv`` inherits its base code's row, else its root's; codes
    of roots 01 and 02 have no PLOVER type and give ``(None, None)``. Non-CAMEO codes fall back
    to their nearest CAMEO parent as in :func:`goldstein`, else raise :class:`UnknownCode`.
    """
    plover_type, mode, _ = _plover_row(code)
    return plover_type, mode


def plover_contexts(code: str) -> tuple[str, ...]:
    """PLOVER contexts our mapping attaches to a CAMEO code (same inheritance as plover_for)."""
    return _plover_row(code)[2]


def root_name(root: str) -> str:
    """Our name of a CAMEO root (``"18"``); a longer code is read as its root (``"182"``)."""
    entry = _codes().get(root.strip()[:2]) if isinstance(root, str) else None
    if entry is None or entry.level != "root":
        raise UnknownCode(root, "CAMEO root")
    return entry.name


def all_codes(level: str | None = None) -> tuple[str, ...]:
    """Every CAMEO event code in codebook order, or those of one level (root, base, sub)."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS} or None, not {level!r}")
    return tuple(c for c, e in _codes().items() if level is None or e.level == level)


def cameo_roles_to_plover(roles: Iterable[str]) -> tuple[str, ...]:
    """PLOVER sectors for CAMEO role codes, in order, without repeats.

    ``roles`` are 3-letter CAMEO groups (``["GOV", "MED"]`` -> ``("GOV", "JRN")``). A single
    string is read as a whole actor code and split into 3-letter groups (``"USAGOVMED"``).
    Groups that carry no sector (countries, regions, religions, MOD/RAD, ``---``) are skipped.
    Mind the trap: CAMEO MED is media (PLOVER JRN) while PLOVER MED is medical (CAMEO HLH).
    """
    if isinstance(roles, str):
        roles = [roles[i : i + 3] for i in range(0, len(roles), 3)]
    table = _roles()
    out: list[str] = []
    for group in roles:
        role = table.get(group.strip().upper())
        for sector in role.sectors if role else ():
            if sector not in out:
                out.append(sector)
    return tuple(out)


def plover_sectors_to_cameo_role(sector: str) -> str | None:
    """The CAMEO role code for a PLOVER sector (``"JRN"`` -> ``"MED"``, ``"MED"`` -> ``"HLH"``).

    None when CAMEO has no role for it (PRM, PRE, UNK) or when several roles share it with no
    generic one (SOC: DEV, ENV, HRI). Where a generic role exists it wins (REB, not INS/SEP).
    """
    return _sector_to_role().get(sector.strip().upper())


def plover_entity_for(code: str) -> str | None:
    """PLOVER country-level entity for a CAMEO international generic (NGM -> ISM, PKO -> IGO).

    None for codes without one (roles, INT, UIS) and for codes not in ``actor_roles.tsv``.
    """
    role = _roles().get(code.strip().upper())
    return role.entity if role else None
