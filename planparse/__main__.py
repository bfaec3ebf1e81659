"""``python -m planparse``: the command line (as the ``planparse`` script)."""

from .cli import main

main()
