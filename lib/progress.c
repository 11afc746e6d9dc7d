/*
 * A commitment's progress: percent of the way, projection, status
 * (progress.h).
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "progress.h"

double
progress_percent(double baseline, double current, double target)
{
	if (isnan(baseline) || isnan(current) || isnan(target) ||
	    target == baseline)
		return NAN;
	return (current - baseline) / (target - baseline) * 100;
}

void
progress_project(const double *x, const double *y, int n, double x0,
    double level, struct stats_ci *ci)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, b, sse, half, y0;

	ci->est = ci->lo = ci->hi = NAN;
	if (n < 3)
		return;
	for (int i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= n;
	my /= n;
	/* Centred sums: the days are large numbers, their spread small. */
	for (int i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (!(sxx > 0))
		return;
	b = sxy / sxx;
	sse = fmax(syy - b * sxy, 0);
	y0 = my + b * (x0 - mx);
	half = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, n - 2) *
	    sqrt(sse / (n - 2) * (1.0 / n + (x0 - mx) * (x0 - mx) / sxx));
	ci->est = y0;
	ci->lo = y0 - half;
	ci->hi = y0 + half;
}

/* Whether v reaches the target going in dir. */
static bool
reaches(enum progress_dir dir, double v, double target)
{
	return dir == PROGRESS_UP ? v >= target : v <= target;
}

enum progress_status
progress_status(enum progress_dir dir, double current, double target,
    const struct stats_ci *p)
{
	if (!isnan(current) && reaches(dir, current, target))
		return PROGRESS_MET;
	if (isnan(p->est))
		return PROGRESS_NONE;
	if (reaches(dir, p->est, target))
		return PROGRESS_ON_TRACK;
	if (reaches(dir, dir == PROGRESS_UP ? p->hi : p->lo, target))
		return PROGRESS_AT_RISK;
	return PROGRESS_OFF_TRACK;
}

const char *
progress_status_name(enum progress_status s)
{
	switch (s) {
	case PROGRESS_MET:
		return "met";
	case PROGRESS_ON_TRACK:
		return "on track";
	case PROGRESS_AT_RISK:
		return "at risk";
	case PROGRESS_OFF_TRACK:
		return "off track";
	case PROGRESS_NONE:
		break;
	}
	return "not enough data";
}
