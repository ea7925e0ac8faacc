"""Domain services of the comment section: threads, comments, votes, trending, reader tokens."""
