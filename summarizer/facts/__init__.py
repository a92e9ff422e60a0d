"""Facts: what one document says, independent of every other document.

Actors and their aliases, who speaks in a sentence and for whom, typed spans
(dates, amounts, quotes). May import `summarizer.text`, `summarizer.dates` and
`summarizer.model`.
"""
