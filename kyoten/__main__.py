"""`python -m kyoten` is the `kyoten` command."""

import sys

from kyoten.tools.cli import main

sys.exit(main())
