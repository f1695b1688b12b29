"""Measured fronts against computed ones (`scaleup validate fronts`), and the curve arithmetic
checked on hand-worked fronts."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from conftest import run_cli

from core import load_catalog
from core.validation import front_at, front_factor, front_table, pareto

# A front from 10 tok/s/user at 100 tok/s/chip to 100 at 10: in log space the line u + c = const.
USER = np.array([10.0, 100.0])
CHIP = np.array([100.0, 10.0])


def test_pareto_keeps_only_points_no_other_beats_on_both_axes():
    user = np.array([10.0, 20.0, 15.0, 30.0, np.nan])
    chip = np.array([50.0, 40.0, 30.0, 10.0, 99.0])
    front_user, front_chip = pareto(user, chip)
    assert front_user.tolist() == [10.0, 20.0, 30.0]  # (15, 30) is beaten by (20, 40)
    assert front_chip.tolist() == [50.0, 40.0, 10.0]


def test_front_at_interpolates_in_log_space_and_stops_past_the_fastest_point():
    read = front_at(USER, CHIP, np.array([math.sqrt(1000.0), 5.0, 200.0]))
    assert read[0] == pytest.approx(math.sqrt(1000.0))  # on the line u x c = 1000
    assert read[1] == pytest.approx(100.0)  # slower than the front: its largest throughput
    assert math.isnan(read[2])  # faster than it reaches


def test_front_factor_is_the_log_space_chebyshev_distance_to_the_curve():
    middle = math.sqrt(1000.0)  # the front's middle, on u x c = 1000
    on, above, corner, right = front_factor(
        USER,
        CHIP,
        np.array([middle, middle, 10.0, 200.0]),
        np.array([middle, 2 * middle, 200.0, 10.0]),
    )
    assert on == pytest.approx(1.0)
    # Twice the throughput at the middle: moving along the line, both gaps meet at sqrt(2).
    assert above == pytest.approx(math.sqrt(2.0))
    # Twice the throughput at the slow end: the flat run before it keeps the gap at 2x.
    assert corner == pytest.approx(2.0)
    # Twice as fast per user as the fastest point at its throughput: 2x away.
    assert right == pytest.approx(2.0)


def test_measured_fronts_lie_close_to_the_computed_ones():
    table = front_table(load_catalog())
    assert table.height >= 3
    # Five InferenceX TP8 fronts of DeepSeek-R1 (B300, H200, MI300X, MI325X, MI355X).
    assert (table["config_median_factor"] <= 1.5).all()
    assert table.filter(table["system_id"] == "hgx-b300")["config_median_factor"][0] < 1.2


def test_validate_fronts_prints_every_front():
    result = run_cli("validate", "fronts", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 3
    assert {"front", "system_id", "config_median_factor", "best_median_ratio_per_chip"} <= set(
        rows[0]
    )
