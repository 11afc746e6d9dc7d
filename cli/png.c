/*
 * A pHYs chunk for the PNGs belong plot draws.  PNG is a signature and
 * then chunks: a 4-byte big-endian length, a 4-byte type, the data and
 * a CRC-32 of type and data.  pHYs must come before the first IDAT; we
 * put it right after IHDR, which is always first.  The CRC is the
 * table-driven one of the PNG specification (annex D), small enough not
 * to link zlib for it.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "png.h"
#include "xalloc.h"

/* Charts are a few hundred kilobytes; a PNG of 12000 pixels a side
 * rarely passes a few megabytes.  More is not one of ours. */
#define PNG_MAX		(256L * 1024 * 1024)
#define METRE_IN	0.0254

static const unsigned char signature[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
};

uint32_t
png_crc(uint32_t crc, const unsigned char *p, size_t len)
{
	static uint32_t table[256];
	static int ready;

	if (!ready) {
		for (uint32_t n = 0; n < 256; n++) {
			uint32_t c = n;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[n] = c;
		}
		ready = 1;
	}
	crc ^= 0xffffffffu;
	for (size_t i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc ^ 0xffffffffu;
}

uint32_t
png_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void
png_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The whole file at path in *buf (the caller frees), or -1 with *err. */
static int
slurp(const char *path, unsigned char **buf, size_t *len, char **err)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;

	*buf = NULL;
	if (f == NULL || fstat(fileno(f), &sb) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (sb.st_size < (off_t)sizeof signature || sb.st_size > PNG_MAX) {
		*err = xasprintf("%s: not a PNG of a size belong draws", path);
		goto fail;
	}
	*len = (size_t)sb.st_size;
	*buf = xmalloc(*len);
	if (fread(*buf, 1, *len, f) != *len) {
		*err = xasprintf("%s: short read", path);
		goto fail;
	}
	fclose(f);
	return 0;
fail:
	if (f != NULL)
		fclose(f);
	free(*buf);
	*buf = NULL;
	return -1;
}

int
png_set_dpi(const char *path, double dpi, char **err)
{
	unsigned char *buf = NULL, phys[4 + 4 + 9 + 4];
	size_t len, pos, ihdr_end, whole;
	FILE *f = NULL;
	uint32_t ppm;

	if (!(dpi > 0 && dpi < 100000)) {
		*err = xasprintf("%s: no resolution of %g dpi", path, dpi);
		return -1;
	}
	if (slurp(path, &buf, &len, err) != 0)
		return -1;
	if (memcmp(buf, signature, sizeof signature) != 0 ||
	    len < sizeof signature + 12 + 13 ||
	    png_get32(buf + 8) != 13 || memcmp(buf + 12, "IHDR", 4) != 0) {
		*err = xasprintf("%s: not a PNG (no IHDR after the signature)", path);
		goto fail;
	}
	ihdr_end = sizeof signature + 12 + 13;

	/* pHYs: pixels a metre across and down, unit 1 (the metre). */
	ppm = (uint32_t)lround(dpi / METRE_IN);
	png_put32(phys, 9);
	memcpy(phys + 4, "pHYs", 4);
	png_put32(phys + 8, ppm);
	png_put32(phys + 12, ppm);
	phys[16] = 1;
	png_put32(phys + 17, png_crc(0, phys + 4, 4 + 9));

	/* Every chunk whole before the file is opened for writing. */
	for (pos = ihdr_end; pos < len; pos += 12 + (size_t)png_get32(buf + pos))
		if (len - pos < 12 || png_get32(buf + pos) > len - pos - 12) {
			*err = xasprintf("%s: a PNG chunk runs past the end", path);
			goto fail;
		}
	if ((f = fopen(path, "wb")) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fwrite(buf, 1, ihdr_end, f) != ihdr_end ||
	    fwrite(phys, 1, sizeof phys, f) != sizeof phys)
		goto write_fail;
	/* The other chunks as they are, less any pHYs already there. */
	for (pos = ihdr_end; pos < len; pos += whole) {
		whole = 12 + (size_t)png_get32(buf + pos);
		if (memcmp(buf + pos + 4, "pHYs", 4) != 0 &&
		    fwrite(buf + pos, 1, whole, f) != whole)
			goto write_fail;
	}
	if (fclose(f) != 0) {
		f = NULL;
		goto write_fail;
	}
	free(buf);
	return 0;
write_fail:
	*err = xasprintf("%s: %s", path, strerror(errno));
fail:
	if (f != NULL)
		fclose(f);
	free(buf);
	return -1;
}
