"""The model picker: a catalog model, a hypothetical size, or none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.present.printable import printable
from tui.screens.base import OnceModal

if TYPE_CHECKING:
    from core import Catalog


class ModelPicker(OnceModal[tuple[str, float]]):
    """Choose a catalog model, a hypothetical size, or none. Returns (model_id, params_t)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]
    SIZES_T = (1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 147.0, 400.0, 1000.0, 3000.0)

    def __init__(self, models: list[tuple[str, str, float]], current: str) -> None:
        super().__init__()
        self.models = models  # (id, name, total params in billions)
        self.current = current

    @classmethod
    def for_catalog(cls, catalog: Catalog, current: str) -> ModelPicker:
        """The catalog's models; "~" before a name whose size is an estimate."""
        from tui.present.header import ESTIMATE_MARK, estimated_models

        estimates = estimated_models(catalog)
        models = [
            (
                r["model_id"],
                (ESTIMATE_MARK if r["model_id"] in estimates else "") + r["model"],
                r["total_params_b"],
            )
            for r in catalog.models.iter_rows(named=True)
        ]
        return cls(models, current)

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box picker-box"):
            yield Static(
                "[b]Model[/b]  ·  type to filter, or a size such as 20T · enter picks",
                classes="modal-title",
            )
            yield Input(placeholder="filter or size (400B, 20T, 1.5e15)", id="picker-input")
            yield OptionList(*self._options(""), id="picker-list")

    def _options(self, text: str) -> list[Option]:
        needle = text.lower().strip()
        options = [Option("(no model: capacity only)", id="none")] if not needle else []
        for model_id, name, total_b in self.models:
            label = (
                f"{name}  ·  {total_b / 1000:.3g}T"
                if total_b >= 1000
                else f"{name}  ·  {total_b:.0f}B"
            )
            if needle in model_id or needle in name.lower():
                options.append(Option(Text(printable(label)), id=f"model:{model_id}"))
        for size in self.SIZES_T:
            label = f"hypothetical {size:g}T"
            if needle in label:
                options.append(Option(label, id=f"params:{size}"))
        return options

    def on_mount(self) -> None:
        self.query_one("#picker-input", Input).focus()

    @on(Input.Changed, "#picker-input")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def key_down(self) -> None:
        self.query_one("#picker-list", OptionList).focus()

    @on(Input.Submitted, "#picker-input")
    def _typed(self, event: Input.Submitted) -> None:
        from core.errors import InputError
        from core.units import parse_params

        options = self.query_one("#picker-list", OptionList)
        text = event.value.strip()
        if text and text[0].isdigit():
            try:
                self.answer(("", parse_params(text) / 1e12))
            except InputError as error:
                self.notify(str(error), severity="error", markup=False)
            return
        if options.option_count:
            self._choose(options.get_option_at_index(options.highlighted or 0).id or "none")

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "none")

    def _choose(self, option_id: str) -> None:
        if option_id == "none":
            self.answer(("", 0.0))
        elif option_id.startswith("model:"):
            self.answer((option_id.removeprefix("model:"), 0.0))
        else:
            self.answer(("", float(option_id.removeprefix("params:"))))

    def action_cancel(self) -> None:
        self.answer(None)
