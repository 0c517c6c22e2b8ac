"""``python -m ccsim.cli``: the ``ccsim`` command."""

from ccsim.cli import main

raise SystemExit(main())
