"""Softmax Lab (syllabus S1 softmax regression, S2 its loss and dZ = A - Y, S3 hidden layers bend the regions).

``model.py``: ``SoftmaxConfig`` (every setting) and ``SoftmaxLab`` (the classifier, its decision
regions and one explained example); ``controls.py``: the settings form; ``panels/``: regions,
example, curves; ``page.py``: ``SoftmaxPage``.
"""
