"""Pure domain: status rules, Vietnamese text, dates. No I/O, no Textual."""
