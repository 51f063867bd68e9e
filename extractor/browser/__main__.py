"""``python -m extractor.browser [--install]``: show (or install) the Chromium the extractor will use."""

import sys

from extractor.browser.locate import main

sys.exit(main(sys.argv[1:]))
