"""One turn of the model: the prompt, the backstage command protocol and the native tool protocol,
the budget of steps and the fitting of the context."""
