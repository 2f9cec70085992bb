"""`python -m kg` runs the command line."""

from kg.cli import main

if __name__ == "__main__":  # guarded: the query processes of `kg serve` import this module again
    raise SystemExit(main())
