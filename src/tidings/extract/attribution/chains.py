"""Reporting chains: who reported whom, outermost first.

A chain starts with the article's outlet (when known), goes through the reporters whose report
holds the attribution ("The Guardian reported that ... Sheinbaum told reporters that ...") or
introduced its speaker in the paragraph before ("The Guardian reported that Sheinbaum ...", then
"“...,” she told reporters"), and ends with the speaker. Events get the chain of the attribution
whose content holds their trigger, ending with their ``reported_by``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tidings.extract.attribution.context import ArticleContext, Attribution
from tidings.records import Event, Quote, evolve


class ReportingChains(ArticleContext):
    """The reporting chain of each attribution."""

    def _chains(self, found: list[Attribution]) -> None:
        outer = (self.outlet,) if self.outlet else ()
        for attribution in found:
            parent = self._reporter_of(attribution, found)
            base = parent.chain if parent is not None else outer
            names = [*base]
            if attribution.speaker is not None:
                names.append(attribution.speaker.name)
            attribution.chain = dedupe_chain(names)

    def _reporter_of(self, attribution: Attribution, found: list[Attribution]) -> Attribution | None:
        anchor = attribution.cue.idx if attribution.cue is not None else attribution.start
        inner = [
            other for other in found
            if other is not attribution and other.speaker is not None and other.kind == "indirect"
            and other.start <= anchor < other.end
            and not (attribution.start <= other.start and other.end <= attribution.end)
        ]
        if inner:
            return min(inner, key=lambda o: o.end - o.start)
        speaker = attribution.speaker
        if speaker is None:
            return None
        paragraph = self.paragraph_of(attribution.start)
        for other in reversed([o for o in found if o.end <= attribution.start]):
            if other.speaker is None or other.speaker.id == speaker.id:
                continue
            if paragraph - self.paragraph_of(other.start) > 1:
                break
            if not self._is_report(other):
                continue
            if any(other.start <= m.start < other.end for m in speaker.mentions):
                return other
        return None

    def _is_report(self, attribution: Attribution) -> bool:
        speaker = attribution.speaker
        if speaker is not None and (speaker.kind == "media" or "JRN" in speaker.sectors):
            return True
        cue = attribution.cue
        if cue is None or cue.pos_ not in ("VERB", "AUX"):
            return False
        entry = self.speech_entry(cue)
        return entry is not None and entry.kind == "report"


_LEADING_THE = re.compile(r"^the\s+")


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    return _LEADING_THE.sub("", name.strip().lower())


def same_name(a: str, b: str) -> bool:
    return _name_key(a) == _name_key(b)


def dedupe_chain(names: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        if not out or not same_name(out[-1], name):
            out.append(name)
    return tuple(out)


def reporting_chain_for_event(event: Event, quotes: Sequence[Quote], outlet: str | None) -> tuple[str, ...]:
    """Outermost first: the outlet, then whoever reported the report, down to the event's
    ``reported_by`` (the innermost reporter), taken from the attribution whose content holds the
    event's trigger."""
    outer = (outlet,) if outlet else ()
    if event.reported_by is None:
        return dedupe_chain(outer)
    trigger = event.evidence.trigger
    position = trigger.start if trigger is not None else event.evidence.start
    holding = [
        q for q in quotes
        if q.speaker is not None and same_name(q.speaker.name, event.reported_by)
        and q.start <= position < q.end
    ]
    if holding:
        return min(holding, key=lambda q: q.end - q.start).reporting_chain
    return dedupe_chain((*outer, event.reported_by))


def attach_reporting_chains(events: Sequence[Event], quotes: Sequence[Quote], outlet: str | None) -> list[Event]:
    """The events with their ``reporting_chain`` filled in (see ``reporting_chain_for_event``)."""
    return [evolve(e, reporting_chain=reporting_chain_for_event(e, quotes, outlet)) for e in events]
