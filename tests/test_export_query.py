"""The one writer (formats, formula neutralising, atomic no-clobber) and the filter language."""

from __future__ import annotations

import polars as pl
import pytest

from core.errors import InputError
from core.export import render, write_atomically
from core.query import filter_frame, sort_frame


def test_csv_neutralises_formulas_and_keeps_comments() -> None:
    frame = pl.DataFrame({"name": ["=cmd()", "+1", "-x", "@sum", "plain"], "n": [1, 2, 3, 4, 5]})
    text = render(frame, "csv", ["made by a test"]).decode()
    assert text.startswith("# made by a test\n")
    back = pl.read_csv(text.encode(), comment_prefix="#")
    assert back["name"].to_list() == ["'=cmd()", "'+1", "'-x", "'@sum", "plain"]
    assert back["n"].to_list() == [1, 2, 3, 4, 5]


def test_json_is_an_array_of_rows() -> None:
    import json

    frame = pl.DataFrame({"system_id": ["a"], "hbm_tb": [1.5]})
    assert json.loads(render(frame, "json")) == [{"system_id": "a", "hbm_tb": 1.5}]


def test_atomic_write_refuses_to_clobber(tmp_path) -> None:
    path = tmp_path / "out.csv"
    write_atomically(path, b"one")
    with pytest.raises(InputError, match="already exists"):
        write_atomically(path, b"two")
    assert path.read_bytes() == b"one"
    write_atomically(path, b"two", force=True)
    assert path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_into_missing_or_readonly_folder(tmp_path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_atomically(tmp_path / "nope" / "x.csv", b"x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        import os

        if os.access(locked, os.W_OK):  # root ignores permissions
            pytest.skip("running as a user that can write anywhere")
        with pytest.raises(InputError, match="cannot write"):
            write_atomically(locked / "x.csv", b"x")
    finally:
        locked.chmod(0o700)


FRAME = pl.DataFrame(
    {
        "system": ["GB300 NVL72", "HGX H200", "CloudMatrix 384"],
        "vendor": ["NVIDIA", "NVIDIA", "Huawei"],
        "hbm_tb": [20.7, 1.13, 49.2],
        "first_ship": [2025, 2024, 2025],
    }
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["GB300 NVL72", "HGX H200", "CloudMatrix 384"]),
        ("hbm_tb>10", ["GB300 NVL72", "CloudMatrix 384"]),
        ("hbm>10 nvidia", ["GB300 NVL72"]),
        ("vendor=huawei", ["CloudMatrix 384"]),
        ("first_ship<=2024", ["HGX H200"]),
        ("system~nvl", ["GB300 NVL72"]),
        ("h200", ["HGX H200"]),
    ],
)
def test_filter_terms(query: str, expected: list[str]) -> None:
    assert filter_frame(FRAME, query)["system"].to_list() == expected


@pytest.mark.parametrize(
    ("query", "message"), [("nope>1", "no column 'nope'"), ("hbm_tb>lots", "is a number")]
)
def test_filter_errors(query: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        filter_frame(FRAME, query)


def test_sort_by_column() -> None:
    assert sort_frame(FRAME, "hbm_tb", True)["system"].to_list() == [
        "CloudMatrix 384",
        "GB300 NVL72",
        "HGX H200",
    ]
