"""What the report presents: tables of the runs, figures, sentences, verdicts, and its rendering."""
