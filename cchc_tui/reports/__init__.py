"""Reports: rows in, bytes out (txt, md, html, csv, json, xlsx, docx)."""
