"""`scaleup demo`: the argument pane by pane, each step made of what a user can do (an edit,
a pane, a sort)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from core import Assumptions

if TYPE_CHECKING:
    from tui.app import ScaleupApp


def _seed(app: ScaleupApp) -> None:
    app.set_assumptions(Assumptions.preset("seed"))
    app.show_pane("fit")
    _sort(app, "max_params_t", descending=False)


def _sort(app: ScaleupApp, column: str, descending: bool) -> None:
    pane = app.current_pane()
    pane.sort_column, pane.sort_descending = column, descending
    pane.refresh_view()


def _twenty_t(app: ScaleupApp) -> None:
    app.set_assumptions(app.assumptions.replace(params_t=20.0, model_id=""))
    app.show_pane("fit")
    _sort(app, "decode_tok_s_per_seq", descending=False)


def _pane(name: str) -> Callable[[ScaleupApp], None]:
    return lambda app: app.show_pane(name)


def _bf16(app: ScaleupApp) -> None:
    app.set_assumptions(app.assumptions.replace(bits_per_param=16.0))
    app.show_pane("claims")


def _back_to_seed(app: ScaleupApp) -> None:
    app.set_assumptions(Assumptions.preset("seed").replace(params_t=20.0))
    app.show_pane("claims")


DEMO_STEPS: tuple[tuple[str, Callable[[ScaleupApp], None]], ...] = (
    (
        "The seed's arithmetic: 4-bit weights, half of HBM for weights, one scale-up domain. "
        "8 x H200 holds ~1.1T parameters; a GB300 NVL72 rack 20.7T.",
        _seed,
    ),
    (
        "A 20T model: 18 H200 servers in a pipeline decode a sequence at ~4 tokens/s; one "
        "GB300 NVL72 rack at ~55. More servers add stages, not speed.",
        _twenty_t,
    ),
    (
        "What it costs: $/hour by driver, $/million tokens where the model fits, a 1 GW site "
        "of each system and a training run on it.",
        _pane("cost"),
    ),
    (
        "Who can obtain what, when: export rules in the catalog decide each bloc's best "
        "system per year.",
        _pane("timeline"),
    ),
    (
        "The seed's claims, each checked under these assumptions, with the margin before it "
        "breaks.",
        _pane("claims"),
    ),
    (
        "At BF16 the size claims fail, and each says what you would have to believe for it to "
        "hold.",
        _bf16,
    ),
    (
        "Back to the seed preset. Press q to leave the demo; scaleup opens the same app.",
        _back_to_seed,
    ),
)
