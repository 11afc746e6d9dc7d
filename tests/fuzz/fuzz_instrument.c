/*
 * libFuzzer target: an instrument definition (belong instrument add, and
 * every definition belongd loads).  A definition that parses must hold
 * what instrument.h promises, and the submission parser must cope with it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "instrument.h"
#include "submission.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct instrument *ins)
{
	bool any = false;

	fuzz_check(ins->key != NULL);
	fuzz_check(ins->nitems >= 0 && ins->nitems <= INSTRUMENT_MAX_ITEMS);
	for (int l = 0; l < LANG_COUNT; l++)
		any = any || ins->languages[l];
	fuzz_check(any);
	for (int i = 0; i < ins->nitems; i++) {
		const struct item *it = &ins->items[i];

		fuzz_check(it->id != NULL && utf8_valid(it->id, strlen(it->id)));
		fuzz_check(instrument_item(ins, it->id) == it);
		fuzz_check(instrument_type_name(it->type) != NULL);
		fuzz_check(it->noptions >= 0 && it->noptions <= INSTRUMENT_MAX_OPTIONS);
		fuzz_check((it->type == ITEM_CHOICE || it->type == ITEM_MULTI) ==
		    (it->noptions > 0));
		if (it->type == ITEM_TEXT)
			fuzz_check(it->max_length >= 1 &&
			    it->max_length <= INSTRUMENT_TEXT_MAX);
		for (int l = 0; l < LANG_COUNT; l++)
			fuzz_check(!ins->languages[l] || it->text[l] != NULL);
		for (int k = 0; k < it->noptions; k++)
			fuzz_check(it->options[k].code != NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char body[] = "{\"id\": \"0b7e4c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21\","
	    " \"token\": \"t\", \"answers\": {\"belong\": 4}}";
	char *json = fuzz_string(data, size), *err = NULL;
	struct instrument *ins;

	fuzz_quiet();
	ins = instrument_parse(json, &err);
	if (ins == NULL) {
		fuzz_check(err != NULL && err[0] != '\0');
		free(err);
	} else {
		struct submission s;
		struct submission_errors errs;

		fuzz_check(err == NULL);
		check(ins);
		if (submission_from_json(&s, body, sizeof body - 1, ins, &errs) != 0)
			fuzz_check(errs.n >= 1);
		submission_clear(&s);
		instrument_free(ins);
	}
	free(json);
	return 0;
}
