"""Split dumps into articles, normalize text, pull out titles, captions, bylines and datelines."""
