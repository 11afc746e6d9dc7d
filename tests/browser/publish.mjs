// The public page belong publish writes, in headless Chromium: each
// language at phone and desktop sizes, served by a static server on
// 127.0.0.1 (tests/browser/publish.sh starts it and the database): axe
// finds no WCAG 2.1 A/AA violation, nothing is requested from another
// origin, every request succeeds, no console error, the chart image
// loads, and nothing needs a sideways scroll of the page.
//
// publish.sh passes, besides what lib.mjs reads (BROWSER_URL is the
// static server's base URL):
//   PUBLISH_PAGES   the pages to open, comma-separated (index.html,...)

import { launch, newContext, newPage, axe, ok, is, diag, done, screenshot,
    BASE, ORIGIN } from './lib.mjs';

const PAGES = (process.env.PUBLISH_PAGES || 'index.html').split(',');
const SIZES = [
	{ name: 'phone', viewport: { width: 390, height: 844 },
	  deviceScaleFactor: 2, isMobile: true, hasTouch: true },
	{ name: 'desktop', viewport: { width: 1280, height: 800 } },
];

async function visit(browser, vp, file) {
	const what = `${file} at ${vp.name} size`;
	const ctx = await newContext(browser, vp);
	const page = await newPage(ctx);
	const errors = [], failed = [], requests = [];

	page.on('console', (m) => {
		// Chromium asks for /favicon.ico by itself; the page has none
		// and names none.
		if (m.type() === 'error' && !/\/favicon\.ico$/.test(m.location().url || ''))
			errors.push(`${m.text()} ${m.location().url || ''}`);
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	ctx.on('request', (r) => requests.push(r.url()));
	ctx.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure().errorText}`));
	ctx.on('response', (r) => {
		if (r.status() >= 400)
			failed.push(`${r.url()}: ${r.status()}`);
	});
	const res = await page.goto(`${BASE}/${file}`, { waitUntil: 'load' });
	is(res.status(), 200, `${what}: served`);
	const lang = await page.evaluate(() => document.documentElement.lang);
	is(lang, file.includes('.es.') ? 'es' : 'en', `${what}: lang attribute`);
	const imgs = await page.evaluate(() => [...document.images].map((i) =>
	    ({ src: i.getAttribute('src'), w: i.naturalWidth, alt: i.alt })));
	for (const i of imgs)
		ok(i.w > 0 && i.alt.length > 0, `${what}: ${i.src} loads and has alt text`);
	const foreign = requests.filter((u) => new URL(u).origin !== ORIGIN);
	ok(foreign.length === 0, `${what}: no request to another origin ` +
	    `(${requests.length} request(s))`, ...foreign);
	ok(failed.length === 0, `${what}: every request succeeded`, ...failed);
	const wide = await page.evaluate(() =>
	    document.documentElement.scrollWidth - window.innerWidth);
	ok(wide <= 0, `${what}: no sideways scroll of the page`, `${wide} px too wide`);
	await axe(page, what);
	ok(errors.length === 0, `${what}: no console error`, ...errors);
	await screenshot(page, `publish-${file.replace(/\.html$/, '')}-${vp.name}.png`);
	await ctx.close();
}

const browser = await launch();
let status;
try {
	diag(`pages: ${PAGES.join(', ')} at ${BASE}`);
	for (const file of PAGES)
		for (const vp of SIZES)
			await visit(browser, vp, file);
} catch (e) {
	ok(false, 'the scenario ran to the end', String(e.stack || e));
} finally {
	await browser.close();
	status = done();
}
process.exit(status);
