"""The shop: its knowledge pack and the pack's check, the workflow programs, the order source,
customer commands and the details read from a conversation."""
