"""No models yet: see the module docstring."""
