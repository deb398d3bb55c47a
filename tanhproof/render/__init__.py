"""What a person sees: text, LaTeX, Markdown and JSON renderings of proofs and
derivations, plain-text mathematics and verdict tallies.
"""

__all__: list[str] = []
