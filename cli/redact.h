#ifndef BELONG_REDACT_H
#define BELONG_REDACT_H

/*
 * What respondents write may name a way to reach them.  Free text that
 * belong prints (export --include-text, quotes) goes through REDACT_SQL,
 * which PostgreSQL applies as it reads: e-mail addresses, web addresses
 * (with a scheme, www., or a common top-level domain) and phone numbers
 * (seven or more digits, with up to two spaces, dots, dashes or brackets
 * between each)
 * become "[removed]".  A long number or a date written with digits only
 * is removed too: better a lost date than a phone number.
 */
#define REDACT_EMAIL "[[:alnum:]._+-]+@[[:alnum:].-]+\\.[[:alpha:]]{2,}"
#define REDACT_URL "((https?|ftp)://|www\\.)[^[:space:]]+" \
	"|[[:alnum:]-]+(\\.[[:alnum:]-]+)*\\.(com|org|net|edu|gov|io|me|us|info|co|ly)" \
	"(/[^[:space:]]*)?\\M"
#define REDACT_PHONE "\\+?\\(?[[:digit:]]([[:space:].()-]{0,2}[[:digit:]]){6,}"

/* The SQL expression for column x, redacted. */
#define REDACT_SQL(x) \
	"regexp_replace(regexp_replace(regexp_replace(" x ", '" REDACT_EMAIL \
	"', '[removed]', 'g'), '" REDACT_URL "', '[removed]', 'gi'), '" \
	REDACT_PHONE "', '[removed]', 'g')"

#endif
