"""``python -m extractor`` runs the command line."""

from extractor.cli.app import main

main()
