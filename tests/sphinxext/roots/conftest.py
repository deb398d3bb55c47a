"""pytest: the Sphinx test roots are source trees for tests/test_sphinxext.py, not tests."""

collect_ignore_glob = ["test-*"]
