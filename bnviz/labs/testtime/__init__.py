"""BN at Test Time (syllabus B6 BN's mini-batch noise regularizes a little, B7 running averages at test time).

``model.py``: ``TestTimeConfig`` (every setting) and ``InferenceLab`` (running estimates vs whole
training set statistics, four kinds of inference, batch-size noise); ``controls.py``: the settings
form; ``panels/``: estimates, accuracy, noise; ``page.py``: ``TestTimePage``.
"""
