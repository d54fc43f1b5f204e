"""A run's folder (its files, written and read in one place) and the tables gathered from
every run's folder."""
