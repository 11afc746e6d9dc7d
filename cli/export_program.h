#ifndef BELONG_EXPORT_PROGRAM_H
#define BELONG_EXPORT_PROGRAM_H

#include <stdio.h>

#include "cli.h"

/*
 * belong export program SLUG: one row per matched pre/post pair of a
 * pre/post program, under the rules of belong export responses.
 * argv[0] is "program".
 */
int export_program(int argc, char **argv, struct cli_global *g);
void export_program_usage(FILE *out);

#endif
