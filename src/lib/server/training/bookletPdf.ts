import PDFDocument from 'pdfkit';
import { formatDay } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { FRAMEWORK_LABELS, LEVELS, type Framework } from '$lib/training/framework';
import { blockTitle, groupByBlock } from '$lib/training/groups';
import type { BookletData } from './booklet';
import { winAnsi } from './winAnsi';

/**
 * The skills booklet as an A4 PDF (pdfkit, docs/decisions.md): the same data as the printed page
 * (`bookletData`), drawn by hand with the PDF standard fonts (Helvetica covers French; every text goes
 * through `winAnsi`, so a name with letters Helvetica lacks keeps them without their accents, never other
 * letters). Last page: the signatures. `compress: false` leaves the text readable in the file (tests).
 */

const MARGIN = 50;
const GREEN = '#1f5f3f';

export async function bookletPdf(data: BookletData, opts: { compress?: boolean } = {}): Promise<Uint8Array<ArrayBuffer>> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		compress: opts.compress ?? true,
		info: { Title: `${m.training_booklet_title()} – ${data.person.name}`, Author: data.organisation, Subject: m.training_booklet_title() }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', () => resolve());
		doc.on('error', reject);
	});
	// Every text drawn goes through winAnsi (Helvetica draws windows-1252 only; other letters would print as others).
	const draw = doc.text.bind(doc);
	doc.text = ((text: unknown, ...rest: unknown[]) =>
		(draw as (...a: unknown[]) => PDFKit.PDFDocument)(typeof text === 'string' ? winAnsi(text) : text, ...rest)) as typeof doc.text;
	const width = doc.page.width - 2 * MARGIN;
	const ensure = (height: number) => {
		if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
	};

	// ——— Cover: the organisation, the person, the period ———
	doc.font('Helvetica').fontSize(11).fillColor('#333').text(data.organisation);
	doc.moveDown(0.5);
	doc.font('Helvetica-Bold').fontSize(24).fillColor(GREEN).text(m.training_booklet_title());
	doc.moveDown(0.3);
	doc.font('Helvetica-Bold').fontSize(18).fillColor('#000').text(data.person.name);
	doc.moveDown(0.5);
	doc.font('Helvetica').fontSize(11);
	doc.text(m.training_booklet_period({ from: formatDay(data.period.from), to: formatDay(data.period.to) }));
	if (data.contract) {
		doc.text(
			m.training_booklet_contract({
				from: formatDay(data.contract.startDate),
				to: formatDay(data.contract.endDate),
				hours: String(data.contract.weeklyHours).replace('.', ',')
			})
		);
		if (data.contract.referentName) doc.text(m.training_booklet_referent({ name: data.contract.referentName }));
	}
	doc.moveDown(0.5);
	doc.text(m.training_booklet_frameworks_intro());
	for (const f of data.frameworks) doc.text(`•  ${f.label}`, { indent: 10 });
	if (data.frameworks.length === 0) doc.text(`•  ${m.training_framework_cap_epc()}`, { indent: 10 }).text(`•  ${m.training_framework_clea()}`, { indent: 10 });
	doc.moveDown(0.5);
	doc.fontSize(9).fillColor('#444').text(m.training_booklet_explain(), { width });
	doc.fillColor('#000');

	// ——— The validated skills ———
	doc.moveDown(1);
	doc.font('Helvetica-Bold').fontSize(15).fillColor(GREEN).text(m.training_booklet_skills_title());
	doc.fillColor('#000');
	if (data.skills.length === 0) {
		doc.moveDown(0.5).font('Helvetica').fontSize(11).text(m.training_booklet_no_skill());
	}
	for (const g of groupByBlock(data.skills, (s) => s)) {
		ensure(80);
		doc.moveDown(0.6);
		doc
			.font('Helvetica-Bold')
			.fontSize(12)
			.text(blockTitle(FRAMEWORK_LABELS[g.framework as Framework]?.() ?? g.framework, g.block), { width });
		for (const s of g.items) {
			ensure(90);
			const top = doc.y + 4;
			doc
				.moveTo(MARGIN, top)
				.lineTo(MARGIN + width, top)
				.lineWidth(0.5)
				.strokeColor('#999')
				.stroke();
			doc.y = top + 6;
			doc
				.font('Helvetica-Bold')
				.fontSize(11)
				.text(`${s.name}`, MARGIN, doc.y, { width: width - 150, continued: false });
			const after = doc.y;
			// The level: four boxes and the words, at the right.
			const rank = LEVELS.indexOf(s.level);
			for (let i = 0; i < LEVELS.length; i++) {
				const x = MARGIN + width - 150 + i * 14;
				doc
					.rect(x, top + 7, 11, 9)
					.lineWidth(1)
					.strokeColor(GREEN);
				if (i <= rank) doc.fillAndStroke(GREEN, GREEN);
				else doc.stroke();
			}
			doc
				.fillColor('#000')
				.font('Helvetica-Bold')
				.fontSize(10)
				.text(s.levelLabel, MARGIN + width - 90, top + 6, { width: 90 });
			doc.y = Math.max(after, doc.y);
			doc.font('Helvetica').fontSize(9).fillColor('#333');
			doc.text(`${s.code} · ${m.training_booklet_validated({ day: formatDay(s.day), name: s.validatedBy })}`, MARGIN, doc.y, { width });
			doc.text(
				s.times > 0
					? m.training_booklet_evidence({ count: s.times, first: formatDay(s.firstDay), last: formatDay(s.lastDay), weeks: s.weeks })
					: m.training_booklet_no_evidence(),
				{ width }
			);
			if (s.comment) doc.font('Helvetica-Oblique').text(`« ${s.comment} »`, { width });
			doc.fillColor('#000');
		}
	}

	// ——— Signatures ———
	doc.addPage();
	doc.font('Helvetica-Bold').fontSize(15).fillColor(GREEN).text(m.training_booklet_sign_title());
	doc
		.fillColor('#000')
		.font('Helvetica')
		.fontSize(10)
		.moveDown(0.3)
		.text(m.training_booklet_sign_intro({ name: data.person.name }), { width });
	doc.moveDown(1);
	const boxes = [m.training_booklet_sign_person(), m.training_booklet_sign_supervisor(), m.training_booklet_sign_stamp()];
	for (const label of boxes) {
		const y = doc.y;
		doc.rect(MARGIN, y, width, 120).lineWidth(1).strokeColor('#000').stroke();
		doc
			.font('Helvetica-Bold')
			.fontSize(11)
			.text(label, MARGIN + 10, y + 10, { width: width - 20 });
		doc
			.font('Helvetica')
			.fontSize(10)
			.text(m.training_booklet_sign_date(), MARGIN + 10, y + 95, { width: width - 20 });
		doc.y = y + 135;
	}
	doc
		.fontSize(8)
		.fillColor('#444')
		.text(m.training_booklet_made_on({ day: formatDay(data.madeOn), organisation: data.organisation }), MARGIN, doc.y, { width });
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
