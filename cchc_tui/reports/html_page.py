"""html: a printable page laid out like the Word report (header block with
Số and the date line, numbered sections, signer and Nơi nhận kept
together, the appendix on landscape pages); every piece of user text
escaped. Column widths are the Word report's (measured from the text)."""

from __future__ import annotations

from html import escape

from cchc_tui.reports.measure import column_widths_mm
from cchc_tui.reports.model import (
    PageTable,
    Report,
    Table,
    date_line,
    issuer_lines,
    numbered_title,
    page_table,
    recipients,
    signer_lines,
)

STYLE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
@page appendix { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 14pt;
       color: #000; margin: 0; }
p { margin: 6pt 0 0; text-align: justify; text-indent: 12.7mm; line-height: 1.15; }
.head { display: flex; justify-content: space-between; text-align: center; gap: 4mm; }
.head p, .title p, .sign p, .recipients p, .appendix-head p { text-indent: 0; margin: 0;
       text-align: center; }
.issuer { width: 70mm; font-size: 13pt; }
.nation { font-size: 13pt; }
.nation .name { white-space: nowrap; font-size: 12pt; font-weight: bold; }
.nation .motto { white-space: nowrap; font-weight: bold; font-size: 14pt; }
.rule { width: 35%; margin: 1mm auto 0; border-top: 1px solid #000; }
.date { font-style: italic; font-size: 14pt; margin-top: 6pt !important; }
.number { margin-top: 6pt !important; }
.about { font-size: 12pt; }
.title { margin: 18pt 0 6pt; break-after: avoid; }
.title p { font-weight: bold; }
.title .scope { font-weight: normal; font-style: italic; }
.to { text-align: center; text-indent: 0; margin: 18pt 0 6pt; }
h2, h3 { font-size: 14pt; margin: 6pt 0 0; text-indent: 12.7mm; break-after: avoid; }
h3 { font-style: italic; }
table.data { border-collapse: collapse; width: 100%; font-size: 12pt; margin-top: 4pt;
       table-layout: fixed; }
table.data th, table.data td { border: 1px solid #000; padding: 1pt 1.2mm; vertical-align: top;
       overflow-wrap: normal; word-break: normal; }
table.data th { font-weight: bold; text-align: center; vertical-align: middle;
       background: #f2f2f2; }
table.data thead { display: table-header-group; }
table.data tr { break-inside: avoid; }
table.data td.num { text-align: center; }
table.data tr.heading td { font-weight: bold; break-after: avoid; }
table.data tr.strong td { font-weight: bold; }
table.data td.level1 { padding-left: 5mm; }
.notes p { font-size: 11pt; font-style: italic; text-indent: 0; }
.sign { display: flex; justify-content: space-between; margin-top: 12pt; break-inside: avoid; }
.recipients { width: 80mm; font-size: 11pt; }
.recipients p { text-align: left; }
.recipients .label { font-size: 12pt; font-weight: bold; font-style: italic; }
.signer { width: 85mm; font-weight: bold; }
.signer .space { height: 28mm; }
.appendix { page: appendix; break-before: page; }
.appendix table.data { font-size: 11pt; }
.appendix-head { margin-bottom: 6pt; break-after: avoid; }
.appendix-head .what { font-weight: bold; }
.appendix-head .with { font-style: italic; white-space: pre-wrap; }
.stamp { font-size: 9pt; font-style: italic; text-align: right; text-indent: 0; margin-top: 12pt; }
@media print { table.data th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@media screen { body { max-width: 165mm; margin: 10mm auto; } .appendix { width: 252mm; margin-top: 12mm; } }
"""


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def _widths(printed: PageTable, width_mm: float, size: float) -> list[float]:
    texts = [
        [r.cells[j] for r in printed.rows if not r.heading] for j in range(len(printed.columns))
    ]
    widths = column_widths_mm(
        [c.title for c in printed.columns],
        texts,
        width_mm,
        size_pt=size,
        header_pt=size,
        padding_mm=3.0,
        cap_mm=width_mm * 0.4,
        numeric=[c.numeric for c in printed.columns],
    )
    return [100 * w / width_mm for w in widths]


def _header_rows(printed: PageTable) -> str:
    columns = printed.columns
    if not printed.two_level():
        return "<tr>" + "".join(f"<th>{escape(c.title)}</th>" for c in columns) + "</tr>"
    top, bottom = [], []
    j = 0
    while j < len(columns):
        group = columns[j].group
        if group is None:
            top.append(f'<th rowspan="2">{escape(columns[j].title)}</th>')
            j += 1
            continue
        k = j
        while k < len(columns) and columns[k].group == group:
            bottom.append(f"<th>{escape(columns[k].title)}</th>")
            k += 1
        top.append(f'<th colspan="{k - j}">{escape(group)}</th>')
        j = k
    return f"<tr>{''.join(top)}</tr><tr>{''.join(bottom)}</tr>"


def table_html(table: Table, width_mm: float, size: float) -> list[str]:
    if not table.rows:
        return [f"<p>{escape(table.empty)}</p>"]
    printed = page_table(table)
    out = ['<table class="data"><colgroup>']
    out += [f'<col style="width:{w:.2f}%">' for w in _widths(printed, width_mm, size)]
    out.append(f"</colgroup><thead>{_header_rows(printed)}</thead><tbody>")
    n = len(printed.columns)
    first_text = next((j for j, c in enumerate(printed.columns) if not c.numeric), 0)
    for line in printed.rows:
        if line.heading:
            out.append(f'<tr class="heading"><td colspan="{n}">{escape(line.heading)}</td></tr>')
            continue
        cells = []
        for j, (column, text) in enumerate(zip(printed.columns, line.cells, strict=True)):
            span = line.spans[j] if line.spans else 0
            if span < 0:
                continue
            classes = []
            if column.numeric or column.parts[0].kind == "date":
                classes.append("num")
            if line.level and j == first_text:
                classes.append("level1")
            attrs = f' class="{" ".join(classes)}"' if classes else ""
            if span > 1:
                attrs += f' rowspan="{span}"'
            cells.append(f"<td{attrs}>{_lines(text)}</td>")
        tone = " strong" if line.strong else ""
        out.append(f'<tr class="row{tone}">{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    if printed.notes:
        out.append('<div class="notes"><p><b>Ghi chú:</b></p>')
        out += [f"<p>{_lines(note)}</p>" for note in printed.notes]
        out.append("</div>")
    return out


def _header(report: Report) -> list[str]:
    parent, issuer = issuer_lines(report)
    left = [f"<p>{escape(parent.upper())}</p>"] if parent else []
    left.append(f"<p><b>{escape(issuer.upper())}</b></p>")
    left.append('<div class="rule"></div>')
    left.append(f'<p class="number">Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/{escape(report.symbol)}</p>')
    if report.about:
        left.append(f'<p class="about">{escape(report.about)}</p>')
    right = [
        '<p class="name">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>',
        '<p class="motto">Độc lập - Tự do - Hạnh phúc</p>',
        '<div class="rule" style="width:62%"></div>',
        f'<p class="date">{escape(date_line(report))}</p>',
    ]
    return [
        '<div class="head"><div class="issuer">',
        *left,
        '</div><div class="nation">',
        *right,
        "</div></div>",
    ]


def _signature(report: Report) -> list[str]:
    titles, name = signer_lines(report)
    out = ['<div class="sign"><div class="recipients"><p class="label">Nơi nhận:</p>']
    out += [f"<p>{escape(line)}</p>" for line in recipients(report)]
    out.append('</div><div class="signer">')
    out += [f"<p>{escape(t)}</p>" for t in titles]
    out.append('<div class="space"></div>')
    if name:
        out.append(f"<p>{escape(name)}</p>")
    out.append("</div></div>")
    return out


def to_html(report: Report) -> bytes:
    out = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        *_header(report),
    ]
    if report.addressees:
        names = report.addressees
        if len(names) == 1:
            out.append(f'<p class="to">Kính gửi: {escape(names[0])}.</p>')
        else:
            out.append('<p class="to">Kính gửi:</p>')
            out += [f'<p class="to">- {escape(n)};</p>' for n in names]
    else:
        out.append('<div class="title">')
        out.append(f"<p>{escape(report.document_kind)}</p><p>{escape(report.title)}</p>")
        if report.scope:
            out.append(f'<p class="scope">{escape(report.scope)}</p>')
        out.append('<div class="rule" style="width:25%"></div></div>')
    out += [f"<p>{_lines(p)}</p>" for p in report.intro]
    if not report.appendix:
        out += table_html(report.table, 165, 12)
    for index, section in enumerate(report.sections):
        tag = "h2" if section.level == 1 else "h3"
        out.append(f"<{tag}>{escape(numbered_title(report.sections, index))}</{tag}>")
        out += [f"<p>{_lines(p)}</p>" for p in section.lines]
        if section.table is not None:
            out += table_html(section.table, 165, 12)
        out += [f"<p>{_lines(p)}</p>" for p in section.after]
    out += [f"<p>{_lines(p)}</p>" for p in report.closing]
    out += _signature(report)
    out.append(f'<p class="stamp">{escape(report.stamp)}</p>')
    if report.appendix:
        out.append('<section class="appendix"><div class="appendix-head">')
        classes = ["what", "what", "with"]
        for i, line in enumerate(report.appendix):
            out.append(f'<p class="{classes[min(i, 2)]}">{escape(line)}</p>')
        out.append("</div>")
        out += table_html(report.table, 252, 11)
        out.append("</section>")
    out += ["</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")
