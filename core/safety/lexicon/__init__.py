"""Word lists and text normalisation shared by the deterministic screens and triage.

The patterns are written over normalised text (see `text.normalise`): casefolded,
accents stripped, punctuation turned into single spaces. Write them that way:
"vergiss" not "Vergiß", "perche" not "perché", "don t" not "don't".
"""
