"""Settings per environment: base (defaults from the environment), dev, test, production."""
