"""From the tables the rules wrote to numbers and verdict codes: summaries, the post's
takeaways, the comparison with the post, depth, the phase diagram, the edge of stability.
Nothing here words or draws; the report does."""
