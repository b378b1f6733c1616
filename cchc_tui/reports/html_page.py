"""html: one printable A4 page; every piece of user text escaped."""

from __future__ import annotations

from html import escape

from cchc_tui.reports.model import Report, date_line, page_columns

STYLE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt;
       color: #000; margin: 0 auto; max-width: 60em; }
header { display: flex; justify-content: space-between; text-align: center; }
header p { margin: 0; }
.upper { text-transform: uppercase; }
.date { font-style: italic; text-align: right; margin: 0.8em 0; }
h1 { font-size: 14pt; text-align: center; text-transform: uppercase; margin: 0.6em 0 0.2em; }
.scope { text-align: center; font-style: italic; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
th { font-weight: bold; text-align: center; background: #eee; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
td.num { text-align: right; }
tr.overdue td { background: #ffc7ce; }
tr.due_soon td { background: #ffeb9c; }
tr.done_on_time td, tr.done_late td { background: #e2efda; }
.stamp { font-style: italic; font-size: 11pt; margin-top: 1.5em; }
@media print { th { background: #eee !important; -webkit-print-color-adjust: exact; } }
"""


NUM_CELL = '<td class="num">'


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def to_html(report: Report) -> bytes:
    s = report.settings
    columns = page_columns(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header><div>",
        f'<p class="upper">{escape(s.get("organisation", ""))}</p>',
        f'<p class="upper"><b>{escape(s.get("committee", ""))}</b></p>',
        "</div><div>",
        "<p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>",
        "<p><b>Độc lập - Tự do - Hạnh phúc</b></p>",
        "</div></header>",
        f'<p class="date">{escape(date_line(report))}</p>',
        f"<h1>{escape(report.title)}</h1>",
    ]
    if report.scope:
        out.append(f'<p class="scope">{escape(report.scope)}</p>')
    out += [f"<p>{_lines(p)}</p>" for p in report.intro]
    if report.rows:
        out.append("<table>")
        out.append(
            "<thead><tr>"
            + "".join(f"<th>{escape(c.title)}</th>" for c in columns)
            + "</tr></thead>"
        )
        out.append("<tbody>")
        for row in report.rows:
            tone = escape(str(row.get("timeliness") or ""))
            cells = "".join(
                (NUM_CELL if c.numeric else "<td>") + _lines(c.text(row)) + "</td>" for c in columns
            )
            out.append(f'<tr class="{tone}">{cells}</tr>' if tone else f"<tr>{cells}</tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>(Không có dòng nào.)</p>")
    for section in report.sections:
        out.append(f"<h2>{escape(section.title)}</h2>")
        out.append(
            "<ul>"
            + "".join(f"<li>{escape(line.lstrip('- '))}</li>" for line in section.lines)
            + "</ul>"
        )
    out += [f'<p class="stamp">{escape(report.stamp)}</p>', "</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")
