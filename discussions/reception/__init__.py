"""Reception days (接访日): the schedule page, its printable sheet and its calendar feed."""
