"""Pure rules of the register: codes, dates, models, timelines, flags. No I/O here."""
