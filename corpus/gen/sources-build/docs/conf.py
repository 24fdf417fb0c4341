# Sphinx configuration of the tinyapp docs (shape-sphinx-last-updated).
project = "tinyapp"
copyright = "2024, Example Corp"
html_theme = "classic"
html_last_updated_fmt = "%b %d, %Y"
