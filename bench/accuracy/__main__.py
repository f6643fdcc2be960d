"""`python -m bench.accuracy`: the same as `python bench/accuracy/run.py`."""

from .run import main

raise SystemExit(main())
