"""Meeting records (议事记录): the record pages, their listing, and the admin's flat list."""
