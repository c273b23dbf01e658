"""The staff side: escalations, the waiting customer while staff answer, opening hours."""
