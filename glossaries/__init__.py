"""The bundled glossaries (data files; see README.md)."""
