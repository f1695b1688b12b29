"""Bytes the app writes to a real terminal, captured from a tmux pane with `pipe-pane`.

The app runs in a detached tmux session on a private server socket (`tmux -L`), so the
user's own tmux server is never touched; the server is killed afterwards.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median
from typing import Any

WIDTH, HEIGHT = 120, 40
SESSION = "bench"
POLL_S = 0.05
STARTUP_TIMEOUT_S = 30.0
PAINTED_MARKER = "Assumptions"  # the panel title: on screen once the first frame is drawn
QUIET_AFTER_START_S = 1.0
EDIT_WAIT_S = 1.0  # each keypress gets at least this long to be drawn
QUIET_AFTER_KEY_S = 0.5
EDIT_KEYS = ("+", "-", "+")


@dataclass
class TerminalBytes:
    """What one run of the app in tmux wrote to the terminal, in bytes."""

    first_paint: int
    idle_per_s: int
    focus_assumptions: int
    edits: list[int]
    switch_pane_and_back: int

    @property
    def edit_median(self) -> float:
        return float(median(self.edits))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "edit_median": self.edit_median}


class TmuxPane:
    """One detached session of a private tmux server, its output appended to a file."""

    def __init__(self, capture: Path) -> None:
        self.socket = f"scaleup-bench-{os.getpid()}"
        self.capture = capture

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", os.devnull, *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def start(self, app_command: Sequence[str], env: dict[str, str]) -> None:
        """Open the session with a shell that waits for Enter, so capture starts first."""
        settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        program = " ".join(shlex.quote(part) for part in app_command)
        shell = f"read _ && exec env -u COLORTERM {settings} {program}"
        size = ("-x", str(WIDTH), "-y", str(HEIGHT))
        self.tmux("new-session", "-d", "-s", SESSION, *size, "sh", "-c", shell)
        self.tmux("pipe-pane", "-o", "-t", SESSION, f"cat >> {shlex.quote(str(self.capture))}")
        self.send("Enter")

    def send(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", SESSION, *(("-l",) if literal else ()), *keys)

    def screen_text(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", SESSION)

    def captured(self) -> int:
        return self.capture.stat().st_size if self.capture.exists() else 0

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


def wait_until_painted(pane: TmuxPane) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while PAINTED_MARKER not in pane.screen_text():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not show {PAINTED_MARKER!r} in tmux")
        time.sleep(POLL_S)


def wait_until_quiet(pane: TmuxPane, quiet_s: float, at_least_s: float = 0.0) -> int:
    """Bytes captured once nothing new has arrived for `quiet_s` (and `at_least_s` passed)."""
    started = time.monotonic()
    size, changed = pane.captured(), started
    while True:
        time.sleep(POLL_S)
        now, current = time.monotonic(), pane.captured()
        if current != size:
            size, changed = current, now
        elif now - changed >= quiet_s and now - started >= at_least_s:
            return size
        if now - started > STARTUP_TIMEOUT_S:
            return size


def bytes_for_keys(pane: TmuxPane, *keys: str, literal: bool = False) -> int:
    """Bytes written in response to one key sequence."""
    before = pane.captured()
    pane.send(*keys, literal=literal)
    return wait_until_quiet(pane, QUIET_AFTER_KEY_S, at_least_s=EDIT_WAIT_S) - before


def measure_terminal_bytes(app_command: Sequence[str]) -> TerminalBytes | None:
    """Run the app in tmux and count bytes per interaction; None if tmux is missing."""
    if shutil.which("tmux") is None:
        return None
    env = {"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    with tempfile.TemporaryDirectory(prefix="scaleup-bench-") as folder:
        pane = TmuxPane(Path(folder) / "pane.out")
        try:
            pane.start(app_command, env)
            wait_until_painted(pane)
            first_paint = wait_until_quiet(pane, QUIET_AFTER_START_S)
            idle_start = pane.captured()
            time.sleep(1.0)
            idle = pane.captured() - idle_start
            focus = bytes_for_keys(pane, "a", literal=True)
            edits = [bytes_for_keys(pane, key, literal=True) for key in EDIT_KEYS]
            switch = bytes_for_keys(pane, "3", literal=True) + bytes_for_keys(
                pane, "2", literal=True
            )
            pane.send("q", literal=True)
        finally:
            pane.kill()
    return TerminalBytes(
        first_paint=first_paint,
        idle_per_s=idle,
        focus_assumptions=focus,
        edits=edits,
        switch_pane_and_back=switch,
    )
