"""`csbot eval`: scenarios by duty, run k times against a fresh hub, judged and reported."""
