/*
 * The matching code's elements, their answers and their keyed hashes
 * (code_hash.h).  The prompts follow the self-generated identification
 * codes of the evaluation literature: facts a young person knows, that do
 * not change between a pre and a post survey, and that say little on
 * their own.  Nothing here logs or prints an answer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "code_hash.h"

/* What the hash is over starts with this, so that no other MAC belongd
 * makes with the same secret (form tokens, board tokens) is ever one. */
#define CODE_HASH_DOMAIN "belong-code"

static const struct code_option code_months[] = {
	{ "1", { "January", "enero" } },
	{ "2", { "February", "febrero" } },
	{ "3", { "March", "marzo" } },
	{ "4", { "April", "abril" } },
	{ "5", { "May", "mayo" } },
	{ "6", { "June", "junio" } },
	{ "7", { "July", "julio" } },
	{ "8", { "August", "agosto" } },
	{ "9", { "September", "septiembre" } },
	{ "10", { "October", "octubre" } },
	{ "11", { "November", "noviembre" } },
	{ "12", { "December", "diciembre" } },
};

/* In the order of the Spanish alphabet, so Ñ is where people look. */
#define L(x) { x, { x, x } }
static const struct code_option code_letters[] = {
	L("A"), L("B"), L("C"), L("D"), L("E"), L("F"), L("G"), L("H"),
	L("I"), L("J"), L("K"), L("L"), L("M"), L("N"), L("Ñ"), L("O"),
	L("P"), L("Q"), L("R"), L("S"), L("T"), L("U"), L("V"), L("W"),
	L("X"), L("Y"), L("Z"),
};
#undef L

static const struct code_option code_siblings[] = {
	{ "0", { "0", "0" } },
	{ "1", { "1", "1" } },
	{ "2", { "2", "2" } },
	{ "3", { "3", "3" } },
	{ "4", { "4", "4" } },
	{ "5+", { "5 or more", "5 o más" } },
};

#define N(a) ((int)(sizeof a / sizeof a[0]))
const struct code_element_def code_elements[CODE_COUNT] = {
	[CODE_BIRTH_MONTH] = { "birth_month",
	    { "Month of your birthday", "Mes de tu cumpleaños" },
	    true, code_months, N(code_months) },
	[CODE_GUARDIAN_INITIAL] = { "guardian_initial",
	    { "First letter of your mother's or a guardian's first name",
	      "Primera letra del nombre de tu madre o de quien te cuida" },
	    false, code_letters, N(code_letters) },
	[CODE_OLDER_SIBLINGS] = { "older_siblings",
	    { "Number of older brothers and sisters",
	      "Número de hermanos y hermanas mayores" },
	    true, code_siblings, N(code_siblings) },
	[CODE_BIRTH_TOWN_INITIAL] = { "birth_town_initial",
	    { "First letter of the town or city where you were born",
	      "Primera letra del pueblo o ciudad donde naciste" },
	    false, code_letters, N(code_letters) },
};
#undef N

const char *const code_dk_label[LANG_COUNT] = { "I don't know", "No sé" };
const char *const code_none_label[LANG_COUNT] = {
	"Choose (optional)", "Elige (opcional)"
};
const char *const code_legend[LANG_COUNT] = {
	"Your private matching code", "Tu código privado para comparar"
};
const char *const code_note[LANG_COUNT] = {
	"We ask these same questions before and after the program, so that "
	"we can compare how things changed without knowing who you are. Your "
	"answers are scrambled before they are saved, and nobody can read "
	"them back. Each one is optional; choose “I don't know” if "
	"you are not sure.",
	"Hacemos estas mismas preguntas antes y después del programa para "
	"comparar cómo cambiaron las cosas sin saber quién eres. Tus "
	"respuestas se codifican antes de guardarse y nadie puede volver a "
	"leerlas. Todas son opcionales; elige «No sé» si no tienes "
	"seguridad.",
};

int
code_element_index(const char *name)
{
	for (int e = 0; e < CODE_COUNT; e++)
		if (strcmp(code_elements[e].name, name) == 0)
			return e;
	return -1;
}

static const char *
code_expected(enum code_element e)
{
	switch (e) {
	case CODE_BIRTH_MONTH:
		return "must be a month from \"1\" to \"12\", or \"dk\"";
	case CODE_OLDER_SIBLINGS:
		return "must be \"0\" to \"4\", \"5+\", or \"dk\"";
	default:
		return "must be one letter A-Z or Ñ, or \"dk\"";
	}
}

/* A letter in either case, as the option's value: "m" and "ñ" -> "M", "Ñ". */
static const char *
code_letter(const char *v, size_t len, char buf[2])
{
	if (len == 1 && ((v[0] >= 'A' && v[0] <= 'Z') ||
	    (v[0] >= 'a' && v[0] <= 'z'))) {
		buf[0] = (char)(v[0] & ~0x20);
		buf[1] = '\0';
		return buf;
	}
	/* U+00D1 and U+00F1, or N and n with U+0303 (decomposed, as some
	 * keyboards type it) */
	if (len == 2 && (unsigned char)v[0] == 0xc3 &&
	    ((unsigned char)v[1] == 0x91 || (unsigned char)v[1] == 0xb1))
		return "Ñ";
	if (len == 3 && (v[0] == 'N' || v[0] == 'n') &&
	    (unsigned char)v[1] == 0xcc && (unsigned char)v[2] == 0x83)
		return "Ñ";
	return NULL;
}

int
code_value_parse(enum code_element e, const char *v, size_t len,
    const char **why)
{
	const struct code_element_def *d;
	const char *want = NULL;
	char buf[2];

	*why = NULL;
	if ((unsigned)e >= CODE_COUNT || v == NULL)
		return 0;
	d = &code_elements[e];
	*why = code_expected(e);
	if (len == strlen(CODE_DK_VALUE) && memcmp(v, CODE_DK_VALUE, len) == 0)
		return CODE_DK;
	if (d->options == code_letters)
		want = code_letter(v, len, buf);
	for (int k = 0; k < d->noptions; k++) {
		const char *o = d->options[k].value;

		if (want != NULL ? strcmp(o, want) == 0 :
		    strlen(o) == len && memcmp(o, v, len) == 0)
			return k + 1;
	}
	return 0;
}

int
code_value_number(enum code_element e, double x, const char **why)
{
	char buf[8];

	*why = NULL;
	if ((unsigned)e >= CODE_COUNT)
		return 0;
	*why = code_expected(e);
	/* The comparisons also turn away NaN and the infinities. */
	if (!code_elements[e].number || !(x >= 0 && x <= 99) ||
	    (double)(int)x != x)
		return 0;
	snprintf(buf, sizeof buf, "%d", (int)x);
	return code_value_parse(e, buf, strlen(buf), why);
}

int
code_hash(const struct token_key *key, int program_id, enum code_element e,
    int option, unsigned char out[CODE_MAC_LEN])
{
	const struct code_element_def *d;
	unsigned char msg[128];
	unsigned int mdlen = 0;
	int n;

	if ((unsigned)e >= CODE_COUNT || option < 1 ||
	    option > code_elements[e].noptions || program_id <= 0)
		return -1;
	d = &code_elements[e];
	/* The NULs keep the parts apart: program 1 with "12" is never
	 * program 11 with "2". */
	n = snprintf((char *)msg, sizeof msg, "%s%c%d%c%s%c%s", CODE_HASH_DOMAIN,
	    '\0', program_id, '\0', d->name, '\0', d->options[option - 1].value);
	if (n < 0 || (size_t)n >= sizeof msg)
		return -1;
	if (HMAC(EVP_sha256(), key->bytes, (int)key->len, msg, (size_t)n, out,
	    &mdlen) == NULL || mdlen != CODE_MAC_LEN) {
		OPENSSL_cleanse(msg, sizeof msg);
		return -1;
	}
	OPENSSL_cleanse(msg, sizeof msg);
	return 0;
}
