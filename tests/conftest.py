"""Test configuration: every test runs headless on Qt's offscreen platform."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
