"""slmspec: contracts, SLAs, service windows and priority matrices as code."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("slmspec")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
