"""pytest plugin of tanhproof (placeholder; being written)."""
