"""``python -m ccsim.cli``: the ``ccsim`` command line."""

from ccsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
