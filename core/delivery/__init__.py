"""Replies on their way out: the outbox (one process or shared by several workers) and delivery."""
