"""Developer tools, run from the checkout as modules (`python -m tools.screenshots`, `make figures`)."""
