"""The founding article as a regression: what must be coded as asserted, and what must not.

The article is read at run time from the shared seed folder (``tidings.paths.seed_dir()``, or
``DIR/../seed`` for ``--data DIR``); nothing of its text is in the project. The expectations are
the ones the core issue set and ``tests/test_seed.py`` checks, stated here as data over codes,
roles and speakers' surnames, never over the article's sentences:

asserted
  - the US government (USAGOV, the president) takes a force posture or threatens the cartels
    (---CRM): a 13, 15, 17 or 19 event;
  - US military officials (USAMIL) do the same against the cartels;
  - Mexico's government (MEXGOV) rejects the United States (12);
  - each International Crisis Group expert (NGO; Segura, Finucane) criticises the US (11);
  - the university expert (EDU; Brooks) criticises the US (11);

must not be asserted
  - the negated or hypothetical acts (an invasion that will not happen; curtailing, terminating,
    killing, responding or retaliating that is only imagined);
  - the background bombing in Afghanistan;

kept and labelled
  - the imagined retaliation is present with a hypothetical or future modality.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.evaluate import harness
from tidings.evaluate.registry import Suite
from tidings.records import ArticleResult, Event

SEED_NAME = "000_efc33bd0dc2ac6e5.txt"
FORCE_ROOTS = ("13", "15", "17", "19")
NOT_ASSERTED_TRIGGERS = frozenset(
    {"invasion", "curtail", "curtailing", "terminate", "terminating", "kill", "respond",
     "retaliate"}
)


@dataclass(frozen=True)
class Expectation:
    kind: str  # "asserted", "not asserted", "labelled"
    description: str
    check: Callable[[ArticleResult], list[Event]]  # the events that satisfy (or violate) it


def _select(
    result: ArticleResult,
    *,
    roots: Sequence[str],
    source: str | None = None,
    target: str | None = None,
    source_name: str | None = None,
    source_code_suffix: str | None = None,
) -> list[Event]:
    found = []
    for event in result.asserted_events:
        if not event.cameo_code.startswith(tuple(roots)):
            continue
        src, tgt = event.source, event.target
        if source and (src is None or not src.cameo.startswith(source)):
            continue
        if source_name and (src is None or source_name not in src.name):
            continue
        if source_code_suffix and (src is None or not src.cameo.endswith(source_code_suffix)):
            continue
        if target and (tgt is None or not tgt.cameo.startswith(target)):
            continue
        found.append(event)
    return found


def _forbidden_triggers(result: ArticleResult) -> list[Event]:
    return [
        e for e in result.asserted_events
        if e.evidence.trigger is not None
        and e.evidence.trigger.text.lower() in NOT_ASSERTED_TRIGGERS
    ]


def _afghan_bombing(result: ArticleResult) -> list[Event]:
    return [
        e for e in result.asserted_events
        if "Afghanistan" in e.evidence.text
        and e.evidence.trigger is not None and e.evidence.trigger.text.lower() == "bomb"
    ]


def _retaliation_labelled(result: ArticleResult) -> list[Event]:
    return [
        e for e in result.events
        if e.evidence.trigger is not None and e.evidence.trigger.text.lower() == "retaliate"
        and e.modality in ("hypothetical", "future")
    ]


def _crisis_group_expert(surname: str) -> Callable[[ArticleResult], list[Event]]:
    def check(result: ArticleResult) -> list[Event]:
        return [
            e for e in _select(result, roots=("11",), source_name=surname, target="USA")
            if e.source is not None and e.source.cameo.startswith("NGO")
        ]

    return check


EXPECTATIONS = (
    Expectation("asserted", "US government (USAGOV) force posture or threat against the cartels "
                "(---CRM; 13/15/17/19)",
                lambda r: _select(r, roots=FORCE_ROOTS, source="USAGOV", target="---CRM")),
    Expectation("asserted", "US military officials (USAMIL) against the cartels (13/15/17/19)",
                lambda r: _select(r, roots=FORCE_ROOTS, source="USAMIL", target="---CRM")),
    Expectation("asserted", "Mexico's government (MEXGOV) rejects the United States (12)",
                lambda r: _select(r, roots=("12",), source="MEXGOV", target="USA")),
    Expectation("asserted", "Crisis Group expert Segura (NGO) criticises the US (11)",
                _crisis_group_expert("Segura")),
    Expectation("asserted", "Crisis Group expert Finucane (NGO) criticises the US (11)",
                _crisis_group_expert("Finucane")),
    Expectation("asserted", "university expert Brooks (EDU) criticises the US (11)",
                lambda r: _select(r, roots=("11",), source_name="Brooks", target="USA",
                                  source_code_suffix="EDU")),
    Expectation("not asserted", "no negated or imagined act asserted (invasion, curtailing, "
                "terminating, killing, responding, retaliating)", _forbidden_triggers),
    Expectation("not asserted", "the background bombing in Afghanistan is not asserted",
                _afghan_bombing),
    Expectation("labelled", "the imagined retaliation is kept, labelled hypothetical or future",
                _retaliation_labelled),
)


def seed_file(data_dir: Path | None = None) -> Path:
    """The founding article: DIR/../seed for ``--data DIR`` (DIR itself if it holds it)."""
    from tidings.paths import seed_dir

    if data_dir is None:
        return seed_dir() / SEED_NAME
    data_dir = Path(data_dir)
    direct = data_dir / SEED_NAME
    return direct if direct.exists() else data_dir.parent / "seed" / SEED_NAME


def _describe(event: Event) -> str:
    src = event.source.cameo if event.source else "-"
    tgt = event.target.cameo if event.target else "-"
    trigger = event.evidence.trigger.text if event.evidence.trigger else "?"
    return f"{src} {event.cameo_code} {tgt} ({trigger}, {event.modality})"


def run(limit: int | None = None, data_dir: Path | None = None) -> dict[str, Any]:
    """``limit`` has nothing to cut (one article); it is accepted so that ``all`` can pass it."""
    from tidings.api import get_coder
    from tidings.records import SourceError
    from tidings.sources import read_sources

    path = seed_file(data_dir)
    if not path.exists():
        raise FileNotFoundError(2, "founding article not found", str(path))
    items = list(read_sources([path]))
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    if errors:
        raise ValueError(f"cannot read the founding article: {'; '.join(errors)}")
    result = get_coder().code(items[0])
    checks = []
    for expectation in EXPECTATIONS:
        events = expectation.check(result)
        passed = bool(events) if expectation.kind in ("asserted", "labelled") else not events
        checks.append({"kind": expectation.kind, "expectation": expectation.description,
                       "passed": passed, "evidence": [_describe(e) for e in events[:3]]})
    passed = sum(c["passed"] for c in checks)
    results: dict[str, Any] = {
        "suite": "seed",
        "records": 1,
        "limit": limit,
        "published": str(items[0].published),
        "events": len(result.events),
        "asserted_events": len(result.asserted_events),
        "checks": checks,
        "passed": passed,
        "total": len(checks),
    }
    results["summary"] = [
        ["expectations met", f"{passed}/{len(checks)}"],
        ["asserted events / all events", f"{len(result.asserted_events)} / {len(result.events)}"],
    ]
    results["tables"] = [harness.table(
        "Expectations",
        ["expectation", "kind", "result", "events (up to 3)"],
        [[c["expectation"], c["kind"], "pass" if c["passed"] else "FAIL",
          "; ".join(c["evidence"]) or "-"] for c in checks],
    )]
    return results


def markdown(results: Mapping[str, Any]) -> str:
    intro = (
        "The founding article (shared/seed, dated "
        f"{results['published']}) coded end to end, against the expectations of the core issue: "
        "the events that must be asserted and those that must not (negated, hypothetical, "
        "background). An *asserted* expectation passes when at least one asserted event fits it; "
        "a *not asserted* one when none does; *labelled* when the event is kept with a "
        "non-asserted modality."
    )
    return f"{intro}\n\n{harness.markdown_tables(results)}\n"


SUITES = (
    Suite(name="seed", title="The founding article (regression)", run=run, markdown=markdown),
)
