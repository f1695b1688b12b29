"""Catalog and assumptions from the command-line options."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core import Assumptions, Catalog


def check_scenario_model(assumptions: Assumptions, catalog: Catalog, path: str) -> None:
    """Refuse a scenario's model that the catalog does not have, naming the file and field
    (not --model, which the user did not give)."""
    from core.errors import AssumptionError
    from core.suggest import did_you_mean
    from tui.present.printable import printable

    model_id = assumptions.model_id
    if model_id and model_id not in catalog.rows["model"]:
        raise AssumptionError(
            f"{printable(path)}: [assumptions] model_id: no [[model]] with id {model_id!r} in "
            f"the catalog{did_you_mean(model_id, catalog.rows['model'])}; `scaleup models` "
            "lists them"
        )


LARGE_OVERLAY_BYTES = 2_000_000  # ~6,000 rows: validating them takes seconds, so say so


def _announce_large_overlays(paths: list[str]) -> None:
    """One line on stderr before a large overlay is read: every row is validated, which takes
    about a second per 5,000 rows, and a silent wait reads as a hang."""
    import os
    import sys

    from tui.present.printable import printable

    for path in paths:
        try:
            size = os.stat(path).st_size
        except OSError:
            continue  # the loader reports it, located
        if size > LARGE_OVERLAY_BYTES:
            print(
                f"scaleup: reading {printable(path)} ({size / 1e6:.0f} MB): checking every row "
                "takes a few seconds",
                file=sys.stderr,
                flush=True,
            )


def load_inputs(args: argparse.Namespace) -> tuple[Catalog, Assumptions]:
    """Catalog and assumptions from the command-line options, in the documented order:
    preset, then scenario, then --model/--params, then each --set."""
    from core import Assumptions, load_catalog, load_scenario
    from core.assumptions import DEFAULT_PRESET
    from core.units import parse_params

    _announce_large_overlays(args.catalog)
    catalog = load_catalog(overlays=args.catalog)
    assumptions = Assumptions.preset(args.preset or DEFAULT_PRESET)
    if args.scenario:
        assumptions = load_scenario(args.scenario, base=assumptions)
        if not args.model and not args.params:
            check_scenario_model(assumptions, catalog, args.scenario)
    if args.model:
        assumptions = assumptions.with_model(args.model)
    if args.params:
        assumptions = assumptions.with_hypothetical(parse_params(args.params) / 1e12)
    assumptions = assumptions.with_settings(args.settings)
    if assumptions.model_id and assumptions.model_id not in catalog.rows["model"]:
        from core.formulas.workload import resolve_model

        resolve_model(catalog.models, assumptions)  # raises the located "no model" error
    return catalog, assumptions
