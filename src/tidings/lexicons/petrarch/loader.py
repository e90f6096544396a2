"""Load a set of PETRARCH dictionaries and build the lookup indexes a matcher needs."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .actors import ActorEntry, read_actor_file
from .agents import AgentEntry, SubstitutionSet, read_agent_file
from .common import DictionaryFormatError
from .discards import DiscardEntry, read_discard_file
from .verbs import Synset, VerbDictionary, VerbEntry, VerbPattern, read_verb_file

KINDS = ("actors", "agents", "verbs", "discards")

#: The usual file names of the two sets shipped with PETRARCH2 (tidings ships neither).
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "validation": {
        "actors": ("PETR.Validate.actors.txt",),
        "agents": ("PETR.Validate.agents.txt",),
        "verbs": ("PETR.Validate.verbs.txt",),
        "discards": ("PETR.Validate.discards.txt",),
    },
    "production": {
        "actors": (
            "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt",
        ),
        "agents": ("Phoenix.agents.txt",),
        "verbs": ("CAMEO.2.0.txt",),
        "discards": ("Phoenix.discards.txt",),
    },
}

PathLike = str | Path
PathArg = PathLike | Sequence[PathLike] | None


def classify_file(name: PathLike) -> str | None:
    """Which kind of dictionary a file name suggests: actors, agents, verbs, discards or None.

    ``*.actors.txt`` / ``*agents*`` / ``*discards*`` / ``*verbs*`` and ``CAMEO*.txt``; issue
    files (``Phoenix.IssueCoding.txt``) and anything else give None.
    """
    low = Path(name).name.lower()
    if not low.endswith(".txt") or "issue" in low:
        return None
    if "actors" in low:
        return "actors"
    if "agents" in low:
        return "agents"
    if "discards" in low:
        return "discards"
    if "verbs" in low or low.startswith("cameo"):
        return "verbs"
    return None


def _first_token_index(entries: Iterable) -> dict[str, tuple]:
    index: dict[str, list] = {}
    for e in entries:
        if e.phrase_tokens:
            index.setdefault(e.phrase_tokens[0], []).append(e)
    # longest phrases first, file order among equals (sorted is stable)
    return {k: tuple(sorted(v, key=lambda e: -len(e.phrase_tokens))) for k, v in index.items()}


@dataclass(frozen=True, eq=False)
class PetrarchDictionaries:
    """Everything read from one set of dictionary files, plus lookup indexes.

    Indexes (all keys upper case, as ``normalize_word`` gives):
    ``actors_by_first`` / ``agents_by_first`` / ``discards_by_first``: first phrase token ->
    entries, longest phrase first; ``verbs_by_lemma``: lemma (the inflecting word) -> every
    VerbEntry with it, file order (a lemma may sit in several blocks); ``verbs_by_form``: each
    surface form's inflecting word (``CALLED`` for ``CALLED OFF``) -> entries.
    ``warnings`` holds the format errors met when loaded with ``strict=False``.
    """

    actors: tuple[ActorEntry, ...] = ()
    agents: tuple[AgentEntry, ...] = ()
    discards: tuple[DiscardEntry, ...] = ()
    verbs: VerbDictionary | None = None
    substitutions: dict[str, SubstitutionSet] = field(default_factory=dict)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[DictionaryFormatError, ...] = ()
    load_seconds: float = 0.0
    actors_by_first: dict[str, tuple[ActorEntry, ...]] = field(default_factory=dict)
    agents_by_first: dict[str, tuple[AgentEntry, ...]] = field(default_factory=dict)
    discards_by_first: dict[str, tuple[DiscardEntry, ...]] = field(default_factory=dict)
    verbs_by_lemma: dict[str, tuple[VerbEntry, ...]] = field(default_factory=dict)
    verbs_by_form: dict[str, tuple[VerbEntry, ...]] = field(default_factory=dict)

    @property
    def synsets(self) -> dict[str, Synset]:
        return self.verbs.synsets if self.verbs is not None else {}

    @property
    def patterns(self) -> tuple[VerbPattern, ...]:
        return self.verbs.patterns if self.verbs is not None else ()

    def verb(self, lemma: str) -> tuple[VerbEntry, ...]:
        return self.verbs_by_lemma.get(lemma.upper(), ())

    def summary(self) -> dict[str, int | float]:
        v = self.verbs
        return {
            "actor_phrases": len(self.actors),
            "actors": len({a.actor_id for a in self.actors}),
            "agent_forms": len(self.agents),
            "agent_lines": len({a.source for a in self.agents}),
            "discards": len(self.discards),
            "verb_blocks": len(v.blocks) if v else 0,
            "verbs": len(v.verbs) if v else 0,
            "verb_patterns": len(self.patterns),
            "synsets": len(self.synsets),
            "transformations": len(v.transformations) if v else 0,
            "warnings": len(self.warnings),
            "load_seconds": round(self.load_seconds, 3),
        }


def _as_list(arg: PathArg, base: Path | None) -> list[Path]:
    if arg is None:
        return []
    items = [arg] if isinstance(arg, (str, Path)) else list(arg)
    out = []
    for item in items:
        p = Path(item)
        if base is not None and not p.is_absolute() and not p.exists():
            p = base / p
        out.append(p)
    return out


def _detect_preset(directory: Path) -> str | None:
    names = {p.name for p in directory.iterdir()}
    found = [
        preset
        for preset, kinds in PRESETS.items()
        if any(f in names for files in kinds.values() for f in files)
    ]
    if len(found) > 1:
        raise ValueError(
            f"{directory} holds both the validation and the production PETRARCH dictionaries; "
            "pass preset='validation' or preset='production'"
        )
    return found[0] if found else None


def _merge_verbs(parts: list[VerbDictionary]) -> VerbDictionary | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    syntaxes = {p.syntax for p in parts}
    if len(syntaxes) > 1:
        raise ValueError(f"verb files mix syntaxes {sorted(syntaxes)}: load them separately")
    synsets: dict[str, Synset] = {}
    for p in parts:
        for k, v in p.synsets.items():
            synsets.setdefault(k, v)
    return VerbDictionary(
        parts[0].syntax,
        synsets,
        tuple(b for p in parts for b in p.blocks),
        tuple(t for p in parts for t in p.transformations),
        tuple(f for p in parts for f in p.files),
        tuple(v for p in parts for v in p.verbs),
    )


def load_dictionaries(
    dir_or_files: PathArg = None,
    *,
    actors: PathArg = None,
    agents: PathArg = None,
    verbs: PathArg = None,
    discards: PathArg = None,
    preset: str | None = None,
    strict: bool = True,
    syntax: str = "auto",
) -> PetrarchDictionaries:
    """Read PETRARCH/TABARI dictionaries into tidings' representation.

    ``dir_or_files``: a directory, a file, or a list of files. Files are sorted into kinds by
    name (``classify_file``). For a directory with no kind argument given, the usual names are
    used: ``preset="validation"`` (``PETR.Validate.*``) or ``"production"`` (``Phoenix.*`` +
    ``CAMEO.2.0.txt``), detected when only one set is there; otherwise every classifiable file.
    ``actors``/``agents``/``verbs``/``discards`` name files explicitly (one path or a list;
    relative ones are looked up in the directory too) and then the directory is not scanned.

    ``strict=True``: the first malformed line raises DictionaryFormatError (file, line, text).
    ``strict=False``: malformed lines are skipped or repaired and reported in ``.warnings``.
    ``syntax`` applies to verb files (see ``read_verb_file``).
    """
    started = time.perf_counter()
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"preset must be one of {sorted(PRESETS)}, not {preset!r}")
    base: Path | None = None
    chosen: dict[str, list[Path]] = {k: [] for k in KINDS}
    explicit = {"actors": actors, "agents": agents, "verbs": verbs, "discards": discards}
    if (
        dir_or_files is not None
        and isinstance(dir_or_files, (str, Path))
        and Path(dir_or_files).is_dir()
    ):
        base = Path(dir_or_files)
        if all(v is None for v in explicit.values()):
            use = preset or _detect_preset(base)
            if use is not None:
                missing = []
                for kind, names in PRESETS[use].items():
                    for n in names:
                        p = base / n
                        (chosen[kind] if p.exists() else missing).append(p)
                if missing:
                    raise FileNotFoundError(
                        f"{use} dictionaries incomplete in {base}: missing "
                        + ", ".join(p.name for p in missing)
                    )
            else:
                for p in sorted(base.iterdir()):
                    kind = classify_file(p)
                    if kind is not None and p.is_file():
                        chosen[kind].append(p)
    elif dir_or_files is not None:
        for p in _as_list(dir_or_files, None):
            kind = classify_file(p)
            if kind is None:
                raise ValueError(
                    f"cannot tell what kind of dictionary {p.name} is; "
                    "pass it as actors=, agents=, verbs= or discards="
                )
            chosen[kind].append(p)
    for kind, arg in explicit.items():
        chosen[kind].extend(_as_list(arg, base))
    for kind, paths in chosen.items():
        for p in paths:
            if not p.is_file():
                raise FileNotFoundError(f"{kind} dictionary not found: {p}")

    warnings: list[DictionaryFormatError] = []
    actor_entries: list[ActorEntry] = []
    for p in chosen["actors"]:
        entries, found = read_actor_file(p, strict=strict)
        actor_entries.extend(entries)
        warnings.extend(found)
    agent_entries: list[AgentEntry] = []
    substitutions: dict[str, SubstitutionSet] = {}
    for p in chosen["agents"]:
        entries, subs, found = read_agent_file(p, strict=strict)
        agent_entries.extend(entries)
        for k, v in subs.items():
            substitutions.setdefault(k, v)
        warnings.extend(found)
    discard_entries: list[DiscardEntry] = []
    for p in chosen["discards"]:
        entries, found = read_discard_file(p, strict=strict)
        discard_entries.extend(entries)
        warnings.extend(found)
    verb_parts: list[VerbDictionary] = []
    for p in chosen["verbs"]:
        vd, found = read_verb_file(p, strict=strict, syntax=syntax)
        verb_parts.append(vd)
        warnings.extend(found)
    verb_dict = _merge_verbs(verb_parts)

    by_lemma: dict[str, list[VerbEntry]] = {}
    by_form: dict[str, list[VerbEntry]] = {}
    if verb_dict is not None:
        for v in verb_dict.verbs:
            by_lemma.setdefault(v.lemma, []).append(v)
            n = len(v.words)
            for form in v.forms:
                words = form.split(" ")
                key = words[v.head_index] if len(words) == n else words[0]
                lst = by_form.setdefault(key, [])
                if not lst or lst[-1] is not v:
                    lst.append(v)

    return PetrarchDictionaries(
        actors=tuple(actor_entries),
        agents=tuple(agent_entries),
        discards=tuple(discard_entries),
        verbs=verb_dict,
        substitutions=substitutions,
        files={k: tuple(str(p) for p in v) for k, v in chosen.items() if v},
        warnings=tuple(warnings),
        load_seconds=time.perf_counter() - started,
        actors_by_first=_first_token_index(actor_entries),
        agents_by_first=_first_token_index(agent_entries),
        discards_by_first=_first_token_index(discard_entries),
        verbs_by_lemma={k: tuple(v) for k, v in by_lemma.items()},
        verbs_by_form={k: tuple(v) for k, v in by_form.items()},
    )


def load_validation_dictionaries(directory: PathLike, **kwargs) -> PetrarchDictionaries:
    """The ``PETR.Validate.*`` set (PETRARCH-1 verb syntax) from ``directory``."""
    return load_dictionaries(directory, preset="validation", **kwargs)


def load_production_dictionaries(directory: PathLike, **kwargs) -> PetrarchDictionaries:
    """The Phoenix/CAMEO.2.0 set from ``directory``. Those files hold a few malformed lines, so
    this defaults to ``strict=False`` (they come back in ``.warnings``)."""
    kwargs.setdefault("strict", False)
    return load_dictionaries(directory, preset="production", **kwargs)
