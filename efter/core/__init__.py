"""The meaning of efter: the case file and its rules. Knows no terminal."""
