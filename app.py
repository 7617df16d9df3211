"""Start bnviz: ``python app.py [--help]``."""

import sys

from bnviz.cli import main

if __name__ == "__main__":   # the trial runner's process pool re-imports the main module
    import multiprocessing

    multiprocessing.freeze_support()   # the one-folder build (make dist): a worker process starts here, not the app
    sys.exit(main())
