import type { ReportSummary } from './report-service.js';

const RISK_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
const COLUMNS = [
  { title: 'Date (UTC)', x: 50 },
  { title: 'Employee', x: 170 },
  { title: 'Risk', x: 300 },
  { title: 'Score', x: 370 },
  { title: 'Escalate', x: 430 },
] as const;

/** A PDF summary of HR reports (newest first): counts by risk level, then one line per report. */
export async function reportsSummaryPdf(reports: ReportSummary[], generatedAt = new Date()): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit'); // on the first PDF: pdfkit would add a third of a second to start-up
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'HR reports summary', Author: 'HR assistant' } });
  doc.fontSize(18).text('HR reports summary');
  doc.moveDown(0.3).fontSize(10).fillColor('#555').text(`Generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; the ${reports.length} most recent reports.`);
  doc.fillColor('#000').moveDown();

  doc.fontSize(12).text('By risk level');
  doc.fontSize(10);
  for (const level of RISK_LEVELS) doc.text(`${level}: ${reports.filter((r) => r.riskLevel === level).length}`, { indent: 10 });
  doc.text(`marked for escalation: ${reports.filter((r) => r.escalate).length}`, { indent: 10 });
  doc.moveDown();

  if (reports.length === 0) {
    doc.text('No HR reports yet.');
    doc.end();
    return doc;
  }
  const header = () => {
    const y = doc.y;
    doc.font('Helvetica-Bold');
    for (const column of COLUMNS) doc.text(column.title, column.x, y, { lineBreak: false });
    doc.font('Helvetica').text('', 50, y + 16);
  };
  header();
  for (const report of reports) {
    if (doc.y > doc.page.height - 70) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    const cells = [report.reportDate.toISOString().slice(0, 16).replace('T', ' '), report.employeeId, report.riskLevel, report.riskScore.toFixed(1), report.escalate ? 'yes' : ''];
    cells.forEach((cell, i) => doc.text(cell, COLUMNS[i]!.x, y, { lineBreak: false, width: 115, ellipsis: true }));
    doc.text('', 50, y + 14);
  }
  doc.end();
  return doc;
}
