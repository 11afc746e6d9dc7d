/* Unit tests of cli/plot_size.c (--size, --dpi, --font of belong plot)
 * and cli/png.c (the pHYs chunk). */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "png.h"
#include "plot_size.h"

static char why[256];

/* cmocka compares floats; these are doubles. */
#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

/* Parse s and resolve it for fmt; 0 or -1 as they return. */
static int
size_for(const char *fmt, const char *s, double dpi, struct plot_size *out)
{
	struct plot_size_req r;

	why[0] = '\0';
	if (s != NULL && plot_size_parse(s, &r, why, sizeof why) != 0)
		return -1;
	return plot_size_resolve(fmt, s != NULL ? &r : NULL, dpi, out, why,
	    sizeof why);
}

static void
test_defaults(void **state)
{
	struct plot_size z;

	(void)state;
	assert_int_equal(size_for("png", NULL, 0, &z), 0);
	assert_int_equal(z.w_px, 2100);
	assert_int_equal(z.h_px, 1350);
	assert_near(z.dpi, 300, 1e-9);
	assert_near(z.w_in, 7, 1e-9);
	assert_near(z.h_in, 4.5, 1e-9);
	assert_near(z.sc, 1, 1e-9);
	assert_near(z.fs, 8.5, 1e-9);

	assert_int_equal(size_for("pdf", NULL, 0, &z), 0);
	assert_near(z.w_in, 7, 1e-9);
	assert_near(z.h_in, 4.5, 1e-9);
	assert_int_equal(z.w_px, 0);
	assert_near(z.dpi, 0, 1e-9);

	assert_int_equal(size_for("svg", NULL, 0, &z), 0);
	assert_near(z.w_in, 7, 1e-9);
	assert_int_equal(z.w_px, 672);		/* 7 in at 96 CSS pixels */
	assert_int_equal(z.h_px, 432);
}

static void
test_units(void **state)
{
	struct plot_size z;

	(void)state;
	/* Inches, with decimals. */
	assert_int_equal(size_for("pdf", "3.5x2.25in", 0, &z), 0);
	assert_near(z.w_in, 3.5, 1e-9);
	assert_near(z.h_in, 2.25, 1e-9);
	assert_near(z.sc, 0.5, 1e-9);
	assert_near(z.fs, 7, 1e-9);		/* 4.25, but never below 7 pt */
	/* Millimetres. */
	assert_int_equal(size_for("pdf", "180x110mm", 0, &z), 0);
	assert_near(z.w_in, 180 / 25.4, 1e-9);
	assert_near(z.h_in, 110 / 25.4, 1e-9);
	/* Units in capitals, an X. */
	assert_int_equal(size_for("pdf", "7X4.5IN", 0, &z), 0);
	assert_near(z.h_in, 4.5, 1e-9);
	/* Pixels with or without px; a PNG keeps them, at 300 dpi. */
	assert_int_equal(size_for("png", "1600x900", 0, &z), 0);
	assert_int_equal(z.w_px, 1600);
	assert_int_equal(z.h_px, 900);
	assert_near(z.dpi, 96, 1e-9);		/* a screen's pixels */
	assert_near(z.w_in, 1600 / 96.0, 1e-9);
	assert_int_equal(size_for("png", "1600x900px", 150, &z), 0);
	assert_int_equal(z.w_px, 1600);
	assert_near(z.dpi, 150, 1e-9);
	assert_near(z.w_in, 1600 / 150.0, 1e-9);
	/* A PNG in inches: pixels at its dpi. */
	assert_int_equal(size_for("png", "3.5x2.25in", 0, &z), 0);
	assert_int_equal(z.w_px, 1050);
	assert_int_equal(z.h_px, 675);
	assert_int_equal(size_for("png", "180x110mm", 600, &z), 0);
	assert_int_equal(z.w_px, 4252);		/* 180 / 25.4 * 600 = 4251.97 */
	assert_int_equal(z.h_px, 2598);
	/* SVG and PDF in pixels: 96 an inch. */
	assert_int_equal(size_for("svg", "800x500", 0, &z), 0);
	assert_int_equal(z.w_px, 800);
	assert_near(z.w_in, 800 / 96.0, 1e-9);
	assert_int_equal(size_for("pdf", "960x480px", 0, &z), 0);
	assert_near(z.w_in, 10, 1e-9);
	assert_near(z.h_in, 5, 1e-9);
	/* Wider than 7 by 4.5: the type scales with the height. */
	assert_int_equal(size_for("pdf", "14x4.5in", 0, &z), 0);
	assert_near(z.sc, 1, 1e-9);
	assert_int_equal(size_for("pdf", "7x3in", 0, &z), 0);
	assert_near(z.sc, 3 / 4.5, 1e-9);
	assert_near(z.fs, 7, 1e-9);		/* 8.5 * 2 / 3 = 5.67: at least 7 */
	assert_int_equal(size_for("pdf", "16x9in", 0, &z), 0);
	assert_near(z.fs, 8.5 * 9 / 4.5, 1e-9);
	assert_int_equal(size_for("png", "1600x900", 0, &z), 0);
	assert_near(z.sc, 900 / 96.0 / 4.5, 1e-9);
	/* The limits themselves. */
	assert_int_equal(size_for("pdf", "1x1in", 0, &z), 0);
	assert_int_equal(size_for("pdf", "40x40in", 0, &z), 0);
	assert_int_equal(size_for("pdf", "1016x1016mm", 0, &z), 0);
	assert_int_equal(size_for("png", "200x200", 0, &z), 0);
	assert_int_equal(size_for("png", "12000x12000", 0, &z), 0);
	assert_int_equal(size_for("png", "40x40in", 0, &z), 0);
	assert_int_equal(z.w_px, 12000);
}

/* Each of these must fail with a sentence in why. */
static void
test_bad_sizes(void **state)
{
	static const char *const bad[] = {
		"", "x", "7", "7x", "x4", "7x4.5cm", "7x4.5 in", " 7x4.5in",
		"7x4.5in ", "7inx4.5in", "7in", "-7x4in", "+7x4in", "7x-4in",
		"7.x4in", ".5x4in", "7x4..5in", "1e3x900", "0x0", "0x900",
		"1600x900.5", "1600.5x900px", "inf x nan", "infxnan", "nanxnan",
		"0x10x9", "7x4x5in", "16000000000000000000x900", "1600x9000000000",
		"7x4.5in\n", "7\tx4in", "７x4in", "7×4in",
		"%s%n%s", "7x4.5in;system", "'7x4in'",
	};
	struct plot_size z;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = size_for("pdf", bad[i], 0, &z);

		if (rc != -1)
			fail_msg("--size \"%s\" was taken", bad[i]);
		else
			assert_true(strlen(why) > 10);
	}
}

static void
test_out_of_range(void **state)
{
	struct plot_size z;

	(void)state;
	assert_int_equal(size_for("pdf", "0.9x4in", 0, &z), -1);
	assert_non_null(strstr(why, "1 to 40 in"));
	assert_int_equal(size_for("pdf", "41x20in", 0, &z), -1);
	assert_int_equal(size_for("svg", "25x30mm", 0, &z), -1);
	assert_non_null(strstr(why, "25.4 to 1016 mm"));
	assert_int_equal(size_for("pdf", "1017x800mm", 0, &z), -1);
	/* SVG/PDF pixels: 96 to 3840. */
	assert_int_equal(size_for("svg", "95x200", 0, &z), -1);
	assert_non_null(strstr(why, "96 to 3840"));
	assert_int_equal(size_for("pdf", "3841x2000", 0, &z), -1);
	/* PNG pixels, directly or through the dpi. */
	assert_int_equal(size_for("png", "199x900", 0, &z), -1);
	assert_non_null(strstr(why, "200 to 12000"));
	assert_int_equal(size_for("png", "12001x900", 0, &z), -1);
	assert_int_equal(size_for("png", "40x30in", 1200, &z), -1);
	assert_non_null(strstr(why, "48000x36000"));
	assert_int_equal(size_for("png", "2x1in", 72, &z), -1);
	assert_non_null(strstr(why, "144x72"));
	/* One side at most 4 times the other. */
	assert_int_equal(size_for("pdf", "8x1.9in", 0, &z), -1);
	assert_int_equal(size_for("png", "900x3700", 0, &z), -1);
	assert_int_equal(size_for("pdf", "8x2in", 0, &z), 0);
	/* --dpi is for PNG. */
	assert_int_equal(size_for("pdf", NULL, 300, &z), -1);
	assert_non_null(strstr(why, "PNG only"));
	assert_int_equal(size_for("svg", "7x4.5in", 150, &z), -1);
}

static void
test_dpi(void **state)
{
	static const char *const bad[] = {
		"", "71", "1201", "300.5", "-300", "+300", "3e2", "300dpi",
		" 300", "0", "99999999999999999999", "nan",
	};
	double dpi = 0;

	(void)state;
	assert_int_equal(plot_size_parse_dpi("72", &dpi, why, sizeof why), 0);
	assert_near(dpi, 72, 1e-9);
	assert_int_equal(plot_size_parse_dpi("1200", &dpi, why, sizeof why), 0);
	assert_int_equal(plot_size_parse_dpi("300", &dpi, why, sizeof why), 0);
	assert_near(dpi, 300, 1e-9);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (plot_size_parse_dpi(bad[i], &dpi, why, sizeof why) != -1)
			fail_msg("--dpi \"%s\" was taken", bad[i]);
}

static void
test_font(void **state)
{
	static const char *const good[] = {
		"DejaVu Sans", "Liberation Serif", "Noto Sans CJK JP", "Arial",
		"Source_Sans-3", "Font.Name+2", "x",
	};
	static const char *const bad[] = {
		"", " Arial", "Arial ", "DejaVu Sans,20", "Arial\n", "A\tB",
		"x\"y", "x'y", "x<y>", "a&b", "a\\b", "`id`", "$x", "@m",
		"Fönt", "\xe2\x80\xae" "Arial",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (plot_size_check_font(good[i]) != NULL)
			fail_msg("--font \"%s\" was refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (plot_size_check_font(bad[i]) == NULL)
			fail_msg("--font \"%s\" was taken", bad[i]);
}

/* --- png ---------------------------------------------------------------- */

static void
test_crc(void **state)
{
	(void)state;
	/* The CRC of every PNG's IEND chunk, and the check value of CRC-32. */
	assert_int_equal(png_crc(0, (const unsigned char *)"IEND", 4),
	    0xae426082u);
	assert_int_equal(png_crc(0, (const unsigned char *)"123456789", 9),
	    0xcbf43926u);
	/* In pieces as in one. */
	assert_int_equal(png_crc(png_crc(0,
	    (const unsigned char *)"1234", 4), (const unsigned char *)"56789", 5),
	    0xcbf43926u);
}

static size_t
chunk(unsigned char *p, const char *type, const unsigned char *data,
    uint32_t n)
{
	uint32_t crc;

	p[0] = (unsigned char)(n >> 24);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
	memcpy(p + 4, type, 4);
	if (n > 0)
		memcpy(p + 8, data, n);
	crc = png_crc(0, p + 4, 4 + n);
	p[8 + n] = (unsigned char)(crc >> 24);
	p[9 + n] = (unsigned char)(crc >> 16);
	p[10 + n] = (unsigned char)(crc >> 8);
	p[11 + n] = (unsigned char)crc;
	return 12 + n;
}

/* A PNG's chunks (not its pixels: nothing here decodes them), with a
 * pHYs of 72 dpi before IDAT when old_phys. */
static size_t
fake_png(unsigned char *buf, int old_phys)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const unsigned char ihdr[13] = { 0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0 };
	static const unsigned char phys72[9] = { 0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1 };
	static const unsigned char idat[5] = { 1, 2, 3, 4, 5 };
	size_t n = 0;

	memcpy(buf, sig, 8);
	n = 8;
	n += chunk(buf + n, "IHDR", ihdr, 13);
	n += chunk(buf + n, "bKGD", idat, 3);
	if (old_phys)
		n += chunk(buf + n, "pHYs", phys72, 9);
	n += chunk(buf + n, "IDAT", idat, 5);
	n += chunk(buf + n, "IEND", NULL, 0);
	return n;
}

static char *
tmp_with(const unsigned char *p, size_t n)
{
	char *path = strdup("/tmp/test_png-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	close(fd);
	return path;
}

static size_t
slurp(const char *path, unsigned char *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

static void
test_phys(void **state)
{
	unsigned char in[256], out[256];
	char *err = NULL, *path;
	size_t n, m;

	(void)state;
	for (int old = 0; old <= 1; old++) {
		n = fake_png(in, old);
		path = tmp_with(in, n);
		assert_int_equal(png_set_dpi(path, 300, &err), 0);
		m = slurp(path, out, sizeof out);
		/* One pHYs (21 bytes), right after IHDR, the rest as it was. */
		assert_int_equal(m, n + (old ? 0 : 21));
		assert_memory_equal(out, in, 33);
		assert_memory_equal(out + 33, "\0\0\0\x09pHYs", 8);
		/* 300 / 0.0254 = 11811.02: 0x2e23 pixels a metre. */
		assert_memory_equal(out + 41, "\0\0\x2e\x23\0\0\x2e\x23\x01", 9);
		assert_int_equal(png_crc(0, out + 37, 13),
		    (uint32_t)out[50] << 24 | (uint32_t)out[51] << 16 |
		    (uint32_t)out[52] << 8 | out[53]);
		assert_memory_equal(out + 54, "\0\0\0\x03" "bKGD", 8);
		assert_null(memmem(out + 54, m - 54, "pHYs", 4));
		assert_memory_equal(out + m - 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
		unlink(path);
		free(path);
	}
}

static void
test_not_png(void **state)
{
	unsigned char in[256];
	char *err = NULL, *path;
	size_t n;

	(void)state;
	/* Not a PNG at all. */
	path = tmp_with((const unsigned char *)"%PDF-1.5 and more text here", 27);
	assert_int_equal(png_set_dpi(path, 300, &err), -1);
	assert_non_null(strstr(err, "not a PNG"));
	free(err);
	err = NULL;
	unlink(path);
	free(path);
	/* Cut short inside IDAT: refused, and the file left as it was. */
	n = fake_png(in, 0) - 15;
	path = tmp_with(in, n);
	assert_int_equal(png_set_dpi(path, 300, &err), -1);
	assert_non_null(strstr(err, "past the end"));
	free(err);
	err = NULL;
	{
		unsigned char out[256];

		assert_int_equal(slurp(path, out, sizeof out), n);
		assert_memory_equal(out, in, n);
	}
	unlink(path);
	free(path);
	/* No such file. */
	assert_int_equal(png_set_dpi("/nonexistent/x.png", 300, &err), -1);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_dpi),
		cmocka_unit_test(test_font),
		cmocka_unit_test(test_crc),
		cmocka_unit_test(test_phys),
		cmocka_unit_test(test_not_png),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
