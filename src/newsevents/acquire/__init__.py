"""Read containers (text dumps, HTML, WARC, feeds, JSON Lines, directories) into RawDocuments."""
