"""Dates: time expressions found and resolved to TIMEX3 values against the right anchor.

`timex.find_timexes` is the resolver; the rule modules register on import. May
import `summarizer.text` only.
"""
