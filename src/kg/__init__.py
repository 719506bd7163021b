"""kg - a knowledge graph of regional industry ecosystems.

The public surface is small on purpose; everything else is internal.
"""

from kg.config import Settings
from kg.errors import KGError

__version__ = "0.1.0"
__all__ = ["KGError", "Settings", "__version__"]
