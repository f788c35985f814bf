"""Development scripts of the project."""
