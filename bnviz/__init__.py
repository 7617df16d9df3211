"""bnviz: a desktop visual lab for batch normalization and hyperparameter tuning."""

__version__ = "0.1.0"
