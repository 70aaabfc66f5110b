"""Imports a module with an IndentationError: a traceback ending in it."""
from shop.prices import discounted

print(discounted(10, 5))
