// Shared by the browser scenarios: TAP output, the browser, what every
// page must satisfy (same origin only, small, no axe violations), and the
// database and CLI the scenarios check against.
//
// run.sh starts PostgreSQL and belongd and passes them in:
//   BROWSER_URL       belongd's base URL (http://127.0.0.1:PORT)
//   BROWSER_DSN       the libpq DSN of the private PostgreSQL
//   BROWSER_BELONG    the built `belong` CLI
//   BROWSER_CHROMIUM  Debian's chromium (/usr/bin/chromium)
//   BROWSER_SCREENSHOTS, SCREENSHOTS=1   where and whether to save screenshots

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

function need(name) {
	const v = process.env[name];
	if (!v) {
		console.log(`Bail out! ${name} is not set: run tests/browser/run.sh`);
		process.exit(1);
	}
	return v;
}

export const BASE = need('BROWSER_URL');
export const ORIGIN = new URL(BASE).origin;
const DSN = need('BROWSER_DSN');
const BELONG = need('BROWSER_BELONG');
const CHROMIUM = process.env.BROWSER_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.SCREENSHOTS === '1' ?
    (process.env.BROWSER_SCREENSHOTS || 'screenshots') : null;

// The limit on one page: everything it loads, headers included.
export const MAX_PAGE_BYTES = 30 * 1024;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const VIEWPORTS = [
	{ name: 'phone', viewport: { width: 375, height: 667 },
	  deviceScaleFactor: 2, isMobile: true, hasTouch: true },
	{ name: 'desktop', viewport: { width: 1280, height: 800 } },
];

// --- TAP ---------------------------------------------------------------------

let n = 0;
let failed = 0;

export function diag(...lines) {
	for (const l of lines.join('\n').split('\n'))
		console.log(`# ${l}`);
}

export function ok(cond, name, ...why) {
	n++;
	console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
	if (!cond) {
		failed++;
		if (why.length > 0)
			diag(...why.map(String));
	}
	return !!cond;
}

export function is(got, want, name) {
	return ok(Object.is(got, want) || got === want, name,
	    `got:  ${JSON.stringify(got)}`, `want: ${JSON.stringify(want)}`);
}

export function like(got, re, name) {
	return ok(re.test(String(got)), name, `got:     ${JSON.stringify(got)}`,
	    `pattern: ${re}`);
}

export function skip(name, reason) {
	n++;
	console.log(`ok ${n} - ${name} # SKIP ${reason}`);
}

export function done() {
	console.log(`1..${n}`);
	return failed === 0 ? 0 : 1;
}

// --- the browser ---------------------------------------------------------------

// The flags the issue lists.  Playwright adds --headless and a fresh,
// empty --user-data-dir of its own (deleted on close) to every launch.
export async function launch() {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		chromiumSandbox: false,
		args: ['--no-sandbox', '--disable-gpu',
		    '--disable-background-networking', '--disable-component-update',
		    '--disable-sync', '--no-first-run'],
	});
}

/*
 * A context for one scenario at one viewport.  Every request any of its
 * pages makes is kept: the scenarios check that none leaves the origin,
 * and group them by main-frame navigation to weigh each page.
 */
export async function newContext(browser, vp, extra = {}) {
	const { name, ...options } = vp;
	const ctx = await browser.newContext({ ...options, ...extra });
	ctx.setDefaultTimeout(10000);
	ctx.setDefaultNavigationTimeout(15000);
	ctx.foreign = [];
	ctx.on('request', (req) => {
		const u = new URL(req.url());
		if (u.origin !== ORIGIN)
			ctx.foreign.push(req.url());
	});
	ctx.on('page', trackPage);
	return ctx;
}

function trackPage(page) {
	page.loads = [];
	page.on('request', (req) => {
		if (req.isNavigationRequest() && req.frame() === page.mainFrame())
			page.loads.push([]);
		if (page.loads.length === 0)
			page.loads.push([]);
		page.loads[page.loads.length - 1].push(req);
	});
}

export async function newPage(ctx) {
	const page = await ctx.newPage();
	if (page.loads === undefined)
		trackPage(page);
	return page;
}

// --- what every page must satisfy ---------------------------------------------

/*
 * Check the page now shown: nothing from another origin (ever, in this
 * context), the last load under MAX_PAGE_BYTES, and, unless audit is
 * false, no axe violation of WCAG 2.0/2.1 A and AA.  what names the page
 * in the TAP lines.
 */
export async function checkPage(page, what, { audit = true } = {}) {
	const ctx = page.context();

	ok(ctx.foreign.length === 0, `${what}: nothing loaded from another origin`,
	    ...ctx.foreign.slice(0, 5));
	const load = page.loads[page.loads.length - 1] || [];
	let bytes = 0;
	for (const req of load) {
		if (new URL(req.url()).origin !== ORIGIN)
			continue;
		await req.response();
		try {
			const s = await req.sizes();
			bytes += s.requestHeadersSize + s.requestBodySize +
			    s.responseHeadersSize + s.responseBodySize;
		} catch (e) {
			/* a request cancelled by the next navigation weighs nothing */
		}
	}
	ok(bytes > 0 && bytes < MAX_PAGE_BYTES,
	    `${what}: ${load.length} request(s), ${bytes} bytes (< ${MAX_PAGE_BYTES})`,
	    ...load.map((r) => `${r.method()} ${r.url()}`));
	// WCAG 1.4.10: at 375 px (and 1280 px) nothing needs a sideways scroll.
	const wide = await page.evaluate(() =>
	    document.documentElement.scrollWidth - window.innerWidth);
	ok(wide <= 0, `${what}: no horizontal scrolling`, `${wide} px too wide`);
	if (audit)
		await axe(page, what);
}

/* The axe audit alone; every violation is listed with its nodes. */
export async function axe(page, what) {
	const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const lines = [];
	for (const v of r.violations) {
		lines.push(`${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`);
		for (const node of v.nodes.slice(0, 5))
			lines.push(`  ${node.target.join(' ')}: ` +
			    `${(node.failureSummary || '').replace(/\s+/g, ' ')}`);
	}
	ok(r.violations.length === 0 && r.passes.length > 0,
	    `${what}: axe ${r.testEngine.version}, WCAG 2.1 A/AA: ` +
	    `${r.violations.length} violation(s), ${r.passes.length} rules passed`,
	    ...lines);
	return r.violations;
}

export async function screenshot(page, file) {
	if (SHOTS === null)
		return;
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/${file}` });
	diag(`screenshot: ${SHOTS}/${file}`);
}

// --- the database and the CLI ---------------------------------------------------

/* One query through psql: rows on lines, fields separated by |. */
export function sql(query) {
	return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1',
	    '-d', DSN, '-c', query], {
		env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
		stdio: ['ignore', 'pipe', 'pipe'],
	}).toString('utf8').replace(/\n$/, '');
}

/* A value for a query: a literal, quotes doubled. */
export function lit(s) {
	return `'${String(s).replace(/'/g, "''")}'`;
}

/* The staff CLI; returns stdout, throws with stderr on failure. */
export function belong(...args) {
	try {
		return execFileSync(BELONG, args, {
			env: { ...process.env, BELONG_DSN: DSN },
			stdio: ['ignore', 'pipe', 'pipe'],
		}).toString('utf8');
	} catch (e) {
		throw new Error(`belong ${args.join(' ')}: ` +
		    `${e.stderr ? e.stderr.toString() : e.message}`);
	}
}
