"""Generated catalogs and scenarios, valid and broken, and random keys: errors are always the
project's own, numbers always finite, and the app never crashes."""

from __future__ import annotations

import math
import random

import numpy as np
import polars as pl
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import AssumptionError, Assumptions, CatalogError, evaluate, load_catalog
from core.assumptions import load_scenario

SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

accelerators = st.fixed_dictionaries(
    {
        "id": st.just("fuzz-chip"),
        "name": st.just("Fuzz chip"),
        "vendor": st.just("Fuzz"),
        "hbm_gb": st.floats(1, 5000),
        "hbm_tbps": st.floats(0.1, 500),
        "fp8_pflops": st.floats(0.01, 500),
        "first_volume_year": st.integers(2000, 2040),
        "confidence": st.sampled_from(["official", "reported", "estimate"]),
        "sources": st.just(["fuzz-source"]),
    }
)
systems = st.fixed_dictionaries(
    {
        "id": st.just("fuzz-system"),
        "name": st.just("Fuzz system"),
        "vendor": st.just("Fuzz"),
        "family": st.just("Fuzz"),
        "accelerator": st.just("fuzz-chip"),
        "packages": st.integers(1, 100_000),
        "topology": st.sampled_from(["switched", "torus"]),
        "power_kw": st.floats(0.1, 1e5),
        "price_usd": st.floats(1e3, 1e10),
        "scaleout_gbps_per_package": st.floats(0.1, 1000),
        "first_ship_year": st.integers(2000, 2040),
        "access_us": st.one_of(st.just("never"), st.integers(2000, 2040)),
        "access_china": st.one_of(st.just("never"), st.integers(2000, 2040)),
        "access_rest": st.one_of(st.just("never"), st.integers(2000, 2040)),
        "confidence": st.sampled_from(["official", "reported", "estimate"]),
        "sources": st.just(["fuzz-source"]),
    }
)
SOURCE = {"id": "fuzz-source", "title": "t", "url": "https://example.org", "date": "2026"}


def overlay_text(accelerator: dict, system: dict) -> str:
    return tomli_w.dumps({"source": [SOURCE], "accelerator": [accelerator], "system": [system]})


@SLOW
@given(
    accelerator=accelerators, system=systems, bits=st.floats(1, 32), params=st.floats(0.001, 5000)
)
def test_valid_catalogs_evaluate_to_finite_numbers(write, accelerator, system, bits, params):
    catalog = load_catalog(overlays=[write("ok.toml", overlay_text(accelerator, system))])
    a = Assumptions.preset("seed").replace(bits_per_param=bits, params_t=params)
    results = evaluate(catalog, a)
    row = results.fit.filter(pl.col("system_id") == "fuzz-system").row(0, named=True)
    assert math.isfinite(row["max_params_t"]) and row["max_params_t"] > 0
    assert math.isfinite(row["decode_tok_s_per_seq"]) and row["decode_tok_s_per_seq"] > 0
    cost = results.cost.filter(pl.col("system_id") == "fuzz-system")["usd_per_hour"][0]
    assert math.isfinite(cost) and cost > 0
    assert results.timeline.height == 30


MUTATIONS = ["drop", "string", "negative", "nan", "unknown", "bool", "list"]


@SLOW
@given(
    system=systems,
    field=st.sampled_from(
        sorted(
            [
                "packages",
                "first_ship_year",
                "accelerator",
                "topology",
                "confidence",
                "access_us",
                "power_kw",
                "price_usd",
                "name",
            ]
        )
    ),
    mutation=st.sampled_from(MUTATIONS),
    accelerator=accelerators,
)
def test_broken_catalogs_raise_only_catalog_errors(write, system, field, mutation, accelerator):
    broken = dict(system)
    if mutation == "drop":
        broken.pop(field)
        if field in ("power_kw", "price_usd"):
            broken["pakages"] = 1  # optional fields: break the row another way
    elif mutation == "string":
        broken[field] = 12.5 if isinstance(broken[field], str) else "twelve"
    elif mutation == "negative":
        broken[field] = -5
    elif mutation == "nan":
        broken[field] = float("nan")
    elif mutation == "unknown":
        broken[field + "x"] = 1
    elif mutation == "bool":
        broken[field] = True
    else:
        broken[field] = [1, 2]
    with pytest.raises(CatalogError) as caught:
        load_catalog(overlays=[write("bad.toml", overlay_text(accelerator, broken))])
    assert "\n" not in str(caught.value)


scenario_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.text(max_size=8),
    st.booleans(),
)


@SLOW
@given(
    values=st.dictionaries(
        st.sampled_from([*sorted(Assumptions.specs()), "nonsense"]), scenario_values, max_size=5
    )
)
def test_generated_scenarios_load_or_refuse_cleanly(write, values):
    path = write("s.toml", tomli_w.dumps({"assumptions": values}))
    try:
        a = load_scenario(path)
    except AssumptionError as error:
        assert "\n" not in str(error)
        return
    try:
        # A value checked against the catalog (site_system_id) is refused here instead.
        results = evaluate(load_catalog(), a.replace(model_id=""))
    except AssumptionError as error:
        assert "\n" not in str(error)
        return
    assert np.isfinite(results.fit["max_params_t"].to_numpy()).all()


# ---------------------------------------------------------------- the monkey

KEYS = [
    *"0123456789abcdefghijklmnoprstuvwxyzGRY[]/?+-<>=",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "space",
    "backspace",
    "ctrl+p",
    "ctrl+s",
    "ctrl+o",
    "f1",
    "ctrl+u",
]


def key_event(key: str):
    """The Key event a terminal would deliver for `key` (as Pilot builds it)."""
    from textual import events
    from textual.keys import _character_to_key

    if len(key) == 1 and not key.isalnum():
        return events.Key(_character_to_key(key), key)
    return events.Key(key, key if len(key) == 1 else None)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=str)
async def test_random_keys_never_crash(tmp_path, monkeypatch, size) -> None:
    import asyncio

    from tui.app import ScaleupApp

    monkeypatch.chdir(tmp_path)  # exports and scenarios typed at random land here
    # Random keys can pick "Quit" in the command palette: a legitimate way out, but one that
    # would end the run early. Keep the app open so all 2,000 keys are sent.
    monkeypatch.setattr(ScaleupApp, "action_quit", lambda self: None)
    rng = random.Random(f"monkey-{size}")
    app = ScaleupApp(load_catalog(), Assumptions.preset("seed"))
    async with app.run_test(size=size) as pilot:
        # Pilot.press waits for idle after every key (~70 ms); a monkey types faster, which
        # is the point: 2,000 keys queued in bursts of 100 before any is read (a modal still
        # being pushed when the next key arrives), a pause to drain the queue after each.
        for index, key in enumerate(rng.choices(KEYS, k=2000)):
            event = key_event(key)
            event.set_sender(app)
            app._driver.send_message(event)
            if index % 100 == 99:
                await pilot.pause()
                await asyncio.sleep(0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
