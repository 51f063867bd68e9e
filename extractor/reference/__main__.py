"""``python -m extractor.reference [--install]``: show (or install) the node and npm the set-up uses."""

import sys

from extractor.reference.node import main

sys.exit(main(sys.argv[1:]))
