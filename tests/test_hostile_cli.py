"""Hostile input on the command line (issue 20): each case exits 2 with exactly one stderr line
naming the file or field, no traceback, no raw control character on stdout or stderr, nothing
clobbered, and finishes within a few seconds."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from test_errors import MODEL, SOURCE, SYSTEM

ESC = "\x1b"
OSC52 = ESC + "]52;c;aGFja2Vk" + ESC + "\\"
OSC2 = ESC + "]2;PWNED\x07"
SGR = ESC + "[5;31m"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, control characters as \\u escapes."""
    return (
        '"'
        + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
        + '"'
    )


def deep(depth: int = 5000) -> str:
    return "a = " + "[" * depth + "]" * depth + "\n"


def make(tmp: Path) -> dict[str, Path]:
    """The hostile files of the corpus, in `tmp`."""
    files: dict[str, str | bytes] = {
        "deep.toml": deep(),
        "deep-tables.toml": "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
        "bad-field-name.toml": SOURCE
        + SYSTEM.replace("packages = 72", toml_string("pack" + OSC2) + " = 72"),
        "bad-assumption-key.toml": "[assumptions]\n" + toml_string("bits" + OSC52) + " = 4\n",
        "eof.toml": "a = [1,\n2,\n",
        "id-newline.toml": SOURCE + SYSTEM.replace('id = "my-rack"', 'id = "my-rack\\n"'),
        "bad-date.toml": SOURCE.replace('"2026-01"', '"2025-13-45"'),
        "two-errors.toml": SOURCE
        + SYSTEM.replace("packages = 72", "packages = -1").replace(
            'topology = "switched"', 'topology = "ring"'
        ),
        "unknown-model.toml": '[assumptions]\nmodel_id = "no-such-model"\n',
        "unknown-preset.toml": 'preset = "no-such-preset"\n',
        "preset-name.toml": '[assumptions]\npreset_name = "x\\n=HYPERLINK(\\"http://e\\")"\n',
        "not-utf8.toml": b'[[source]]\nid = "\xff"\n',
    }
    paths = {}
    for name, text in files.items():
        path = tmp / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        paths[name] = path
    fifo = tmp / "fifo.toml"
    os.mkfifo(fifo)
    paths["fifo.toml"] = fifo
    (tmp / "a-file").write_text("keep me")
    paths["a-file"] = tmp / "a-file"
    return paths


# (case id, arguments ({name} is a corpus file), words the one stderr line must contain)
CASES = [
    ("deep-array", ["check", "{deep.toml}"], ["deep.toml:1", "nested too deeply"]),
    ("deep-tables", ["fit", "--catalog", "{deep-tables.toml}"], ["deep-tables.toml:1", "nested"]),
    ("deep-scenario", ["fit", "--scenario", "{deep.toml}"], ["deep.toml:1", "nested"]),
    ("dev-zero", ["check", "/dev/zero"], ["/dev/zero", "not a regular file"]),
    ("dev-urandom", ["systems", "--catalog", "/dev/urandom"], ["/dev/urandom", "not a regular"]),
    ("fifo", ["check", "{fifo.toml}"], ["fifo.toml", "not a regular file"]),
    ("fifo-scenario", ["fit", "--scenario", "{fifo.toml}"], ["fifo.toml", "not a regular"]),
    ("escape-in-field-name", ["check", "{bad-field-name.toml}"], ["unknown field", "\\x1b]2;"]),
    ("escape-in-assumption", ["check", "{bad-assumption-key.toml}"], ["unknown assumption"]),
    ("eof-syntax", ["check", "{eof.toml}"], ["eof.toml:2:", "end of file"]),
    ("id-newline", ["check", "{id-newline.toml}"], ["field 'id'", "kebab-case"]),
    ("impossible-date", ["check", "{bad-date.toml}"], ["field 'date'", "2025-13-45"]),
    ("every-field-error", ["check", "{two-errors.toml}"], ["'packages'", "'topology'"]),
    ("check-unknown-model", ["check", "{unknown-model.toml}"], ["model_id", "no-such-model"]),
    (
        "check-unknown-preset",
        ["check", "{unknown-preset.toml}"],
        ["unknown-preset.toml:1", "'preset'"],
    ),
    (
        "scenario-unknown-model",
        ["fit", "--scenario", "{unknown-model.toml}"],
        ["unknown-model.toml", "model_id"],
    ),
    (
        "scenario-unknown-preset",
        ["fit", "--scenario", "{unknown-preset.toml}"],
        ["unknown-preset.toml", "'preset'"],
    ),
    (
        "preset-name-newline",
        ["fit", "--scenario", "{preset-name.toml}"],
        ["preset_name", "\\n=HYPERLINK"],
    ),
    ("not-utf8", ["check", "{not-utf8.toml}"], ["not-utf8.toml:2", "not UTF-8"]),
    ("comma-decimal", ["fit", "--set", "amortization_years=1,5"], ["amortization_years", "comma"]),
    ("comma-decimal-2", ["cost", "--set", "pue=1,2"], ["pue", "comma"]),
    ("negative-params", ["fit", "--params", "-5T"], ["--params", "negative"]),
    ("long-output-name", ["fit", "-o", "a" * 300 + ".csv"], ["too long", "a" * 20]),
    ("screenshots-into-file", ["screenshots", "{a-file}"], ["a-file", "not a folder"]),
    (
        "screenshots-unwritable",
        ["screenshots", "/proc/no/such"],
        ["/proc/no/such", "cannot create"],
    ),
    ("serve-bad-port", ["serve", "--port", "99999"], ["--port 99999", "1 to 65535"]),
    ("serve-bad-host", ["serve", "--host", "256.1.1.1"], ["256.1.1.1", "cannot resolve"]),
    ("serve-escape-host", ["serve", "--host", "x" + OSC2], ["--host x\\x1b]2;"]),
    ("escape-in-model", ["fit", "--model", "m" + OSC52], ["m\\x1b]52"]),
    ("escape-in-table-name", ["fi" + SGR + "t"], ["unknown table", "\\x1b[5;31m"]),
]


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        cwd=cwd,
        timeout=20,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )
    return result, time.monotonic() - started


def assert_refused(
    result: subprocess.CompletedProcess[bytes], words: list[str], seconds: float
) -> None:
    stderr = result.stderr.decode("utf-8", "replace")
    stdout = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert not RAW_CONTROL.search(stderr), repr(stderr)
    assert not RAW_CONTROL.search(stdout), repr(stdout)
    assert seconds < 10


@pytest.mark.parametrize(("args", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_cli_case(tmp_path: Path, args: list[str], words: list[str]) -> None:
    files = make(tmp_path)
    argv = [re.sub(r"\{([^}]+)\}", lambda m: str(files[m.group(1)]), a) for a in args]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result, seconds = run(argv, tmp_path)
    assert_refused(result, words, seconds)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # nothing clobbered, nothing left behind


def test_busy_port_is_refused(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, seconds = run(["serve", "--port", str(port)], tmp_path)
    assert_refused(result, ["cannot listen", str(port)], seconds)


def test_cache_of_the_wrong_shape_counts_as_absent(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, _ = run(["systems", "--format", "json"], tmp_path, env)
    assert first.returncode == 0
    (cached,) = (tmp_path / "cache" / "scaleup").glob("catalog-*.json")
    for wrong in ('{"layer": [1, 2]}', "[]", '{"layer": {}, "version": 1, "origins": 5}', "{"):
        cached.write_text(wrong)
        again, _ = run(["systems", "--format", "json"], tmp_path, env)
        assert again.returncode == 0, again.stderr
        assert again.stdout == first.stdout


def test_overlay_names_escaped_and_markup_literal_in_cli_table(tmp_path: Path) -> None:
    name = "Evil " + OSC52 + OSC2 + SGR + " [link=https://x.org]click[/link] M [/bold] x"
    body = SOURCE + SYSTEM.replace('name = "My rack"', "name = " + toml_string(name))
    body += MODEL.replace('name = "My model"', "name = " + toml_string("Mod [/bold] " + OSC2))
    (tmp_path / "evil.toml").write_text(body)
    env = {"COLUMNS": "200", "TTY_COMPATIBLE": "1", "FORCE_COLOR": "1"}
    for table in ("systems", "fit"):
        result, _ = run(
            [table, "--catalog", "evil.toml", "--model", "my-model", "--format", "table"],
            tmp_path,
            env,
        )
        assert result.returncode == 0, result.stderr
        out = result.stdout.decode()
        assert "]52;" not in out.replace("\\x1b]52;", "")
        assert "\x1b]" not in out and "\x07" not in out  # no OSC at all (colour SGR is Rich's own)
        assert "\\x1b]52;c;" in out
    assert "[/bold]" in out  # shown literally, not taken as markup


def test_csv_provenance_lines_one_line_each_and_neutralised(tmp_path: Path) -> None:
    overlay = tmp_path / "x\n=HYPERLINK(1),@SUM(2).toml"
    overlay.write_text(SOURCE + SYSTEM)
    result, _ = run(
        ["fit", "--catalog", str(overlay), "--set", "bits_per_param=4", "-o", "out.csv"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out.csv").read_text()
    head = [
        line for line in text.splitlines() if not line.startswith(("system_id", "hgx", "gb", "my"))
    ]
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) >= 3
    for line in text.splitlines():
        assert not line.startswith(("=", "@", "+", "-")), line
        for field in line.split(",")[1:]:
            assert not field.lstrip(" ").startswith(("=", "@")), line
    assert head


def test_non_utf8_overlay_name_then_output(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xff-overlay.toml")
    (tmp_path / name).write_text(SOURCE + SYSTEM)
    result, _ = run(["fit", "--catalog", name, "-o", "out.csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\\xff-overlay.toml" in (tmp_path / "out.csv").read_text()
    assert not RAW_CONTROL.search(result.stderr.decode("utf-8", "replace"))


def test_exports_respect_the_umask(tmp_path: Path) -> None:
    from core.export import write_atomically

    old = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "t.csv", b"x\n")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no hidden .tmp left


def test_screenshots_do_not_replace_existing_svgs_without_force(tmp_path: Path) -> None:
    (tmp_path / "fit-120x40.svg").write_text("mine")
    result, seconds = run(["screenshots", str(tmp_path)], tmp_path)
    assert_refused(result, ["fit-120x40.svg", "--force"], seconds)
    assert (tmp_path / "fit-120x40.svg").read_text() == "mine"


def test_markdown_cells_keep_rows_whole() -> None:
    import polars as pl

    from core.export import render

    text = render(
        pl.DataFrame({"a": ["x\ry", "p\nq", "r\u2028s"], "b": [1, 2, 3]}), "markdown"
    ).decode()
    assert len(text.splitlines()) == 5


def test_valid_input_prints_no_numpy_warning(tmp_path: Path) -> None:
    for table in ("cost", "claims"):
        result, _ = run([table, "--set", "site_gw=0.01", "--set", "pue=3"], tmp_path)
        assert result.returncode == 0
        assert result.stderr == b"", result.stderr


def test_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + (SOURCE + SYSTEM).encode())
    result, _ = run(["check", "bom.toml"], tmp_path)
    assert result.returncode == 0, result.stderr


def test_thousands_separator_still_accepted(tmp_path: Path) -> None:
    result, _ = run(["fit", "--set", "context_tokens=1,000,000", "--format", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
