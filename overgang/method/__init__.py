"""The CTI method as a pure core: no Django imports, `today` always passed in.

Django apps call into this package; it never calls back.
"""
