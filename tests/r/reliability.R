# belong reliability against R's psych::alpha on the shared fixture
# (tests/integration/reliability.sh runs this).
#
#   Rscript reliability.R STATS_CSV BELONG_CSV MIN_N BY ITEMS
#
# STATS_CSV: one row per response (stats_fixture.sh); BELONG_CSV: what
# `belong reliability --by BY --format csv` printed; ITEMS: the scale's
# items, comma-separated.  Prints one line per figure, tab-separated:
# what it is, belong's value, R's value at belong's precision ("NA" for
# none, "suppressed" for a suppressed figure), for the shell to compare.
suppressMessages(library(psych))

args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1], na.strings = "NA", stringsAsFactors = FALSE)
b <- read.csv(args[2], colClasses = "character", na.strings = character(0))
min_n <- as.numeric(args[3])
by <- args[4]
items <- strsplit(args[5], ",")[[1]]
decimals <- 3

# sprintf rounds as belong's printf does; "-0.000" is "0.000" there.
fmt <- function(v, d = decimals) {
  if (is.null(v) || is.na(v)) return("NA")
  s <- sprintf("%.*f", d, v)
  if (grepl("^-0\\.?0*$", s)) s <- sub("^-", "", s)
  s
}
got <- function(v) if (v == "") "NA" else v
out <- function(what, have, want) cat(sprintf("%s\t%s\t%s\n", what, have, want))

# psych::alpha of the complete cases d: NA where psych would drop an
# item everyone answered alike (belong gives no figure then).
figures <- function(d) {
  k <- length(items)
  none <- list(n = nrow(d), alpha = NA, lo = NA, hi = NA, r_drop = rep(NA, k),
               a_drop = rep(NA, k))
  if (nrow(d) < 2 || any(apply(d, 2, var) == 0)) return(none)
  a <- psych::alpha(d, warnings = FALSE)
  list(n = nrow(d), alpha = a$total$raw_alpha, lo = a$feldt$lower.ci[[1]],
       hi = a$feldt$upper.ci[[1]], r_drop = a$item.stats$r.drop,
       a_drop = a$alpha.drop$raw_alpha)
}

cc <- x[complete.cases(x[, items]), ]
code <- function(v) ifelse(is.na(v), "not_answered", v)
groups <- list(list("all", "all", rep(TRUE, nrow(cc))),
               list("lang", "en", cc$lang == "en"),
               list("lang", "es", cc$lang == "es"))
if (by != "") {
  for (g in sort(unique(code(x[[by]]))))
    groups[[length(groups) + 1]] <- list(by, g, code(cc[[by]]) == g)
}

for (g in groups) {
  dim <- g[[1]]; grp <- g[[2]]
  d <- cc[g[[3]], items, drop = FALSE]
  rows <- b[b$dimension == dim & b$group == grp, ]
  scale <- rows[rows$item == "", ]
  what <- paste0(dim, "=", grp)
  if (nrow(scale) != 1) {
    out(paste(what, "scale row"), nrow(scale), 1)
    next
  }
  if (scale$suppressed == "1") {
    # Suppressed: every figure of the group hidden; and a group under
    # min_n complete cases is never shown (checked the other way below).
    hidden <- all(c(scale$n, scale$alpha, scale$lo, scale$hi,
                    rows$r_drop[rows$item != ""],
                    rows$alpha_if_dropped[rows$item != ""]) == "")
    out(paste(what, "suppressed, every figure hidden"), hidden, TRUE)
    next
  }
  f <- figures(d)
  out(paste(what, "shown only with n >= min-n"), nrow(d) >= min_n, TRUE)
  out(paste(what, "n"), got(scale$n), fmt(f$n, 0))
  out(paste(what, "alpha"), got(scale$alpha), fmt(f$alpha))
  out(paste(what, "lo"), got(scale$lo), fmt(f$lo))
  out(paste(what, "hi"), got(scale$hi), fmt(f$hi))
  for (i in seq_along(items)) {
    r <- rows[rows$item == items[i], ]
    if (nrow(r) != 1) {
      out(paste(what, items[i], "row"), nrow(r), 1)
      next
    }
    out(paste(what, items[i], "r_drop"), got(r$r_drop), fmt(f$r_drop[i]))
    out(paste(what, items[i], "alpha_if_dropped"), got(r$alpha_if_dropped),
        fmt(f$a_drop[i]))
  }
}
