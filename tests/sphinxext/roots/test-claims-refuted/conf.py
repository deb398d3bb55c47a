extensions = ["tanhproof.sphinxext"]
