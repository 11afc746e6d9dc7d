#ifndef BELONG_QRIMAGE_H
#define BELONG_QRIMAGE_H

#include <stdio.h>

/*
 * A QR code of a text, written as an image for posters and slides: PNG
 * (8-bit grey, written without zlib: stored deflate blocks) or SVG.
 */

/* Write text's QR code (error correction M) to path, the format from its
 * ending (.png or .svg); scale pixels per module, a 4-module quiet zone.
 * Returns 0, or -1 with *err set (caller frees). */
int qrimage_write(const char *text, const char *path, int scale, char **err)
	__attribute__((warn_unused_result));

#endif
