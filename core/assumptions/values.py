"""`Assumptions`: one frozen value holding every knob the panes depend on, with its verbs.

Each knob is declared once (`knobs_model`, `knobs_economy`) with its unit, valid range, steps,
help text and the source of its default; every change goes through a verb that checks the new
value against that spec, so no front end can build an invalid value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from core.assumptions.knobs_economy import TimelineKnobs
from core.assumptions.presets import PRESETS
from core.assumptions.spec import AssumptionSpec
from core.errors import AssumptionError
from core.suggest import did_you_mean


@dataclass(frozen=True)
class Assumptions(TimelineKnobs):
    """Every assumption behind every pane. Change one with a verb, never in place."""

    @classmethod
    def specs(cls) -> dict[str, AssumptionSpec]:
        """Every assumption's spec by key, in declaration order."""
        return SPECS

    @classmethod
    def preset(cls, name: str) -> Assumptions:
        """A named starting point; `seed` reproduces the seed's arithmetic."""
        if name not in PRESETS:
            raise AssumptionError(
                f"--preset: unknown preset {name!r}{did_you_mean(name, PRESETS)}; "
                f"expected one of {', '.join(PRESETS)}"
            )
        return cls(preset_name=name).replace(**PRESETS[name]["values"])

    def replace(self, **changes: Any) -> Assumptions:
        """A new value with `changes` applied, each checked against its spec."""
        checked = {key: coerce(key, value) for key, value in changes.items()}
        return dataclasses.replace(self, **checked)

    def with_model(self, model_id: str) -> Assumptions:
        """Evaluate the catalog model `model_id` (empty: no model)."""
        return self.replace(model_id=model_id, params_t=0.0)

    def with_hypothetical(self, params_t: float) -> Assumptions:
        """Evaluate a hypothetical model of `params_t` trillion parameters (0: no model)."""
        return self.replace(model_id="", params_t=params_t)

    def with_model_of(self, other: Assumptions) -> Assumptions:
        """The model choice of `other` on these assumptions."""
        return self.replace(model_id=other.model_id, params_t=other.params_t)

    def stepped(self, key: str, direction: int, big: bool = False) -> Assumptions:
        """One step (or big step) of `key` up (+1) or down (-1), clamped to its range."""
        spec = SPECS[known_key(key, key)]
        return self.replace(**{key: spec.stepped(getattr(self, key), direction, big)})

    def reset_to_preset(self, key: str | None = None) -> Assumptions:
        """`key` back to its preset value; with no key, every value but the model choice."""
        base = Assumptions.preset(self.preset_name)
        if key is None:
            return base.with_model_of(self)
        return self.replace(**{key: getattr(base, key)})

    def with_preset(self, name: str) -> Assumptions:
        """Start again from preset `name`, keeping the model choice."""
        return Assumptions.preset(name).with_model_of(self)

    def with_settings(self, settings: list[str]) -> Assumptions:
        """Apply `KEY=VALUE` strings from `--set`."""
        changes: dict[str, Any] = {}
        for item in settings:
            key, sep, raw = item.partition("=")
            key = key.strip()
            if not sep:
                raise AssumptionError(f"--set {item!r}: expected KEY=VALUE, e.g. bits_per_param=8")
            known = known_key(key, f"--set {item!r}")
            changes[known] = coerce(
                known, parse_value(key, raw.strip(), f"--set {key}"), f"--set {key}"
            )
        return self.replace(**changes)

    def as_dict(self) -> dict[str, Any]:
        """Every assumption by key."""
        return dataclasses.asdict(self)

    def changed_from_preset(self) -> set[str]:
        """Keys whose value differs from the preset this value started from."""
        base = (
            Assumptions.preset(self.preset_name) if self.preset_name in PRESETS else Assumptions()
        )
        return {
            k for k, v in self.as_dict().items() if k != "preset_name" and getattr(base, k) != v
        }


SPECS: dict[str, AssumptionSpec] = {
    f.name: AssumptionSpec(key=f.name, **f.metadata["spec"])
    for f in dataclasses.fields(Assumptions)
}


def known_key(key: str, where: str) -> str:
    """`key` if it names an assumption, else an AssumptionError with the closest name."""
    if key in SPECS:
        return key
    raise AssumptionError(
        f"{where}: unknown assumption {key!r}{did_you_mean(key, SPECS, 0.5)}; "
        "`scaleup assumptions` lists them"
    )


def parse_value(key: str, raw: str, where: str) -> Any:
    """Turn text typed by a user into a value of the assumption's kind, or explain why not."""
    return SPECS[known_key(key, where)].parse(raw, where)


def coerce(key: str, value: Any, where: str | None = None) -> Any:
    """Check one value against its spec and return it in the spec's type."""
    where = where or key
    return SPECS[known_key(key, where)].check(value, where)
