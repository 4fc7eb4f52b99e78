"""Entry point of the standalone (PyInstaller) build: the same `main` the `rigcheck` script runs."""

import sys

from rigcheck.entry import main  # signal handlers before the heavy imports

if __name__ == "__main__":
    sys.exit(main())
