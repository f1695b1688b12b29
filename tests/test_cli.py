"""The command-line contract of DESIGN.md: tables, formats, files, exit codes."""

from __future__ import annotations

import json

import polars as pl
import pytest
from conftest import REPO, run_cli


def rows(result) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def by_id(records: list[dict], key: str = "system_id") -> dict[str, dict]:
    return {r[key]: r for r in records}


def test_fit_json_seed_values_and_bits_halving() -> None:
    seed = by_id(rows(run_cli("fit", "--preset", "seed", "--format", "json")))
    assert seed["hgx-h200"]["max_params_t"] == pytest.approx(1.128, rel=0.01)
    assert seed["gb300-nvl72"]["max_params_t"] == pytest.approx(20.7, rel=0.01)
    eight = by_id(
        rows(run_cli("fit", "--preset", "seed", "--set", "bits_per_param=8", "--format", "json"))
    )
    for system_id, row in seed.items():
        assert eight[system_id]["max_params_t"] == pytest.approx(row["max_params_t"] / 2)


def test_params_adds_serving_columns() -> None:
    records = rows(run_cli("fit", "--preset", "seed", "--params", "20T", "--format", "json"))
    for column in ("model_fits", "weights_fit", "kv_fits", "replica_chips", "decode_tok_s_per_seq"):
        assert column in records[0]
    # The seed's arithmetic: 10 TB of 4-bit weights over 0.564 TB of weight room per server.
    assert by_id(records)["hgx-h200"]["domains_needed"] == 18


def test_models_kv_vectors() -> None:
    models = by_id(rows(run_cli("models", "--set", "kv_bits=16", "--format", "json")), "model_id")
    assert models["deepseek-v3"]["kv_bytes_per_token"] == 70_272
    assert models["llama-3-70b"]["kv_bytes_per_token"] == 327_680
    half = by_id(rows(run_cli("models", "--set", "kv_bits=8", "--format", "json")), "model_id")
    assert half["deepseek-v3"]["kv_bytes_per_token"] == 35_136


@pytest.mark.parametrize(
    "table",
    [
        "systems",
        "catalog",
        "accelerators",
        "models",
        "volumes",
        "sources",
        "fit",
        "cost",
        "timeline",
        "claims",
    ],
)
def test_every_table_prints_csv_when_piped(table: str) -> None:
    result = run_cli(table)
    assert result.returncode == 0, result.stderr
    frame = pl.read_csv(result.stdout.encode())
    assert frame.height > 0
    assert all(c == c.lower() and " " not in c for c in frame.columns)


def test_stable_columns() -> None:
    systems = pl.read_csv(run_cli("systems").stdout.encode())
    assert {
        "system_id",
        "system",
        "vendor",
        "family",
        "packages",
        "hbm_tb",
        "hbm_tbps",
        "bf16_pflops",
        "fp8_pflops",
        "fp4_pflops",
        "power_kw",
        "price_usd",
        "first_ship",
        "confidence",
    } <= set(systems.columns)
    claims = pl.read_csv(run_cli("claims").stdout.encode())
    assert {"claim_id", "claim", "value", "unit", "expected", "holds", "needs"} <= set(
        claims.columns
    )
    cost = pl.read_csv(run_cli("cost", "--model", "kimi-k2").stdout.encode())
    assert {"system_id", "usd_per_hour", "usd_per_mtok"} <= set(cost.columns)


def test_markdown_format() -> None:
    result = run_cli("models", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| model_id |") and lines[1].startswith("|")


def test_output_file_no_clobber_and_force(tmp_path) -> None:
    target = tmp_path / "fit.csv"
    assert run_cli("fit", "-o", str(target)).returncode == 0
    first = target.read_text()
    assert first.startswith("# scaleup-explorer")
    frame = pl.read_csv(target, comment_prefix="#")
    assert "max_params_t" in frame.columns
    again = run_cli("fit", "--set", "bits_per_param=8", "-o", str(target))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert target.read_text() == first
    forced = run_cli("fit", "--set", "bits_per_param=8", "-o", str(target), "--force")
    assert forced.returncode == 0 and target.read_text() != first
    assert [p.name for p in tmp_path.iterdir()] == ["fit.csv"]


def test_output_format_from_extension(tmp_path) -> None:
    assert run_cli("fit", "-o", str(tmp_path / "fit.json")).returncode == 0
    assert pl.read_json(tmp_path / "fit.json").height > 0
    assert run_cli("fit", "-o", str(tmp_path / "fit.parquet")).returncode == 0
    assert pl.read_parquet(tmp_path / "fit.parquet").height > 0
    bad = run_cli("fit", "-o", str(tmp_path / "fit.xlsx"))
    assert bad.returncode == 2 and ".csv" in bad.stderr


def test_assumptions_round_trip(tmp_path) -> None:
    result = run_cli("assumptions", "--set", "bits_per_param=8", "--model", "kimi-k2")
    assert result.returncode == 0
    import tomllib

    data = tomllib.loads(result.stdout)
    assert data["assumptions"]["bits_per_param"] == 8
    path = tmp_path / "s.toml"
    path.write_text(result.stdout)
    again = run_cli("assumptions", "--scenario", str(path))
    assert again.stdout == result.stdout


def test_check_builtin_and_overlay(write) -> None:
    result = run_cli("check", str(REPO / "catalog.toml"))
    assert result.returncode == 0 and "ok:" in result.stdout
    scenario = write("s.toml", "preset = 'bf16'\n[assumptions]\ncontext_tokens = 4096\n")
    assert run_cli("check", str(scenario)).returncode == 0


def test_diff_between_scenarios(write) -> None:
    a = write("a.toml", "preset = 'seed'\n")
    b = write("b.toml", "preset = 'seed'\n[assumptions]\nbits_per_param = 8\n")
    result = run_cli("diff", str(a), str(b), "fit", "--format", "json")
    records = rows(result)
    assert records and "max_params_t_before" in records[0] and "max_params_t_after" in records[0]
    row = by_id(records)["gb300-nvl72"]
    assert row["max_params_t_after"] == pytest.approx(row["max_params_t_before"] / 2)


def test_head_closing_the_pipe_is_not_an_error() -> None:
    import subprocess
    import sys

    command = f"{sys.executable} -m tui fit --params 20T | head -1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=REPO)
    assert result.stdout.startswith("system_id")
    assert "Traceback" not in result.stderr


def test_terminal_table_fits_the_width() -> None:
    import io

    from rich.console import Console

    from core import Assumptions, evaluate, load_catalog
    from tui.cli.terminal import print_rich_table

    frame = evaluate(load_catalog(), Assumptions.preset("seed").replace(params_t=20.0)).fit
    buffer = io.StringIO()
    print_rich_table(frame, "fit", "fit", Console(file=buffer, width=100))
    text = buffer.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "more columns" in text and "GB300 NVL72" in text
    assert "~8x Kyber Feynman" in text


def test_a_large_overlay_is_announced(tmp_path, monkeypatch, capsys) -> None:
    # Validating a 60,000-row overlay takes seconds: the CLI says what it is doing first.
    import tui.cli.inputs as inputs
    from tui.cli import build_parser

    overlay = tmp_path / "big.toml"
    overlay.write_text('[meta]\nversion = "x"\n', encoding="utf-8")
    monkeypatch.setattr(inputs, "LARGE_OVERLAY_BYTES", 10)
    inputs.load_inputs(build_parser().parse_args(["fit", "--catalog", str(overlay)]))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "reading" in err and "big.toml" in err


def test_counts_and_money_take_suffixes() -> None:
    from core import Assumptions

    a = Assumptions.preset("realistic").with_settings(
        ["context_tokens=128k", "concurrent_sequences=1M", "funding_usd=$2B", "site_gw=1.5"]
    )
    assert (a.context_tokens, a.concurrent_sequences, a.funding_usd) == (128_000, 1_000_000, 2e9)
    assert Assumptions().with_settings(["funding_usd=3bn"]).funding_usd == 3e9
    # Not where a suffix means nothing: bits, fractions, years.
    with pytest.raises(Exception, match="bits_per_param"):
        Assumptions().with_settings(["bits_per_param=4k"])
