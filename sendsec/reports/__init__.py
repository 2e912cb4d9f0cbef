"""Reports over a board, read only: the summary, the checks, the comparison of
two files, the evidence against the Improvement Notice."""
