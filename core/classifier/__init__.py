"""A small learned classifier for the input screen and the triage (see MODEL.md beside it).

`features` turns text into hashed n-gram indices (the same code at training and run time),
`model` scores them with numpy from the shipped `model.npz`, `train` (scikit-learn, the
`train` extra) rebuilds that file from the development data.
"""
