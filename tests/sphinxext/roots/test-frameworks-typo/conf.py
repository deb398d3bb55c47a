extensions = ["tanhproof.sphinxext"]
tanhproof_undecided_is_error = True
