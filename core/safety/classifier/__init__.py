"""A small learned classifier for the input screen and the triage (see MODEL.md beside it).

`features` turns text into hashed n-gram indices plus concept features (the same code at
training and run time), `terms` finds the concepts (drug and disease names, our synonym
groups in `concepts`) from the shipped `terms.npz`, `model` scores with numpy from the
shipped `model.npz`; `terms_build` and `train` (the `train` extra) rebuild both files from
the development data.
"""
