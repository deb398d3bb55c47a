extensions = ["myst_parser", "tanhproof.sphinxext"]
myst_enable_extensions = ["dollarmath"]
