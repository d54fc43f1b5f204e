"""The report: what the rules computed, in words and figures, as a list of sections (each says
when it applies, what it reads and draws, and how it renders), executed by papermill into a
self-contained page. It presents; it never trains."""
