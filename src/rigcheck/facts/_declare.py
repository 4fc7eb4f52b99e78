"""The two record types of a fact declaration: `Fact` (one figure a probe reports) and `ProbeFacts`
(one probe: its id, title and every fact it reports, in report order)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


class _Absent:
    """A fact a good run does not report (e.g. the network test's `diagnosis`, present only on trouble)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

@dataclass(frozen=True)
class Fact:
    """One fact a probe reports. `key` is the name in reports (`rigcheck.report/1`): never rename it.

    `type` is the JSON type of the value (None is always allowed: the probe could not tell);
    `unit` is "" for names, flags and lists; `example` is a good desk's value (the tests' fixture),
    or ABSENT when a good run leaves the fact out.
    """

    probe: str
    key: str
    # A fact is known by its probe and key: the rest describes it (and an example list is not hashable).
    type: type | tuple[type, ...] = field(compare=False)
    unit: str = field(compare=False)
    title: str = field(compare=False)
    description: str = field(compare=False)
    example: Any = field(default=ABSENT, compare=False)

    def accepts(self, value: Any) -> bool:
        """True when `value` has the declared type (or is None); a bool is never a number here."""
        if value is None:
            return True
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if isinstance(value, bool) and bool not in types:
            return False
        return isinstance(value, types)

    def __str__(self) -> str:
        return f"{self.probe}.{self.key}"


@dataclass(frozen=True)
class ProbeFacts:
    """One probe's declaration: id, title (shown in the TUI and reports), its facts in report order.

    `optional` probes run only when named (`rigcheck probe mic`), never in a default check.
    `module` is where the probe's collect code lives (imported lazily by rigcheck.probes).
    """

    id: str
    title: str
    optional: bool = False
    module: str = ""
    _facts: list[Fact] = field(default_factory=list, repr=False, compare=False)

    def declare(self, key: str, type: type | tuple[type, ...], unit: str, title: str, description: str,
                example: Any = ABSENT) -> Fact:
        """Declare one more fact of this probe and return it (bind it to a module constant)."""
        if any(fact.key == key for fact in self._facts):
            raise ValueError(f"{self.id}.{key} is declared twice")
        fact = Fact(self.id, key, type, unit, title, description, example)
        self._facts.append(fact)
        return fact

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(self._facts)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(fact.key for fact in self._facts)

    @property
    def module_name(self) -> str:
        return self.module or f"rigcheck.probes.{self.id}"

    def fact(self, key: str) -> Fact:
        for fact in self._facts:
            if fact.key == key:
                return fact
        raise KeyError(f"{self.id} declares no fact {key!r}")

    def example_values(self) -> dict[str, Any]:
        """The values of a good run: every declared fact's example (facts a good run leaves out omitted)."""
        return {fact.key: copy.deepcopy(fact.example) for fact in self._facts if fact.example is not ABSENT}
