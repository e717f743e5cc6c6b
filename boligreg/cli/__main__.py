"""`python -m boligreg.cli`: the same command line without the installed script."""

from boligreg.cli import main

main()
