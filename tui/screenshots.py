"""`scaleup screenshots`: SVG screenshots of every pane, the same bytes on every run.

The app runs headless at a fixed size with animations off, the realistic preset and a 20T
hypothetical model; nothing on screen depends on the clock.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

# (file stem, terminal size, keys pressed after start)
SHOTS: tuple[tuple[str, tuple[int, int], tuple[str, ...]], ...] = (
    ("catalog-120x40", (120, 40), ("1",)),
    ("fit-120x40", (120, 40), ("2",)),
    ("cost-120x40", (120, 40), ("3",)),
    ("timeline-120x40", (120, 40), ("4",)),
    ("claims-120x40", (120, 40), ("5",)),
    ("frontier-120x40", (120, 40), ("6",)),
    ("fit-80x24", (80, 24), ("2",)),
    ("frontier-80x24", (80, 24), ("6",)),
)


def make_demo_app():  # -> ScaleupApp
    """The app as screenshots and snapshot tests show it."""
    from core import Assumptions, load_catalog
    from tui.app import ScaleupApp

    return ScaleupApp(load_catalog(), Assumptions.preset("realistic").with_hypothetical(20.0))


async def _shoot(folder: Path, stem: str, size: tuple[int, int], keys: tuple[str, ...]) -> Path:
    app = make_demo_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return Path(app.save_screenshot(filename=f"{stem}.svg", path=str(folder)))


def write_screenshots(folder: Path) -> list[Path]:
    """Regenerate every screenshot into `folder` (created if missing)."""
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    folder.mkdir(parents=True, exist_ok=True)
    return [asyncio.run(_shoot(folder, stem, size, keys)) for stem, size, keys in SHOTS]
