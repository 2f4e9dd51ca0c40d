"""What the archive tells a person: the coverage report, site health, the schema tables of the
docs, and the metadata and feeds Datasette serves."""
