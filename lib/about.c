#include "config.h"

#include <stddef.h>
#include <string.h>

#include "about.h"

/*
 * The words of DESIGN.md ("The default instrument", About you) in
 * English; the Spanish addresses the respondent as "tú", like the pulse
 * items, and is Latin-American.  Codes never change once data is stored:
 * they are the database values.
 */

#define ABOUT_END { NULL, { NULL, NULL } }
#define ABOUT_N(a) ((int)(sizeof (a) / sizeof (a)[0]) - 1)

static const struct about_code about_role[] = {
	{ "student", { "Student", "Estudiante" } },
	{ "educator", { "Educator", "Educador o educadora" } },
	{ "family", { "Family member", "Familiar" } },
	{ "volunteer", { "Volunteer or mentor",
	    "Persona voluntaria o mentora" } },
	{ "other", { "Other", "Otro" } },
	ABOUT_END
};

static const struct about_code about_grade[] = {
	{ "k5", { "K-5", "Kínder a 5.º grado" } },
	{ "g6_8", { "6-8", "6.º a 8.º grado" } },
	{ "g9_12", { "9-12", "9.º a 12.º grado" } },
	{ "college", { "College", "Universidad" } },
	{ "adult", { "Adult", "Persona adulta" } },
	ABOUT_END
};

static const struct about_code about_gender[] = {
	{ "woman", { "Girl or woman", "Niña o mujer" } },
	{ "man", { "Boy or man", "Niño u hombre" } },
	{ "nonbinary", { "Non-binary", "Persona no binaria" } },
	{ "self", { "Self-described", "Me describo de otra forma" } },
	ABOUT_END
};

static const struct about_code about_race[] = {
	{ "aian", { "American Indian or Alaska Native",
	    "Indígena de las Américas o nativo de Alaska" } },
	{ "asian", { "Asian", "Asiático" } },
	{ "black", { "Black or African American", "Negro o afroamericano" } },
	{ "hispanic", { "Hispanic or Latino", "Hispano o latino" } },
	{ "mena", { "Middle Eastern or North African",
	    "De Medio Oriente o del norte de África" } },
	{ "nhpi", { "Native Hawaiian or Pacific Islander",
	    "Nativo de Hawái o de otras islas del Pacífico" } },
	{ "white", { "White", "Blanco" } },
	{ "self", { "Self-described", "Me describo de otra forma" } },
	ABOUT_END
};

static const struct about_code about_yes_no[] = {
	{ "yes", { "Yes", "Sí" } },
	{ "no", { "No", "No" } },
	ABOUT_END
};

static const struct about_code about_firstgen[] = {
	{ "yes", { "Yes", "Sí" } },
	{ "no", { "No", "No" } },
	{ "unsure", { "Not sure", "No estoy seguro o segura" } },
	ABOUT_END
};

static const struct about_code about_language[] = {
	{ "en", { "English", "Inglés" } },
	{ "es", { "Spanish", "Español" } },
	{ "other", { "Other", "Otro" } },
	ABOUT_END
};

const struct about_question about_questions[ABOUT_COUNT] = {
	[ABOUT_ROLE] = { "role", false, NULL,
	    { "Which best describes you?", "¿Qué te describe mejor?" },
	    about_role, ABOUT_N(about_role) },
	[ABOUT_GRADE] = { "grade", false, NULL,
	    { "Grade level", "Nivel escolar" },
	    about_grade, ABOUT_N(about_grade) },
	[ABOUT_GENDER] = { "gender", false, "gender_text",
	    { "Gender", "Género" },
	    about_gender, ABOUT_N(about_gender) },
	[ABOUT_RACE] = { "race", true, "race_text",
	    { "Race and ethnicity (choose all that apply)",
	      "Raza y origen étnico (marca todas las que correspondan)" },
	    about_race, ABOUT_N(about_race) },
	[ABOUT_DISABILITY] = { "disability", false, NULL,
	    { "Do you have a disability?", "¿Tienes alguna discapacidad?" },
	    about_yes_no, ABOUT_N(about_yes_no) },
	[ABOUT_FIRSTGEN] = { "firstgen", false, NULL,
	    { "First in family to attend college",
	      "Primera persona de tu familia en ir a la universidad" },
	    about_firstgen, ABOUT_N(about_firstgen) },
	[ABOUT_LANGUAGE] = { "language", false, NULL,
	    { "Language spoken at home", "Idioma que se habla en tu casa" },
	    about_language, ABOUT_N(about_language) },
};

const char *const about_prefer_not_label[LANG_COUNT] = {
	"Prefer not to say",
	"Prefiero no decirlo",
};

const struct about_question *
about_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (int i = 0; i < ABOUT_COUNT; i++)
		if (strcmp(about_questions[i].name, name) == 0)
			return &about_questions[i];
	return NULL;
}

int
about_code_index(const struct about_question *q, const char *code)
{
	if (q == NULL || code == NULL)
		return -1;
	if (strcmp(code, ABOUT_PREFER_NOT) == 0)
		return ABOUT_PREFER_NOT_INDEX;
	for (int i = 0; i < q->ncodes; i++)
		if (strcmp(q->codes[i].code, code) == 0)
			return i;
	return -1;
}
