"""``python -m scenarios``: the command line of :mod:`scenarios.cli`."""

import sys

try:
    from scenarios.cli import main
except KeyboardInterrupt:  # Ctrl-C in the few milliseconds the command line takes to load
    print("error: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
