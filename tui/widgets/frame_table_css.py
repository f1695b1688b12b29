"""The FrameTable's default look: one component class per kind of cell or row."""

FRAME_TABLE_CSS = """
    FrameTable {
        background: $surface;
        color: $foreground;
    }
    FrameTable > .frame-table--header {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    FrameTable > .frame-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    FrameTable > .frame-table--cursor-blurred {
        background: $block-cursor-blurred-background;
    }
    FrameTable > .frame-table--odd {
        background: $surface-lighten-1;
    }
    FrameTable > .frame-table--estimate {
        text-style: italic;
    }
    FrameTable > .frame-table--yes {
        color: $success;
        text-style: bold;
    }
    FrameTable > .frame-table--no {
        color: $error;
        text-style: bold;
    }
    FrameTable > .frame-table--bold {
        text-style: bold;
    }
    FrameTable > .frame-table--reason {
        color: $text-muted;
        text-style: italic;
    }
    FrameTable > .frame-table--dim {
        color: $text-muted;
    }
    FrameTable > .frame-table--marked {
        color: $text-accent;
        text-style: bold;
    }
"""
