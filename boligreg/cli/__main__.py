"""`python -m boligreg.cli`: the same command line without the installed script."""

from boligreg.cli import main

if __name__ == "__main__":  # the report's worker processes import this module too (spawn)
    main()
