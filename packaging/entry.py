"""Entry point of the standalone (PyInstaller) build: the same `main` the `rigcheck` script runs."""

import sys

from rigcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
