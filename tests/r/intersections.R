# Every figure belong report --by A,B prints, computed again by R from the
# responses (tests/integration/intersections.sh).
#
#   Rscript intersections.R STATS.CSV REPORT.CSV A B MIN_N
#
# STATS.CSV: one row per response (tests/integration/stats_fixture.sh).
# REPORT.CSV: belong report --by A,B --design srs --format csv.
# Prints one line per row of the report: "ok<TAB>what" or
# "not ok<TAB>what<TAB>why"; the test turns them into TAP.
#
# The references (simple random sampling, as --design srs):
#   respondents  n, and 100 n / everyone
#   belonging    t.test(index)$conf.int: the mean's 95 % t interval
#   gap          t.test(index of the group, index of everyone else), Welch
#                (var.equal = FALSE); d: the difference over the pooled SD
#   agree:ITEM   prop.test(k, n, correct = FALSE)$conf.int: Wilson's interval
#   nps:ITEM     % 9-10 minus % 0-6; normal interval with the variance of a
#                difference of multinomial shares, (p + q - (p - q)^2) / n,
#                clipped to [-100, 100]
# A group: a code of each dimension; race is multi-select (a respondent is
# in every race chosen, in two_or_more when two or more are chosen),
# not_answered is NA.

args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 5)
x <- read.csv(args[1], na.strings = "NA", stringsAsFactors = FALSE,
              colClasses = "character")
rep <- read.csv(args[2], na.strings = character(0), stringsAsFactors = FALSE,
                colClasses = "character")
dims <- args[3:4]
min_n <- as.numeric(args[5])
index <- as.numeric(x$belonging)
nall <- nrow(x)

member <- function(dim, code) {
  v <- x[[dim]]
  if (dim == "partner")
    v <- ifelse(is.na(v) | v == "", "none", v)
  if (code == "not_answered")
    return(is.na(v))
  if (dim == "race") {
    l <- strsplit(ifelse(is.na(v), "", v), ";", fixed = TRUE)
    if (code == "two_or_more")
      return(vapply(l, function(s) length(setdiff(s, "prefer_not")) >= 2, TRUE))
    return(vapply(l, function(s) code %in% s, TRUE))
  }
  !is.na(v) & v == code
}

# Agreement at the printed precision: within half a unit of the last
# decimal printed (an empty cell: no figure, NaN in R).
near <- function(got, want) {
  if (is.na(got) || got == "")
    return(is.na(want) || is.nan(want))
  if (is.na(want))
    return(FALSE)
  dec <- nchar(sub("^[^.]*\\.?", "", got))
  abs(as.numeric(got) - want) <= 0.5 * 10^-dec + 1e-9
}

out <- character(0)
say <- function(good, what, why = "") {
  out <<- c(out, if (good) paste0("ok\t", what) else
    paste0("not ok\t", what, "\t", why))
}

check <- function(r, want, what) {
  bad <- character(0)
  for (col in names(want))
    if (!near(r[[col]], want[[col]]))
      bad <- c(bad, sprintf("%s: got '%s', want %.6f", col, r[[col]], want[[col]]))
  say(length(bad) == 0, what, paste(bad, collapse = "; "))
}

for (i in seq_len(nrow(rep))) {
  r <- rep[i, ]
  what <- paste(r$group, r$indicator)
  if (r$group == "all") {
    inside <- rep(TRUE, nall)
  } else {
    codes <- strsplit(r$group, "+", fixed = TRUE)[[1]]
    if (length(codes) != 2) {
      say(FALSE, what, "the group is not a pair of codes")
      next
    }
    inside <- member(dims[1], codes[1]) & member(dims[2], codes[2])
  }
  n <- sum(inside)
  if (r$suppressed == "1") {
    # Shown or not is the disclosure test's matter; here, only that a
    # group under min-n is never shown (its respondents row).
    next
  }
  if (r$indicator == "respondents") {
    if (r$group != "all" && n < min_n) {
      say(FALSE, what, sprintf("shown with %d respondents, under min-n %g", n, min_n))
      next
    }
    check(r, list(n = n, value = 100 * n / nall), what)
  } else if (r$indicator == "belonging") {
    y <- index[inside & !is.na(index)]
    ci <- if (length(y) >= 2) t.test(y)$conf.int else c(NaN, NaN)
    check(r, list(n = length(y), value = if (length(y)) mean(y) else NaN,
                  lo = ci[1], hi = ci[2]), what)
  } else if (r$indicator == "gap") {
    y <- index[inside & !is.na(index)]
    z <- index[!inside & !is.na(index)]
    w <- t.test(y, z, var.equal = FALSE)
    pooled <- ((length(y) - 1) * var(y) + (length(z) - 1) * var(z)) /
      (length(y) + length(z) - 2)
    check(r, list(n = length(y), value = mean(y) - mean(z),
                  lo = w$conf.int[1], hi = w$conf.int[2],
                  d = (mean(y) - mean(z)) / sqrt(pooled)), what)
  } else if (startsWith(r$indicator, "agree:")) {
    v <- as.numeric(x[[sub("^agree:", "", r$indicator)]])[inside]
    v <- v[!is.na(v)]
    k <- sum(v >= 4)
    ci <- suppressWarnings(prop.test(k, length(v), correct = FALSE)$conf.int)
    check(r, list(n = length(v), value = 100 * k / length(v),
                  lo = 100 * ci[1], hi = 100 * ci[2]), what)
  } else if (startsWith(r$indicator, "nps:")) {
    v <- as.numeric(x[[sub("^nps:", "", r$indicator)]])[inside]
    v <- v[!is.na(v)]
    p <- mean(v >= 9)
    q <- mean(v <= 6)
    half <- qnorm(0.975) * sqrt(max((p + q - (p - q)^2) / length(v), 0)) * 100
    est <- 100 * (p - q)
    check(r, list(n = length(v), value = est, lo = max(-100, est - half),
                  hi = min(100, est + half)), what)
  }
  # Others (the design's clusters, response rates) are not a group's
  # figure: their own tests compare them.
}
# Every combination is listed, each once, whatever its n.
codes_of <- function(dim) {
  base <- switch(dim,
    role = c("student", "educator", "family", "volunteer", "other"),
    grade = c("k5", "g6_8", "g9_12", "college", "adult"),
    gender = c("woman", "man", "nonbinary", "self"),
    race = c("aian", "asian", "black", "hispanic", "mena", "nhpi", "white",
             "self", "two_or_more"),
    disability = c("yes", "no"),
    firstgen = c("yes", "no", "unsure"),
    language = c("en", "es", "other"))
  c(base, "prefer_not", "not_answered")
}
want <- as.vector(t(outer(codes_of(dims[1]), codes_of(dims[2]), paste,
                          sep = "+")))
got <- unique(rep$group[rep$group != "all"])
say(identical(got, want), "every combination listed once, in order",
    paste("got", paste(got, collapse = " ")))
writeLines(out)
