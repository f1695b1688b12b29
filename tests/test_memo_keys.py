"""What `evaluate` keeps between edits (per-catalog memos, `core.table.derived`) never goes
stale: after an edit to any knob, the panes equal those computed with every memo cleared.

A memo key that forgets a setting its computation reads fails here for that knob.
"""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

import core.table as table_module
from core import Assumptions, evaluate, load_catalog

PANES = ("catalog", "models", "fit", "cost", "timeline", "frontier", "frontier_summary")
STARTS = {
    "realistic-deepseek": Assumptions.preset("realistic").with_model("deepseek-v3"),
    "seed-20t": Assumptions.preset("seed").with_hypothetical(20.0),
}


def _panes(catalog, assumptions):
    results = evaluate(catalog, assumptions)
    return {name: getattr(results, name) for name in PANES}


def _forget(catalog) -> None:
    catalog.memo.clear()
    table_module._DERIVED.clear()


@pytest.mark.parametrize("start", sorted(STARTS))
def test_every_knob_edit_matches_a_cold_evaluation(start: str):
    catalog = load_catalog()
    base = STARTS[start]
    checked = 0
    for key in Assumptions.specs():
        for direction in (1, -1):
            try:
                edited = base.stepped(key, direction, big=True)
            except TypeError:  # a knob with no step: a model, preset or system id
                continue
            if edited == base:
                continue
            _forget(catalog)
            _panes(catalog, base)  # warm every memo with the starting assumptions
            warm = _panes(catalog, edited)
            _forget(catalog)
            cold = _panes(catalog, edited)
            for name in PANES:
                try:
                    assert_frame_equal(warm[name], cold[name], check_exact=True)
                except AssertionError as error:
                    raise AssertionError(f"{key} {direction:+d}: stale {name} pane") from error
            checked += 1
    assert checked >= 40  # most knobs step; a change that stops them would hide stale keys
