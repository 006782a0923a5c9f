"""``python -m slmspec.docgen [--check]``."""

import sys

from . import main

sys.exit(main())
