#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <qrencode.h>

#include "png.h"
#include "qrimage.h"
#include "xalloc.h"

#define QRIMAGE_MARGIN 4	/* modules of quiet zone, as the standard asks */

/* One PNG chunk: length, type, data, CRC of type and data. */
static int
png_chunk(FILE *f, const char *type, const unsigned char *data, size_t len)
{
	unsigned char head[8], tail[4];
	uint32_t crc;

	png_put32(head, (uint32_t)len);
	memcpy(head + 4, type, 4);
	crc = png_crc(0, head + 4, 4);
	if (len > 0)
		crc = png_crc(crc, data, len);
	png_put32(tail, crc);
	return fwrite(head, 1, 8, f) == 8 &&
	    (len == 0 || fwrite(data, 1, len, f) == len) &&
	    fwrite(tail, 1, 4, f) == 4 ? 0 : -1;
}

/* The image rows (a filter byte 0, then grey bytes) as a zlib stream of
 * stored deflate blocks: no compression, no zlib needed.  Caller frees. */
static unsigned char *
png_zlib_stored(const unsigned char *raw, size_t n, size_t *outlen)
{
	size_t nblocks = n / 65535 + 1, len = 2 + n + 5 * nblocks + 4;
	unsigned char *z = xmalloc(len), *o = z;
	uint32_t a = 1, b = 0;
	size_t off = 0;

	*o++ = 0x78;	/* deflate, 32K window */
	*o++ = 0x01;	/* no preset dictionary; (0x78 << 8 | 0x01) % 31 == 0 */

	do {
		size_t blk = n - off > 65535 ? 65535 : n - off;

		*o++ = off + blk == n ? 1 : 0;	/* BFINAL, BTYPE 00 */
		*o++ = (unsigned char)blk;
		*o++ = (unsigned char)(blk >> 8);
		*o++ = (unsigned char)~blk;
		*o++ = (unsigned char)(~blk >> 8);
		memcpy(o, raw + off, blk);
		o += blk;
		off += blk;
	} while (off < n);
	for (size_t i = 0; i < n; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	png_put32(o, (b << 16) | a);
	o += 4;
	*outlen = (size_t)(o - z);
	return z;
}

static int
qrimage_png(FILE *f, const QRcode *qr, int scale)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	int modules = qr->width + 2 * QRIMAGE_MARGIN, side = modules * scale;
	size_t rowlen = (size_t)side + 1, zlen;
	unsigned char ihdr[13], *raw, *z;
	int rc;

	raw = xmalloc(rowlen * (size_t)side);
	for (int y = 0; y < side; y++) {
		unsigned char *row = raw + (size_t)y * rowlen;
		int my = y / scale - QRIMAGE_MARGIN;

		row[0] = 0;	/* filter: none */
		for (int x = 0; x < side; x++) {
			int mx = x / scale - QRIMAGE_MARGIN;
			int dark = mx >= 0 && my >= 0 && mx < qr->width &&
			    my < qr->width && (qr->data[my * qr->width + mx] & 1);

			row[1 + x] = dark ? 0 : 255;
		}
	}
	z = png_zlib_stored(raw, rowlen * (size_t)side, &zlen);
	png_put32(ihdr, (uint32_t)side);
	png_put32(ihdr + 4, (uint32_t)side);
	ihdr[8] = 8;	/* bit depth */
	ihdr[9] = 0;	/* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	rc = fwrite(sig, 1, 8, f) == 8 && png_chunk(f, "IHDR", ihdr, 13) == 0 &&
	    png_chunk(f, "IDAT", z, zlen) == 0 &&
	    png_chunk(f, "IEND", NULL, 0) == 0 ? 0 : -1;
	free(z);
	free(raw);
	return rc;
}

static int
qrimage_svg(FILE *f, const QRcode *qr, int scale)
{
	int modules = qr->width + 2 * QRIMAGE_MARGIN;

	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">\n"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
	    modules * scale, modules * scale, modules, modules, modules, modules);
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				fprintf(f, "M%d %dh1v1h-1z", x + QRIMAGE_MARGIN,
				    y + QRIMAGE_MARGIN);
	fputs("\"/>\n</svg>\n", f);
	return ferror(f) ? -1 : 0;
}

int
qrimage_write(const char *text, const char *path, int scale, char **err)
{
	const char *dot = strrchr(path, '.');
	bool png = dot != NULL && strcasecmp(dot, ".png") == 0;
	bool svg = dot != NULL && strcasecmp(dot, ".svg") == 0;
	char *tmp = NULL;
	QRcode *qr;
	FILE *f = NULL;
	int fd, rc = -1;

	if (!png && !svg) {
		*err = xasprintf("%s: must end in .png or .svg", path);
		return -1;
	}
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL) {
		*err = xasprintf("cannot encode a QR code: %s", strerror(errno));
		return -1;
	}
	/* Written beside the target and renamed, so a failure leaves no
	 * half-written image. */
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "wb")) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	if ((png ? qrimage_png(f, qr, scale) : qrimage_svg(f, qr, scale)) != 0 ||
	    fclose(f) != 0) {
		f = NULL;
		*err = xasprintf("%s: write error", path);
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	rc = 0;
fail:
	if (f != NULL)
		fclose(f);
	if (rc != 0 && fd >= 0)
		unlink(tmp);
	free(tmp);
	QRcode_free(qr);
	return rc;
}
