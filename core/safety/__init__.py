"""The screens and the triage that must not depend on the model: the input and output screens, the
grounding of model replies, the learned classifier, the pack's own word lists, clarifying questions."""
