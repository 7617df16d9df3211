"""bnviz: a desktop visual lab for batch normalization and hyperparameter tuning."""

# The one source of the version: pyproject.toml reads it from here
# ([tool.setuptools.dynamic]), so a source checkout and a wheel agree.
__version__ = "0.2.0"
