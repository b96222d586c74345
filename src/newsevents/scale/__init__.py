"""The same pipeline as a PySpark job over a corpus."""
