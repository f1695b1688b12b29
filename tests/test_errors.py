"""Bad input is refused with one located line and exit 2; nothing the user had is touched."""

from __future__ import annotations

import pytest
from conftest import run_cli

from core import AssumptionError, Assumptions, CatalogError, InputError, load_catalog
from core.assumptions import load_scenario

SOURCE = (
    '[[source]]\nid = "mine"\ntitle = "My notes"\nurl = "https://example.org"\ndate = "2026-01"\n'
)

SYSTEM = """
[[system]]
id = "my-rack"
name = "My rack"
vendor = "Me"
family = "Oberon"
accelerator = "b300"
packages = 72
topology = "switched"
first_ship_year = 2026
access_us = 2026
access_china = "never"
access_rest = 2026
confidence = "estimate"
sources = ["mine"]
"""

MODEL = """
[[model]]
id = "my-model"
name = "My model"
developer = "Me"
total_params_b = 100
active_params_b = 10
layers = 40
attention = "gqa"
kv_heads = 8
head_dim = 128
release = "2026-01"
open_weights = true
confidence = "estimate"
sources = ["mine"]
"""


def overlay(body: str) -> str:
    return SOURCE + body


# (case id, file text, words the one-line message must contain)
CATALOG_CASES = [
    ("syntax", SOURCE + "[[system]\nid = 1\n", ["TOML syntax error", ":6:"]),
    (
        "unknown-field-typo",
        overlay(SYSTEM.replace("packages = 72", "pakages = 72")),
        ["unknown field 'pakages'", "did you mean 'packages'", ":13:"],
    ),
    (
        "missing-required",
        overlay(SYSTEM.replace('vendor = "Me"\n', "")),
        ["missing required field 'vendor'", "'my-rack'"],
    ),
    (
        "wrong-type",
        overlay(SYSTEM.replace("packages = 72", 'packages = "72"')),
        ["field 'packages'", "expected an integer", "found '72'"],
    ),
    (
        "negative-count",
        overlay(SYSTEM.replace("packages = 72", "packages = -4")),
        ["field 'packages'", "found -4"],
    ),
    (
        "zero-count",
        overlay(SYSTEM.replace("packages = 72", "packages = 0")),
        ["field 'packages'", "found 0"],
    ),
    (
        "fractional-count",
        overlay(SYSTEM.replace("packages = 72", "packages = 7.5")),
        ["field 'packages'", "an integer"],
    ),
    (
        "nan",
        overlay(SYSTEM.replace("packages = 72", "packages = 72\npower_kw = nan")),
        ["field 'power_kw'", "finite"],
    ),
    (
        "infinite",
        overlay(SYSTEM.replace("packages = 72", "packages = 72\nprice_usd = inf")),
        ["field 'price_usd'", "finite"],
    ),
    (
        "out-of-range-year",
        overlay(SYSTEM.replace("first_ship_year = 2026", "first_ship_year = 1926")),
        ["field 'first_ship_year'", "from 2000 to 2040"],
    ),
    (
        "bad-confidence",
        overlay(SYSTEM.replace('confidence = "estimate"', 'confidence = "sure"')),
        ["field 'confidence'", "'official'"],
    ),
    ("bad-topology", overlay(SYSTEM.replace('"switched"', '"ring"')), ["field 'topology'"]),
    (
        "bad-access",
        overlay(SYSTEM.replace('access_china = "never"', 'access_china = "no"')),
        ["field 'access_china'", '"never"'],
    ),
    (
        "dangling-accelerator",
        overlay(SYSTEM.replace('"b300"', '"b3000"')),
        ["no [[accelerator]] with id 'b3000'", "did you mean 'b300'"],
    ),
    (
        "dangling-source",
        overlay(SYSTEM.replace('sources = ["mine"]', 'sources = ["mien"]')),
        ["no [[source]] with id 'mien'"],
    ),
    ("duplicate-id", overlay(SYSTEM + SYSTEM), ["duplicate id", "'my-rack'"]),
    (
        "bad-id",
        overlay(SYSTEM.replace('id = "my-rack"', 'id = "My Rack"')),
        ["field 'id'", "kebab-case"],
    ),
    (
        "low-above-high",
        overlay(
            SYSTEM.replace(
                "packages = 72",
                "packages = 72\npower_kw = 100\npower_kw_low = 120\npower_kw_high = 110",
            )
        ),
        ["'power_kw_low' (120) is above 'power_kw_high' (110)"],
    ),
    (
        "unknown-table",
        SOURCE + "[[sytem]]\nid = 'x'\n",
        ["unknown table [[sytem]]", "did you mean 'system'"],
    ),
    (
        "model-active-over-total",
        overlay(MODEL.replace("active_params_b = 10", "active_params_b = 200")),
        ["'active_params_b' (200) exceeds 'total_params_b' (100)"],
    ),
    (
        "model-gqa-missing-heads",
        overlay(MODEL.replace("kv_heads = 8\n", "")),
        ["attention 'gqa' needs field 'kv_heads'"],
    ),
    ("model-bad-attention", overlay(MODEL.replace('"gqa"', '"flash"')), ["field 'attention'"]),
    (
        "model-bad-date",
        overlay(MODEL.replace('"2026-01"', '"January 2026"')),
        ["field 'release'", "YYYY-MM-DD"],
    ),
    (
        "model-toml-date",
        overlay(MODEL.replace('"2026-01"', "2026-01-05")),
        ["field 'release'", "write it in quotes"],
    ),
    (
        "model-experts-half",
        overlay(MODEL.replace("head_dim = 128", "head_dim = 128\nexperts_routed = 64")),
        ["'experts_routed' and 'experts_active' go together"],
    ),
    (
        "volume-dangling-system",
        overlay(
            '[[volume]]\nid = "v"\nsystem = "nope"\nyear = 2026\n'
            'bloc = "us"\nunits = 5\nconfidence = "estimate"\n'
            'sources = ["mine"]\n'
        ),
        ["no [[system]] with id 'nope'"],
    ),
    (
        "volume-bad-bloc",
        overlay(
            '[[volume]]\nid = "v"\nsystem = "gb300-nvl72"\nyear = 2026\n'
            'bloc = "eu"\nunits = 5\nconfidence = "estimate"\n'
            'sources = ["mine"]\n'
        ),
        ["field 'bloc'", "'china'"],
    ),
    (
        "source-missing-url",
        '[[source]]\nid = "s"\ntitle = "t"\ndate = "2026"\n',
        ["missing required field 'url'"],
    ),
    ("not-array", 'system = "x"\n', ["'system' must be an array of tables"]),
]


@pytest.mark.parametrize(
    ("text", "words"), [c[1:] for c in CATALOG_CASES], ids=[c[0] for c in CATALOG_CASES]
)
def test_bad_catalog_overlay(write, text: str, words: list[str]) -> None:
    path = write("overlay.toml", text)
    with pytest.raises(CatalogError) as caught:
        load_catalog(overlays=[path])
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word in message


def test_non_utf8_and_binary_files(write) -> None:
    with pytest.raises(CatalogError, match="not UTF-8"):
        load_catalog(overlays=[write("latin.toml", SOURCE.encode() + b"# caf\xe9\n")])
    with pytest.raises(CatalogError, match="binary data"):
        load_catalog(overlays=[write("blob.toml", b"\x00\x01\x02")])


def test_missing_file_and_folder(tmp_path) -> None:
    with pytest.raises(CatalogError, match="no such catalog file"):
        load_catalog(overlays=[tmp_path / "nope.toml"])
    with pytest.raises(CatalogError, match="is a folder"):
        load_catalog(overlays=[tmp_path])


def test_huge_file_refused(write, monkeypatch) -> None:
    import core.tomlfile

    monkeypatch.setattr(core.tomlfile, "MAX_FILE_BYTES", 100)
    with pytest.raises(CatalogError, match="expected at most"):
        load_catalog(overlays=[write("big.toml", SOURCE * 10)])


def test_valid_overlay_adds_and_replaces(write) -> None:
    catalog = load_catalog(overlays=[write("ok.toml", overlay(SYSTEM + MODEL))])
    assert "my-rack" in catalog.rows["system"] and "my-model" in catalog.rows["model"]
    replaced = SYSTEM.replace('id = "my-rack"', 'id = "gb300-nvl72"').replace(
        "packages = 72", "packages = 36"
    )
    catalog = load_catalog(overlays=[write("swap.toml", overlay(replaced))])
    assert catalog.rows["system"]["gb300-nvl72"]["packages"] == 36


# ---------------------------------------------------------------- assumptions and scenarios


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("bits_per_param=abc", ["--set bits_per_param", "expected a number from 1 to 32", "'abc'"]),
        ("bits_per_param=0", ["--set bits_per_param", "from 1 to 32"]),
        (
            "bits_per_parm=8",
            ["unknown assumption 'bits_per_parm'", "did you mean 'bits_per_param'"],
        ),
        ("bits_per_param", ["expected KEY=VALUE"]),
        ("pipeline_domains=2.5", ["expected an integer"]),
        ("weight_fraction=nan", ["weight_fraction"]),
        ("timeline_basis=sometimes", ["one of first_ship, volume"]),
    ],
)
def test_bad_set(setting: str, words: list[str]) -> None:
    with pytest.raises(AssumptionError) as caught:
        Assumptions.preset("seed").with_settings([setting])
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[assumptions]\nbits_per_parm = 8\n", ["[assumptions] bits_per_parm", "did you mean"]),
        ("[assumptions]\nbits_per_param = 'eight'\n", ["bits_per_param", "expected a number"]),
        ("bits_per_param = 8\n", ["unknown top-level key 'bits_per_param'", "[assumptions]"]),
        ("schema_version = 99\n", ["schema_version' 99 is newer"]),
        ("preset = 'sede'\n", ["unknown preset 'sede'", "did you mean 'seed'"]),
        ("[assumptions\n", ["TOML syntax error", ":1:"]),
    ],
)
def test_bad_scenario(write, text: str, words: list[str]) -> None:
    path = write("scenario.toml", text)
    with pytest.raises(AssumptionError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_errors_share_one_base() -> None:
    assert issubclass(CatalogError, InputError) and issubclass(AssumptionError, InputError)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    "args",
    [
        ["fit", "--set", "bits_per_param=abc"],
        ["fit", "--model", "no-such-model"],
        ["fit", "--params", "lots"],
        ["fitt"],
        ["fit", "--preset", "nope"],
        ["check", "tests/does-not-exist.toml"],
        ["fit", "--format", "xml"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scaleup: error:"), result.stderr
    assert "Traceback" not in result.stderr


def test_cli_bad_overlay_names_file_and_line(write) -> None:
    path = write("bad.toml", overlay(SYSTEM.replace("packages = 72", "packages = -1")))
    result = run_cli("fit", "--catalog", str(path))
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "packages" in result.stderr
    result = run_cli("check", str(path))
    assert result.returncode == 2 and "packages" in result.stderr
