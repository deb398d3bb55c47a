"""Reading input: the whitelisting parser, the function classes and their catalog,
domain conditions, exact points, symbolic derivatives, limits and errors.

The lowest room: it imports no other room of tanhproof.
"""

__all__: list[str] = []
