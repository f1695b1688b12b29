"""Catalog and assumptions from the command-line options."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core import Assumptions, Catalog


def load_inputs(args: argparse.Namespace) -> tuple[Catalog, Assumptions]:
    """Catalog and assumptions from the command-line options, in the documented order:
    preset, then scenario, then --model/--params, then each --set."""
    from core import Assumptions, load_catalog, load_scenario
    from core.assumptions import DEFAULT_PRESET
    from core.units import parse_params

    catalog = load_catalog(overlays=args.catalog)
    assumptions = Assumptions.preset(args.preset or DEFAULT_PRESET)
    if args.scenario:
        assumptions = load_scenario(args.scenario, base=assumptions)
    if args.model:
        assumptions = assumptions.with_model(args.model)
    if args.params:
        assumptions = assumptions.with_hypothetical(parse_params(args.params) / 1e12)
    assumptions = assumptions.with_settings(args.settings)
    if assumptions.model_id and assumptions.model_id not in catalog.rows["model"]:
        from core.formulas.workload import resolve_model

        resolve_model(catalog.models, assumptions)  # raises the located "no model" error
    return catalog, assumptions
