"""Answers from the pack without a model: the offline answerer (`OfflineAnswerer`, its `Answer`),
retrieval of the pack's passages, the customer's language, and the markup every platform renders."""
