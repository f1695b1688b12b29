"""`python -m tui` runs the same command line as `scaleup`."""

from __future__ import annotations

import sys

from tui.cli import main

sys.exit(main())
