"""rigcheck: is this home office ready to take calls?"""

__version__ = "0.1.0"
