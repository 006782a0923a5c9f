"""``python -m slmspec``."""

from .cli import main

main()
