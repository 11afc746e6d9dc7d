#ifndef BELONG_PNG_H
#define BELONG_PNG_H

#include <stddef.h>
#include <stdint.h>

/*
 * PNG chunks: their CRC and big-endian fields, for the QR codes belong
 * writes (qrimage.c) and the resolution of the charts gnuplot writes:
 * their pHYs chunk, so that a word processor or a journal's system
 * places a 2100-pixel chart as the 7 inches it was drawn for rather than
 * at its own default of 72 or 96 dpi.  cairo writes no pHYs; one it
 * might write is replaced.
 */

/*
 * Rewrite the PNG at path with a pHYs chunk of dpi pixels an inch (in
 * pixels a metre, as PNG keeps it) right after IHDR.  Returns 0, or -1
 * with *err set (the caller frees) when path is not a PNG belong can
 * read or cannot be rewritten.
 */
int png_set_dpi(const char *path, double dpi, char **err)
	__attribute__((warn_unused_result));

/* The CRC-32 of PNG chunks (ISO 3309) over p[0..len), continued from crc
 * (0 to start). */
uint32_t png_crc(uint32_t crc, const unsigned char *p, size_t len);

/* A chunk's 4-byte big-endian field at p. */
uint32_t png_get32(const unsigned char *p);
void png_put32(unsigned char *p, uint32_t v);

#endif
