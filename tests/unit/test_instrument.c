/*
 * Unit tests of lib/instrument.c (parsing and validating a survey
 * definition) and of the tables it relies on, lib/about.c.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "about.h"
#include "instrument.h"
#include "testutil.h"
#include "utf8.h"

/*
 * Definitions below are written with ' for " so they stay readable;
 * js() turns them into JSON.  Caller frees.
 */
static char *
js(const char *s)
{
	char *j = strdup(s);

	assert_non_null(j);
	for (char *p = j; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	return j;
}

#define HEAD "{'key':'p','version':1,'languages':['en','es'],'items':["
#define TAIL "]}"
#define LIKERT(id) "{'id':'" id "','type':'likert5','text':{'en':'E','es':'S'}}"
#define OPT(code) "{'code':'" code "','text':{'en':'E','es':'S'}}"

static void
test_pulse(void **state)
{
	static const struct {
		const char *id;
		enum item_type type;
		const char *construct;
		bool required;
		const char *en;
	} want[] = {
		{ "belong", ITEM_LIKERT5, "belonging", true,
		  "I felt like I belonged here." },
		{ "welcome", ITEM_LIKERT5, "include", true,
		  "People here made me feel welcome." },
		{ "voice", ITEM_LIKERT5, "engage", true,
		  "My questions and ideas were listened to." },
		{ "future", ITEM_LIKERT5, "inspire", true,
		  "I can see myself doing STEM in the future." },
		{ "recommend", ITEM_SCALE0_10, "celebrate", true,
		  "How likely are you to tell a friend to come next time?" },
		{ "change", ITEM_TEXT, NULL, false,
		  "One thing we should change?" },
	};
	char *json = testutil_pulse_json(), *err = NULL;
	struct instrument *ins = instrument_parse(json, &err);
	const struct item *it;

	if (ins == NULL)
		fail_msg("pulse refused: %s", err);
	assert_null(err);
	assert_int_equal(ins->db_id, 0);
	assert_string_equal(ins->key, "pulse");
	assert_int_equal(ins->version, 1);
	assert_true(ins->languages[LANG_EN]);
	assert_true(ins->languages[LANG_ES]);
	assert_string_equal(ins->title[LANG_EN], "How was it?");
	assert_string_equal(ins->title[LANG_ES], "¿Qué tal te fue?");
	assert_int_equal(ins->nitems, 6);
	for (int i = 0; i < 6; i++) {
		it = &ins->items[i];
		assert_string_equal(it->id, want[i].id);
		assert_int_equal(it->type, want[i].type);
		if (want[i].construct == NULL)
			assert_null(it->construct);
		else
			assert_string_equal(it->construct, want[i].construct);
		assert_int_equal(it->required, want[i].required);
		assert_string_equal(it->text[LANG_EN], want[i].en);
		assert_non_null(it->text[LANG_ES]);
		assert_null(it->options);
		assert_int_equal(it->noptions, 0);
		assert_ptr_equal(instrument_item(ins, want[i].id), it);
	}
	assert_string_equal(ins->items[0].text[LANG_ES],
	    "Sentí que pertenecía aquí.");
	assert_int_equal(ins->items[5].max_length, 500);
	for (int a = 0; a < ABOUT_COUNT; a++)
		assert_true(ins->about[a]);
	assert_null(instrument_item(ins, "nosuch"));
	assert_null(instrument_item(ins, NULL));
	instrument_free(ins);
	free(json);
}

static void
test_defaults_and_options(void **state)
{
	char *json = js("{'key':'club-2024_b','version':3,'languages':['es'],"
	    "'items':["
	    "{'id':'c','type':'text','text':{'es':'¿Algo más?'}},"
	    "{'id':'where','type':'choice','required':true,"
	    " 'options':[" "{'code':'school','text':{'es':'Escuela'}},"
	    "            {'code':'6_8','text':{'es':'Otro'}}],"
	    " 'text':{'es':'¿Dónde?'}},"
	    "{'id':'what','type':'multi','required':false,'construct':'x_1',"
	    " 'options':[{'code':'a','text':{'es':'A'}}],'text':{'es':'¿Qué?'}},"
	    "{'id':'long','type':'text','max_length':4000,'text':{'es':'L'}},"
	    "{'id':'short','type':'text','max_length':1,'text':{'es':'S'}}"
	    "]}");
	char *err = NULL;
	struct instrument *ins = instrument_parse(json, &err);
	const struct item *it;

	if (ins == NULL)
		fail_msg("refused: %s", err);
	assert_string_equal(ins->key, "club-2024_b");
	assert_int_equal(ins->version, 3);
	assert_false(ins->languages[LANG_EN]);
	assert_true(ins->languages[LANG_ES]);
	assert_null(ins->title[LANG_EN]);
	assert_null(ins->title[LANG_ES]);
	for (int a = 0; a < ABOUT_COUNT; a++)
		assert_false(ins->about[a]);
	assert_int_equal(ins->nitems, 5);

	it = instrument_item(ins, "c");
	assert_int_equal(it->type, ITEM_TEXT);
	assert_false(it->required);
	assert_null(it->construct);
	assert_int_equal(it->max_length, INSTRUMENT_TEXT_DEFAULT);
	assert_null(it->text[LANG_EN]);
	assert_string_equal(it->text[LANG_ES], "¿Algo más?");

	it = instrument_item(ins, "where");
	assert_int_equal(it->type, ITEM_CHOICE);
	assert_true(it->required);
	assert_int_equal(it->max_length, 0);
	assert_int_equal(it->noptions, 2);
	assert_string_equal(it->options[0].code, "school");
	assert_string_equal(it->options[0].text[LANG_ES], "Escuela");
	assert_null(it->options[0].text[LANG_EN]);
	assert_string_equal(it->options[1].code, "6_8");

	it = instrument_item(ins, "what");
	assert_int_equal(it->type, ITEM_MULTI);
	assert_false(it->required);
	assert_string_equal(it->construct, "x_1");
	assert_int_equal(it->noptions, 1);

	assert_int_equal(instrument_item(ins, "long")->max_length, 4000);
	assert_int_equal(instrument_item(ins, "short")->max_length, 1);
	instrument_free(ins);
	free(json);
	instrument_free(NULL);
}

/* The limits themselves are allowed: 50 items, 30 options, the longest
 * key and id, the largest version. */
static void
test_limits_accepted(void **state)
{
	char buf[16384], *err = NULL;
	struct instrument *ins;
	size_t n;

	n = (size_t)snprintf(buf, sizeof buf, "{'key':'%s','version':2147483647,"
	    "'languages':['en'],'items':[", "k123456789012345678901234567890"
	    "123456789012345678901234567890123");
	for (int i = 0; i < INSTRUMENT_MAX_ITEMS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "%s{'id':'i%d','type':'likert5','text':{'en':'T'}}",
		    i ? "," : "", i);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "]}");
	assert_true(n < sizeof buf);
	{
		char *json = js(buf);

		ins = instrument_parse(json, &err);
		free(json);
	}
	if (ins == NULL)
		fail_msg("refused: %s", err);
	assert_int_equal(strlen(ins->key), 64);
	assert_int_equal(ins->version, 2147483647);
	assert_int_equal(ins->nitems, INSTRUMENT_MAX_ITEMS);
	assert_string_equal(ins->items[49].id, "i49");
	instrument_free(ins);

	n = (size_t)snprintf(buf, sizeof buf, "{'key':'k','version':1,"
	    "'languages':['en'],'items':[{'id':'a2345678901234567890123456789012',"
	    "'type':'multi','text':{'en':'T'},'options':[");
	for (int i = 0; i < INSTRUMENT_MAX_OPTIONS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "%s{'code':'o%d','text':{'en':'O'}}", i ? "," : "", i);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "]}]}");
	assert_true(n < sizeof buf);
	{
		char *json = js(buf);

		ins = instrument_parse(json, &err);
		free(json);
	}
	if (ins == NULL)
		fail_msg("refused: %s", err);
	assert_int_equal(ins->items[0].noptions, INSTRUMENT_MAX_OPTIONS);
	instrument_free(ins);
}

struct bad {
	const char *json;	/* with ' for " */
	const char *err;
};

static void
check_bad(const struct bad *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *json = js(cases[i].json), *err = NULL;
		struct instrument *ins = instrument_parse(json, &err);

		if (ins != NULL)
			fail_msg("accepted: %s", json);
		if (err == NULL || strcmp(err, cases[i].err) != 0)
			fail_msg("%s\n  got:  %s\n  want: %s", json,
			    err != NULL ? err : "(null)", cases[i].err);
		free(err);
		free(json);
	}
}

static void
test_bad_items(void **state)
{
	static const struct bad cases[] = {
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'E'}}" TAIL,
		  "item \"belong\": text missing for language \"es\"" },
		{ HEAD "{'id':'x','type':'slider','text':{'en':'E','es':'S'}}" TAIL,
		  "item \"x\": unknown type \"slider\"" },
		{ HEAD "{'id':'x','type':'Likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item \"x\": unknown type \"Likert5\"" },
		{ HEAD LIKERT("belong") "," LIKERT("other") "," LIKERT("belong") TAIL,
		  "duplicate item id \"belong\"" },
		{ HEAD "{'id':'where','type':'choice','text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": choice items need options" },
		{ HEAD "{'id':'what','type':'multi','options':[],"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"what\": multi items need options" },
		{ HEAD "{'id':'where','type':'choice','options':{},"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": options must be a list" },
		{ HEAD "{'id':'belong','type':'likert5','options':[" OPT("a") "],"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": options only for choice and multi items" },
		{ HEAD "{'id':'where','type':'choice','options':[" OPT("school")
		  "," OPT("home") "," OPT("school") "],'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": duplicate option code \"school\"" },
		{ HEAD "{'id':'where','type':'choice','options':[" OPT("home") ","
		  "{'code':'school','text':{'en':'School'}}],"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": option \"school\": text missing for language \"es\"" },
		{ HEAD "{'id':'where','type':'choice','options':[" OPT("home") ","
		  "{'text':{'en':'E','es':'S'}}],'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": option 2: code missing" },
		{ HEAD "{'id':'where','type':'choice','options':['home'],"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": option 1: must be an object" },
		{ HEAD "{'id':'where','type':'choice','options':[{'code':'Home',"
		  "'text':{'en':'E','es':'S'}}],'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": option 1: invalid code \"Home\" (lowercase "
		  "letters, digits and _, up to 32)" },
		{ HEAD "{'id':'where','type':'choice','options':[{'code':'a',"
		  "'label':'A','text':{'en':'E','es':'S'}}],"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"where\": option \"a\": unknown field \"label\"" },
		{ HEAD "{'id':'belong','type':'likert5','max_length':10,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": max_length only for text items" },
		{ HEAD "{'id':'change','type':'text','max_length':0,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"change\": max_length must be an integer from 1 to 4000" },
		{ HEAD "{'id':'change','type':'text','max_length':4001,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"change\": max_length must be an integer from 1 to 4000" },
		{ HEAD "{'id':'change','type':'text','max_length':2.5,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"change\": max_length must be an integer from 1 to 4000" },
		{ HEAD "{'id':'change','type':'text','max_length':'500',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"change\": max_length must be an integer from 1 to 4000" },
		{ HEAD "{'id':'change','type':'text','max_length':1e999,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"change\": max_length must be an integer from 1 to 4000" },
		{ HEAD LIKERT("a") ",{'type':'likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item 2: id missing" },
		{ HEAD "{'id':7,'type':'likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item 1: id must be a string" },
		{ HEAD "{'id':'Belong','type':'likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item 1: invalid id \"Belong\" (a lowercase letter, then "
		  "lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'1st','type':'likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item 1: invalid id \"1st\" (a lowercase letter, then "
		  "lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'a23456789012345678901234567890123','type':'likert5',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item 1: invalid id \"a23456789012345678901234567890123\" (a "
		  "lowercase letter, then lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'a-b','type':'likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item 1: invalid id \"a-b\" (a lowercase letter, then "
		  "lowercase letters, digits and _, up to 32)" },
		/* A hostile id is escaped, not sent to the terminal. */
		{ HEAD "{'id':'\\u001b[2J\\u00e9','type':'likert5'}" TAIL,
		  "item 1: invalid id \"\\x1b[2Jé\" (a lowercase letter, then "
		  "lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'\\u009b2J','type':'likert5'}" TAIL,
		  "item 1: invalid id \"\\xc2\\x9b2J\" (a lowercase letter, then "
		  "lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'\xff\xc3','type':'likert5'}" TAIL,
		  "item 1: invalid id \"\\xff\\xc3\" (a lowercase letter, then "
		  "lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'" "a123456789012345678901234567890123456789"
		  "0123456789','type':'likert5'}" TAIL,
		  "item 1: invalid id \"a123456789012345678901234567890123456789"
		  "...\" (a lowercase letter, then lowercase letters, digits and _, "
		  "up to 32)" },
		{ HEAD "{'id':'x','text':{'en':'E','es':'S'}}" TAIL,
		  "item \"x\": type missing" },
		{ HEAD "{'id':'x','type':1,'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"x\": type must be a string" },
		{ HEAD "{'id':'belong','type':'likert5','requird':true,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": unknown field \"requird\"" },
		{ HEAD "{'id':'a','id':'b','type':'likert5','text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": field \"id\" given twice" },
		{ HEAD "{'id':'belong','type':'likert5','required':'yes',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": required must be true or false" },
		{ HEAD "{'id':'belong','type':'likert5','required':null,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": required must be true or false" },
		{ HEAD "{'id':'belong','type':'likert5','construct':'Belonging',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": invalid construct \"Belonging\"" },
		{ HEAD "{'id':'belong','type':'likert5','construct':[],"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"belong\": construct must be a string" },
		{ HEAD "'belong'" TAIL, "item 1: must be an object" },
		{ HEAD LIKERT("a") ",null" TAIL, "item 2: must be an object" },
	};

	check_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_bad_texts(void **state)
{
	static const struct bad cases[] = {
		{ HEAD "{'id':'belong','type':'likert5'}" TAIL,
		  "item \"belong\": text must be an object with a text per language" },
		{ HEAD "{'id':'belong','type':'likert5','text':'I belong'}" TAIL,
		  "item \"belong\": text must be an object with a text per language" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'E','es':''}}" TAIL,
		  "item \"belong\": text for \"es\" is empty" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':' \\t\\n','es':'S'}}" TAIL,
		  "item \"belong\": text for \"en\" is empty" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'E','es':5}}" TAIL,
		  "item \"belong\": text for \"es\" must be a string" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'E','es':null}}" TAIL,
		  "item \"belong\": text for \"es\" must be a string" },
		{ HEAD "{'id':'belong','type':'likert5',"
		  "'text':{'en':'E','es':'S','fr':'F'}}" TAIL,
		  "item \"belong\": text for unknown language \"fr\"" },
		{ HEAD "{'id':'belong','type':'likert5',"
		  "'text':{'en':'E','es':'S','es':'T'}}" TAIL,
		  "item \"belong\": text for \"es\" given twice" },
		{ "{'key':'p','version':1,'languages':['en'],'items':["
		  "{'id':'belong','type':'likert5','text':{'en':'E','es':'S'}}]}",
		  "item \"belong\": text for undeclared language \"es\"" },
		/* Raw bytes that are not UTF-8: overlong, surrogate, too high,
		 * truncated (before the closing quote), stray continuation. */
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'\xc0\x80','es':'S'}}" TAIL,
		  "item \"belong\": text for \"en\" is not valid UTF-8" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'E','es':'\xed\xa0\x80'}}" TAIL,
		  "item \"belong\": text for \"es\" is not valid UTF-8" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'\xf4\x90\x80\x80','es':'S'}}" TAIL,
		  "item \"belong\": text for \"en\" is not valid UTF-8" },
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'a\xe2\x82','es':'S'}}" TAIL,
		  "item \"belong\": text for \"en\" is not valid UTF-8" },
		{ HEAD "{'id':'where','type':'choice','text':{'en':'E','es':'S'},"
		  "'options':[{'code':'a','text':{'en':'\x80','es':'S'}}]}" TAIL,
		  "item \"where\": option \"a\": text for \"en\" is not valid UTF-8" },
		/* A NUL would cut the stored text short. */
		{ HEAD "{'id':'belong','type':'likert5','text':{'en':'E\\u0000vil','es':'S'}}" TAIL,
		  "strings must not contain \\u0000" },
		{ "{'key':'p','version':1,'languages':['en','es'],"
		  "'title':{'en':'Hi'},'items':[" LIKERT("a") "]}",
		  "title missing for language \"es\"" },
		{ "{'key':'p','version':1,'languages':['en','es'],"
		  "'title':'Hi','items':[" LIKERT("a") "]}",
		  "title must be an object with a text per language" },
		{ "{'key':'p','version':1,'languages':['en','es'],"
		  "'title':{'en':'Hi','es':''},'items':[" LIKERT("a") "]}",
		  "title for \"es\" is empty" },
	};

	check_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_bad_top(void **state)
{
	static const struct bad cases[] = {
		{ "[]", "definition must be a JSON object" },
		{ "'pulse'", "definition must be a JSON object" },
		{ "{'version':1,'languages':['en'],'items':[" LIKERT("a") "]}",
		  "key missing" },
		{ "{'key':5,'version':1,'languages':['en'],'items':[]}",
		  "key must be a string" },
		{ "{'key':'Pulse','version':1,'languages':['en'],'items':[]}",
		  "invalid key \"Pulse\" (a lowercase letter or digit, then "
		  "lowercase letters, digits, _ and -, up to 64)" },
		{ "{'key':'-x','version':1,'languages':['en'],'items':[]}",
		  "invalid key \"-x\" (a lowercase letter or digit, then "
		  "lowercase letters, digits, _ and -, up to 64)" },
		{ "{'key':'','version':1,'languages':['en'],'items':[]}",
		  "invalid key \"\" (a lowercase letter or digit, then "
		  "lowercase letters, digits, _ and -, up to 64)" },
		{ "{'key':'k1234567890123456789012345678901234567890123456789012345678901234',"
		  "'version':1,'languages':['en'],'items':[]}",
		  "invalid key \"k123456789012345678901234567890123456789...\" (a "
		  "lowercase letter or digit, then lowercase letters, digits, _ "
		  "and -, up to 64)" },
		{ "{'key':'p','languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':0,'languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':-1,'languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':1.5,'languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':'1','languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':2147483648,'languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':1e999,'languages':['en'],'items':[]}",
		  "version must be an integer of at least 1" },
		{ "{'key':'p','version':1,'items':[]}", "languages missing" },
		{ "{'key':'p','version':1,'languages':'en','items':[]}",
		  "languages must be a list" },
		{ "{'key':'p','version':1,'languages':[],'items':[]}",
		  "languages: at least one is needed" },
		{ "{'key':'p','version':1,'languages':['en','fr'],'items':[]}",
		  "languages: unknown language \"fr\"" },
		{ "{'key':'p','version':1,'languages':['EN'],'items':[]}",
		  "languages: unknown language \"EN\"" },
		{ "{'key':'p','version':1,'languages':['es','es'],'items':[]}",
		  "languages: \"es\" listed twice" },
		{ "{'key':'p','version':1,'languages':[true],'items':[]}",
		  "languages: entries must be strings" },
		{ "{'key':'p','version':1,'languages':['en']}", "items missing" },
		{ "{'key':'p','version':1,'languages':['en'],'items':{}}",
		  "items must be a list" },
		{ "{'key':'p','version':1,'languages':['en'],'items':[]}",
		  "items: at least one is needed" },
		{ HEAD LIKERT("a") "],'about':['role','age']}",
		  "about: unknown question \"age\"" },
		{ HEAD LIKERT("a") "],'about':['role','grade','role']}",
		  "about: \"role\" listed twice" },
		{ HEAD LIKERT("a") "],'about':'role'}", "about must be a list" },
		{ HEAD LIKERT("a") "],'about':[['role']]}",
		  "about: entries must be strings" },
		{ HEAD LIKERT("a") "],'itmes':[]}", "unknown field \"itmes\"" },
		{ HEAD LIKERT("a") "],'key':'q'}", "field \"key\" given twice" },
	};

	check_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_too_many(void **state)
{
	char buf[16384], *json, *err = NULL;
	size_t n;

	n = (size_t)snprintf(buf, sizeof buf, HEAD);
	for (int i = 0; i <= INSTRUMENT_MAX_ITEMS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "%s{'id':'i%d','type':'likert5','text':{'en':'E','es':'S'}}",
		    i ? "," : "", i);
	n += (size_t)snprintf(buf + n, sizeof buf - n, TAIL);
	assert_true(n < sizeof buf);
	json = js(buf);
	assert_null(instrument_parse(json, &err));
	assert_string_equal(err, "more than 50 items");
	free(err);
	free(json);

	n = (size_t)snprintf(buf, sizeof buf, HEAD "{'id':'where','type':"
	    "'choice','text':{'en':'E','es':'S'},'options':[");
	for (int i = 0; i <= INSTRUMENT_MAX_OPTIONS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "%s{'code':'o%d','text':{'en':'E','es':'S'}}", i ? "," : "", i);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "]}" TAIL);
	assert_true(n < sizeof buf);
	json = js(buf);
	err = NULL;
	assert_null(instrument_parse(json, &err));
	assert_string_equal(err, "item \"where\": more than 30 options");
	free(err);
	free(json);
}

static void
test_not_json(void **state)
{
	static const char *const cases[] = {
		"", " ", "{", "{'key':", "{'key':'p',}", "{} x", "{}{}", "nul",
		"{'key':'p\\x'}", "{'key' 'p'}",
	};
	char *err = NULL;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *json = js(cases[i]);

		err = NULL;
		if (instrument_parse(json, &err) != NULL)
			fail_msg("accepted: %s", json);
		if (err == NULL || strncmp(err, "not valid JSON (near byte ",
		    strlen("not valid JSON (near byte ")) != 0)
			fail_msg("%s: %s", json, err != NULL ? err : "(null)");
		free(err);
		free(json);
	}
	err = NULL;
	assert_null(instrument_parse(NULL, &err));
	assert_string_equal(err, "no definition");
	free(err);
}

/*
 * Every prefix of the pulse definition, and the definition with each
 * byte replaced by a handful of others, is refused or accepted cleanly:
 * an error always comes with a message, never with an instrument, and
 * the sanitizer build sees no leak or bad access.
 */
static void
test_mutations(void **state)
{
	static const char subst[] = { '"', '{', '}', '[', ']', ',', ':', '0',
	    '\\', 'x', ' ', '\x80', '\xff' };
	char *json = testutil_pulse_json(), *copy, *err;
	size_t len = strlen(json);
	struct instrument *ins;
	int accepted = 0;

	copy = malloc(len + 1);
	assert_non_null(copy);
	for (size_t cut = 0; cut < len; cut++) {
		memcpy(copy, json, cut);
		copy[cut] = '\0';
		err = NULL;
		ins = instrument_parse(copy, &err);
		/* Only trailing blanks can go without changing the meaning. */
		if (ins != NULL) {
			assert_null(err);
			assert_true(strspn(json + cut, " \t\n") == len - cut);
			instrument_free(ins);
			continue;
		}
		assert_non_null(err);
		free(err);
	}
	for (size_t at = 0; at < len; at++) {
		for (size_t k = 0; k < sizeof subst; k++) {
			memcpy(copy, json, len + 1);
			copy[at] = subst[k];
			err = NULL;
			ins = instrument_parse(copy, &err);
			if (ins != NULL) {
				assert_null(err);
				accepted++;
				instrument_free(ins);
			} else {
				assert_non_null(err);
				assert_true(utf8_valid(err, strlen(err)));
				free(err);
			}
		}
	}
	/* Some changes are harmless (a letter of a text), most are not. */
	assert_true(accepted > 0);
	free(copy);
	free(json);
}

static void
test_types_and_constructs(void **state)
{
	static const char *const names[] = {
		"likert5", "scale0_10", "choice", "multi", "text",
	};
	enum item_type t;

	for (int i = 0; i < 5; i++) {
		assert_string_equal(instrument_type_name((enum item_type)i), names[i]);
		assert_int_equal(instrument_type_parse(names[i], &t), 0);
		assert_int_equal(t, i);
	}
	assert_null(instrument_type_name((enum item_type)5));
	assert_int_equal(instrument_type_parse("slider", &t), -1);
	assert_int_equal(instrument_type_parse("Text", &t), -1);
	assert_int_equal(instrument_type_parse("", &t), -1);
	assert_int_equal(instrument_type_parse(NULL, &t), -1);

	assert_true(instrument_construct_in_index("belonging"));
	assert_true(instrument_construct_in_index("include"));
	assert_true(instrument_construct_in_index("engage"));
	assert_true(instrument_construct_in_index("inspire"));
	assert_false(instrument_construct_in_index("celebrate"));
	assert_false(instrument_construct_in_index("Belonging"));
	assert_false(instrument_construct_in_index(""));
	assert_false(instrument_construct_in_index(NULL));
}

/* A framed item: type, construct, frame, pair. */
#define FRAMED(id, type, cons, frame, pair) "{'id':'" id "','type':'" type \
	"','construct':'" cons "','frame':'" frame "','pair':'" pair \
	"','text':{'en':'E','es':'S'}}"

/* Retrospective pairs: accepted, and the fields and helpers filled. */
static void
test_frames(void **state)
{
	char *json = js(HEAD
	    FRAMED("belong_then", "likert5", "belonging", "before", "belong") ","
	    FRAMED("belong_now", "likert5", "belonging", "now", "belong") ","
	    FRAMED("rec_now", "scale0_10", "celebrate", "now", "rec") ","
	    FRAMED("rec_then", "scale0_10", "celebrate", "before", "rec") ","
	    "{'id':'welcome','type':'likert5','construct':'include',"
	    "'text':{'en':'E','es':'S'}}" TAIL), *err = NULL;
	struct instrument *ins = instrument_parse(json, &err);
	const struct item *b, *n, *w;

	(void)state;
	if (ins == NULL)
		fail_msg("refused: %s", err);
	b = instrument_item(ins, "belong_then");
	n = instrument_item(ins, "belong_now");
	w = instrument_item(ins, "welcome");
	assert_int_equal(b->frame, ITEM_FRAME_BEFORE);
	assert_int_equal(n->frame, ITEM_FRAME_NOW);
	assert_int_equal(w->frame, ITEM_FRAME_NONE);
	assert_string_equal(b->pair, "belong");
	assert_string_equal(n->pair, "belong");
	assert_null(w->pair);
	assert_ptr_equal(instrument_item_partner(ins, b), n);
	assert_ptr_equal(instrument_item_partner(ins, n), b);
	assert_ptr_equal(instrument_item_partner(ins,
	    instrument_item(ins, "rec_now")), instrument_item(ins, "rec_then"));
	assert_null(instrument_item_partner(ins, w));
	/* The stored index leaves out the before frame. */
	assert_false(instrument_item_in_index(b));
	assert_true(instrument_item_in_index(n));
	assert_true(instrument_item_in_index(w));
	assert_false(instrument_item_in_index(instrument_item(ins, "rec_now")));
	assert_string_equal(instrument_frame_name(ITEM_FRAME_BEFORE), "before");
	assert_string_equal(instrument_frame_name(ITEM_FRAME_NOW), "now");
	assert_null(instrument_frame_name(ITEM_FRAME_NONE));
	assert_null(instrument_frame_name((enum item_frame)3));
	instrument_free(ins);
	free(json);
}

static void
test_bad_frames(void **state)
{
	static const struct bad cases[] = {
		{ HEAD "{'id':'a','type':'likert5','frame':'before',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": frame and pair go together: frame given "
		  "without pair" },
		{ HEAD "{'id':'a','type':'likert5','pair':'p',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": frame and pair go together: pair given "
		  "without frame" },
		{ HEAD FRAMED("a", "likert5", "belonging", "after", "p") TAIL,
		  "item \"a\": frame must be \"before\" or \"now\"" },
		{ HEAD "{'id':'a','type':'likert5','frame':1,'pair':'p',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": frame must be \"before\" or \"now\"" },
		{ HEAD FRAMED("a", "likert5", "belonging", "Now", "p") TAIL,
		  "item \"a\": frame must be \"before\" or \"now\"" },
		{ HEAD "{'id':'a','type':'likert5','frame':'now','pair':2,"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": pair must be a string" },
		{ HEAD FRAMED("a", "likert5", "belonging", "now", "Belong") TAIL,
		  "item \"a\": invalid pair \"Belong\" (a lowercase letter, "
		  "then lowercase letters, digits and _, up to 32)" },
		{ HEAD "{'id':'a','type':'text','frame':'now','pair':'p',"
		  "'text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": only likert5 and scale0_10 items can have a "
		  "frame" },
		{ HEAD FRAMED("a", "likert5", "belonging", "now", "p") TAIL,
		  "item \"a\": pair \"p\" has no \"before\" item" },
		{ HEAD FRAMED("a", "likert5", "belonging", "before", "p") ","
		  FRAMED("b", "likert5", "belonging", "now", "q") TAIL,
		  "item \"a\": pair \"p\" has no \"now\" item" },
		{ HEAD FRAMED("a", "likert5", "belonging", "before", "p") ","
		  FRAMED("b", "likert5", "belonging", "before", "p") TAIL,
		  "item \"a\": pair \"p\" has more than one before item "
		  "(\"b\")" },
		{ HEAD FRAMED("a", "likert5", "belonging", "before", "p") ","
		  FRAMED("b", "likert5", "belonging", "now", "p") ","
		  FRAMED("c", "likert5", "belonging", "now", "p") TAIL,
		  "item \"a\": pair \"p\" has more than one now item "
		  "(\"c\")" },
		{ HEAD FRAMED("a", "likert5", "belonging", "before", "p") ","
		  FRAMED("b", "scale0_10", "belonging", "now", "p") TAIL,
		  "item \"a\": pair \"p\": type likert5 differs from item "
		  "\"b\" (scale0_10)" },
		{ HEAD FRAMED("a", "likert5", "belonging", "before", "p") ","
		  FRAMED("b", "likert5", "include", "now", "p") TAIL,
		  "item \"a\": pair \"p\": construct \"belonging\" differs "
		  "from item \"b\" (\"include\")" },
		{ HEAD "{'id':'a','type':'likert5','frame':'before','pair':'p',"
		  "'text':{'en':'E','es':'S'}}," FRAMED("b", "likert5", "include",
		  "now", "p") TAIL,
		  "item \"a\": pair \"p\": construct none differs from item "
		  "\"b\" (\"include\")" },
		{ HEAD "{'id':'a','type':'likert5','frame':'now','frame':'now',"
		  "'pair':'p','text':{'en':'E','es':'S'}}" TAIL,
		  "item \"a\": field \"frame\" given twice" },
	};

	(void)state;
	check_bad(cases, sizeof cases / sizeof cases[0]);
}

/* The codes of DESIGN.md, in order, and their tables' shape. */
static void
test_about_codes(void **state)
{
	static const struct {
		const char *name;
		bool multi;
		const char *text_field;
		const char *codes;
	} want[ABOUT_COUNT] = {
		{ "role", false, NULL, "student educator family volunteer other" },
		{ "grade", false, NULL, "k5 g6_8 g9_12 college adult" },
		{ "gender", false, "gender_text", "woman man nonbinary self" },
		{ "race", true, "race_text",
		  "aian asian black hispanic mena nhpi white self" },
		{ "disability", false, NULL, "yes no" },
		{ "firstgen", false, NULL, "yes no unsure" },
		{ "language", false, NULL, "en es other" },
	};
	char got[256];

	for (int i = 0; i < ABOUT_COUNT; i++) {
		const struct about_question *q = &about_questions[i];
		int n = 0;

		assert_string_equal(q->name, want[i].name);
		assert_int_equal(q->multi, want[i].multi);
		if (want[i].text_field == NULL)
			assert_null(q->text_field);
		else
			assert_string_equal(q->text_field, want[i].text_field);
		got[0] = '\0';
		for (const struct about_code *c = q->codes; c->code != NULL; c++) {
			if (n++ > 0)
				strcat(got, " ");
			strcat(got, c->code);
			assert_int_equal(about_code_index(q, c->code), n - 1);
			for (int l = 0; l < LANG_COUNT; l++) {
				assert_non_null(c->label[l]);
				assert_true(c->label[l][0] != '\0');
				assert_true(utf8_valid(c->label[l], strlen(c->label[l])));
			}
		}
		assert_string_equal(got, want[i].codes);
		assert_int_equal(q->ncodes, n);
		for (int l = 0; l < LANG_COUNT; l++) {
			assert_non_null(q->question[l]);
			assert_true(utf8_valid(q->question[l], strlen(q->question[l])));
		}
		assert_ptr_equal(about_find(want[i].name), q);
		assert_int_equal(about_code_index(q, "prefer_not"),
		    ABOUT_PREFER_NOT_INDEX);
		assert_int_equal(about_code_index(q, "nosuch"), -1);
		assert_int_equal(about_code_index(q, ""), -1);
		assert_int_equal(about_code_index(q, NULL), -1);
	}
	assert_null(about_find("age"));
	assert_null(about_find("Role"));
	assert_null(about_find(NULL));
	/* Codes are per question. */
	assert_int_equal(about_code_index(about_find("role"), "woman"), -1);
	assert_int_equal(about_code_index(about_find("race"), "self"), 7);
	assert_int_equal(about_code_index(NULL, "self"), -1);
	assert_string_equal(about_prefer_not_label[LANG_EN], "Prefer not to say");
	assert_string_equal(about_prefer_not_label[LANG_ES], "Prefiero no decirlo");
}

/* The English labels are the words of DESIGN.md. */
static void
test_about_labels(void **state)
{
	static const struct {
		const char *question, *code, *en;
	} want[] = {
		{ "role", "family", "Family member" },
		{ "role", "volunteer", "Volunteer or mentor" },
		{ "gender", "woman", "Girl or woman" },
		{ "gender", "man", "Boy or man" },
		{ "gender", "nonbinary", "Non-binary" },
		{ "race", "aian", "American Indian or Alaska Native" },
		{ "race", "black", "Black or African American" },
		{ "race", "hispanic", "Hispanic or Latino" },
		{ "race", "mena", "Middle Eastern or North African" },
		{ "race", "nhpi", "Native Hawaiian or Pacific Islander" },
		{ "firstgen", "unsure", "Not sure" },
		{ "language", "es", "Spanish" },
	};

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct about_question *q = about_find(want[i].question);
		int k = about_code_index(q, want[i].code);

		assert_true(k >= 0 && k < q->ncodes);
		assert_string_equal(q->codes[k].label[LANG_EN], want[i].en);
	}
	assert_string_equal(about_find("firstgen")->question[LANG_EN],
	    "First in family to attend college");
	assert_string_equal(about_find("language")->question[LANG_EN],
	    "Language spoken at home");
	assert_string_equal(about_find("gender")->codes[0].label[LANG_ES],
	    "Niña o mujer");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pulse),
		cmocka_unit_test(test_defaults_and_options),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_bad_items),
		cmocka_unit_test(test_bad_texts),
		cmocka_unit_test(test_bad_top),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_types_and_constructs),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_about_codes),
		cmocka_unit_test(test_about_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
