"""Contact imports: parsers for the files other tools export, then a checked, atomic apply.

`records` is the contract between the two halves: every parser turns bytes into records (or raises
`ImportFileError` with a message a person can act on); the flow previews, matches and applies them.
"""
