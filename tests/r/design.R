# belong report and trend against R's survey package (Lumley) on the shared
# fixture (tests/integration/stats_design.sh runs this).
#
#   Rscript design.R STATS_CSV BELONG_CSV COMMAND DESIGN BY [INTERVAL INDICATOR]
#   Rscript design.R STATS_CSV - design cluster "" CLUSTERS DEFF
#
# STATS_CSV: one row per response (stats_fixture.sh), the whole selection;
# BELONG_CSV: what `belong COMMAND --design DESIGN --by BY --format csv`
# printed (BY "" for none; COMMAND report or trend; trend with its
# --interval and --indicator).  Prints one line per figure, tab-separated:
# what it is, belong's value, R's value at belong's precision ("NA" for
# none), for the shell to compare.  Suppressed rows are belong's decision
# (disclosure.sh checks it); their figures are not compared.
#
# The reference calls, with d <- svydesign(ids = ~event, data = x):
#   mean       svymean(~y, s) and confint(..., df = degf(d)), s the subset
#              of the group's respondents with a y: its variance from every
#              cluster of d (subset keeps them), its df the design's
#   agree      svyciprop(~I(item >= 4), s, method = "beta")
#   nps        svymean of (recommend >= 9) - (recommend <= 6)
#   gap        coef and confint(svyglm(y ~ in_group, d), ddf = degf(d)),
#              p = 2 pt(-|t|, degf(d)), p.adjust over the gaps shown
#   deff       svymean(~y, d, deff = "replace")
#   slope      svyglm(y ~ years, s), confint(..., ddf = degf(d)), s the
#              subset of the line's respondents with a y in the periods shown
# and under srs the textbook ones: t.test, Wilson (prop.test without
# continuity correction), the Wald interval of an NPS, Welch's t.test.
suppressMessages(library(survey))
options(warn = -1)	# "No weights or probabilities supplied": equal weights

args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1], na.strings = "NA", stringsAsFactors = FALSE)
b <- if (args[2] == "-") NULL else
  read.csv(args[2], colClasses = "character", na.strings = character(0))
cmd <- args[3]
design <- args[4]
by <- args[5]
interval <- if (length(args) >= 6) args[6] else ""
indicator <- if (length(args) >= 7) args[7] else "belonging"

fmt <- function(v, d = 2) {
  if (is.null(v) || length(v) == 0 || is.na(v) || is.infinite(v)) return("NA")
  s <- sprintf("%.*f", d, v)
  if (grepl("^-0\\.?0*$", s)) s <- sub("^-", "", s)
  s
}
got <- function(v) if (is.na(v) || v == "") "NA" else v
out <- function(what, have, want) cat(sprintf("%s\t%s\t%s\n", what, got(have), want))

# Who is in group g of dimension by ("all": everyone).  Race is a list:
# each code chosen, two_or_more for two or more, not_answered for none.
# With BELONG_ROLE set (report --role R), the role is a domain of the
# design: d keeps every respondent, and each group is its members of R.
role <- Sys.getenv("BELONG_ROLE")
inrole <- if (role == "") rep(TRUE, nrow(x)) else !is.na(x$role) & x$role == role
member <- function(g) inrole & member_any(g)
member_any <- function(g) {
  if (g == "all") return(rep(TRUE, nrow(x)))
  v <- x[[by]]
  if (by == "race") {
    if (g == "not_answered") return(is.na(v))
    cs <- strsplit(ifelse(is.na(v), "", v), ";")
    if (g == "two_or_more")
      return(sapply(cs, function(c) length(setdiff(c, "prefer_not")) >= 2))
    return(sapply(cs, function(c) g %in% c))
  }
  ifelse(is.na(v), "not_answered", v) == g
}

# The values the indicators average: 0/1 agree per likert item, -1/0/1
# per 0-10 item.
likert <- c("belong", "welcome", "voice", "future")
for (it in likert) x[[paste0("agree_", it)]] <- as.numeric(x[[it]] >= 4)
x$nps_recommend <- (x$recommend >= 9) - (x$recommend <= 6)

# Korn-Graubard as svyciprop(method = "beta") computes it (its code, with
# the domain's n as nrow and the design's df): the effective sample size
# p (1 - p) / var, times (qt(alpha/2, n - 1) / qt(alpha/2, df))^2, then
# the Clopper-Pearson bounds.  With p 0 or 1 (no variance: R gives NaN)
# n_eff is the domain's n, as lib/survey.c.
kg <- function(s, var, n, df) {
  m <- svymean(as.formula(paste0("~", var)), s)
  p <- coef(m)[[1]]
  neff <- if (p > 0 && p < 1) p * (1 - p) / vcov(m)[1, 1] else n
  neff <- neff * (qt(0.025, n - 1) / qt(0.025, df))^2
  c(p, if (p == 0) 0 else qbeta(0.025, neff * p, neff * (1 - p) + 1),
    if (p == 1) 1 else qbeta(0.975, neff * p + 1, neff * (1 - p)))
}

# A mean (and interval) of var over the rows in m, under the design of
# rows `rows` of x (the selection, or one period): cluster when asked for
# and the rows span two or more events, else srs.  Under cluster the
# group is a domain: subset() keeps every cluster for the variance, and
# the interval has the design's degrees of freedom, degf(dd).
estimate <- function(var, m, rows = rep(TRUE, nrow(x)), prop = FALSE) {
  keep <- rows & m & !is.na(x[[var]])
  y <- x[[var]][keep]
  n <- length(y)
  if (n == 0) return(list(n = 0, est = NA, lo = NA, hi = NA))
  # One event's answers (a group of --by event): srs, as belong.
  if (design == "cluster" && length(unique(x$event[rows])) >= 2 &&
      length(unique(x$event[keep])) >= 2) {
    dd <- svydesign(ids = ~event, data = x[rows, ])
    s <- subset(dd, keep[rows])
    if (prop) {
      r <- kg(s, var, n, degf(dd))
      return(list(n = n, est = r[1], lo = r[2], hi = r[3]))
    }
    mm <- svymean(as.formula(paste0("~", var)), s)
    ci <- confint(mm, df = degf(dd))
    return(list(n = n, est = coef(mm)[[1]], lo = ci[1], hi = ci[2]))
  }
  if (prop) {
    ci <- prop.test(sum(y), n, correct = FALSE)$conf.int
    return(list(n = n, est = mean(y), lo = ci[1], hi = ci[2]))
  }
  if (n < 2) return(list(n = n, est = mean(y), lo = NA, hi = NA))
  if (grepl("^nps_", var)) {
    p <- mean(y == 1); q <- mean(y == -1)
    half <- qnorm(0.975) * sqrt(max(p + q - (p - q)^2, 0) / n)
    return(list(n = n, est = p - q, lo = max(-1, p - q - half),
                hi = min(1, p - q + half)))
  }
  h <- qt(0.975, n - 1) * sd(y) / sqrt(n)
  list(n = n, est = mean(y), lo = mean(y) - h, hi = mean(y) + h)
}

compare <- function(what, row, e, scale = 1) {
  out(paste(what, "n"), row$n, fmt(e$n, 0))
  out(paste(what, "value"), row$value, fmt(e$est * scale))
  out(paste(what, "lo"), row$lo, fmt(e$lo * scale))
  out(paste(what, "hi"), row$hi, fmt(e$hi * scale))
}

shown <- function(row) row$suppressed == "0"

# The design's line: "cluster: C events as clusters, design effect of the
# index DEFF" (its two numbers given as INTERVAL and INDICATOR).
if (cmd == "design") {
  d <- svydesign(ids = ~event, data = x)
  out("clusters", interval, fmt(length(unique(x$event)), 0))
  s <- d[!is.na(x$belonging), ]
  out("design effect", indicator,
      fmt(deff(svymean(~belonging, s, deff = "replace"))[[1]]))
}

if (cmd == "report") {
  d <- svydesign(ids = ~event, data = x)
  gaps <- b[b$indicator == "gap" & b$suppressed == "0", ]
  p <- numeric(0)
  for (i in seq_len(nrow(b))) {
    row <- b[i, ]
    if (!shown(row) || row$indicator %in% c("response_rate")) next
    g <- row$group
    m <- member(g)
    what <- paste0(g, " ", row$indicator)
    ind <- row$indicator
    if (ind == "respondents") {
      out(paste(what, "n"), row$n, fmt(sum(m), 0))
      out(paste(what, "value"), row$value, fmt(100 * sum(m) / sum(inrole)))
    } else if (ind == "belonging") {
      compare(what, row, estimate("belonging", m))
    } else if (grepl("^agree:", ind)) {
      compare(what, row, estimate(paste0("agree_", sub("agree:", "", ind)), m,
                                  prop = TRUE), 100)
    } else if (grepl("^nps:", ind)) {
      compare(what, row, estimate(paste0("nps_", sub("nps:", "", ind)), m), 100)
    } else if (ind == "gap") {
      y <- x$belonging
      a <- y[m & !is.na(y)]; r <- y[inrole & !m & !is.na(y)]
      pooled <- ((length(a) - 1) * var(a) + (length(r) - 1) * var(r)) /
        (length(a) + length(r) - 2)
      if (design == "cluster") {
        d2 <- svydesign(ids = ~event, data = transform(x, ing = m))
        fit <- svyglm(belonging ~ ing, subset(d2, inrole))
        est <- coef(fit)[["ingTRUE"]]
        ci <- confint(fit, ddf = degf(d2))["ingTRUE", ]
        pv <- 2 * pt(-abs(est / SE(fit)[["ingTRUE"]]), degf(d2))
      } else {
        tt <- t.test(a, r)
        est <- mean(a) - mean(r); ci <- tt$conf.int; pv <- tt$p.value
      }
      p[g] <- pv
      out(paste(what, "n"), row$n, fmt(length(a), 0))
      out(paste(what, "value"), row$value, fmt(est))
      out(paste(what, "lo"), row$lo, fmt(ci[[1]]))
      out(paste(what, "hi"), row$hi, fmt(ci[[2]]))
      out(paste(what, "d"), row$d, fmt((mean(a) - mean(r)) / sqrt(pooled)))
    }
  }
  # The flags: p adjusted (Holm) over the gaps shown, one table.
  if (length(p) > 0) {
    adj <- p.adjust(p, "holm")
    for (g in names(p)) {
      row <- gaps[gaps$group == g, ]
      out(paste(g, "gap p_adj"), row$p_adj, fmt(adj[[g]], 4))
      out(paste(g, "gap flag"), if (row$flag == "") "none" else row$flag,
          if (adj[[g]] < 0.05) "*" else "none")
    }
  }
}

if (cmd == "trend") {
  # The period of each response, as belong's date_trunc.
  day <- as.Date(x$day)
  yr <- as.integer(format(day, "%Y")); mo <- as.integer(format(day, "%m"))
  x$period <- switch(interval,
    month = sprintf("%04d-%02d-01", yr, mo),
    quarter = sprintf("%04d-%02d-01", yr, 3 * ((mo - 1) %/% 3) + 1),
    year = sprintf("%04d-01-01", yr))
  x$years <- as.numeric(as.Date(x$period)) / 365.25
  var <- if (indicator == "belonging") "belonging" else
    if (grepl("^agree:", indicator)) paste0("agree_", sub("agree:", "", indicator)) else
    paste0("nps_", sub("nps:", "", indicator))
  scale <- if (indicator == "belonging") 1 else 100
  x$value <- x[[var]] * scale
  d <- svydesign(ids = ~event, data = x)
  for (i in seq_len(nrow(b))) {
    row <- b[i, ]
    if (!shown(row)) next
    g <- row$group
    m <- member(g)
    what <- paste0(g, " ", row$period)
    if (row$period != "slope") {
      compare(what, row, estimate(var, m, x$period == row$period,
                                  prop = grepl("^agree_", var)), scale)
      next
    }
    periods <- b$period[b$group == g & b$period != "slope" & b$suppressed == "0"]
    keep <- m & x$period %in% periods & !is.na(x$value)
    out(paste(what, "n"), row$n, fmt(sum(m & !is.na(x$value)), 0))
    if (length(unique(x$period[keep])) < 2 || sum(keep) < 3) {
      est <- NA; ci <- c(NA, NA)
    } else if (design == "cluster" && length(unique(x$event[keep])) >= 2) {
      fit <- svyglm(value ~ years, subset(d, keep))
      est <- coef(fit)[["years"]]
      ci <- confint(fit, ddf = degf(d))["years", ]
    } else {
      fit <- lm(value ~ years, data = x[keep, ])
      est <- coef(fit)[["years"]]
      ci <- confint(fit)["years", ]
    }
    out(paste(what, "value"), row$value, fmt(est))
    out(paste(what, "lo"), row$lo, fmt(ci[[1]]))
    out(paste(what, "hi"), row$hi, fmt(ci[[2]]))
  }
}

if (cmd == "reach") {
  # The share of each group: svyciprop(~I(in_group), d, method = "beta").
  for (i in seq_len(nrow(b))) {
    row <- b[i, ]
    if (!shown(row) || row$group == "all") next
    g <- row$group
    x$ing <- as.numeric(member(g))
    if (design == "cluster") {
      dd <- svydesign(ids = ~event, data = x)
      r <- kg(dd, "ing", nrow(x), degf(dd))
    } else {
      r <- c(mean(x$ing), prop.test(sum(x$ing), nrow(x), correct = FALSE)$conf.int)
    }
    out(paste(g, "n"), row$n, fmt(sum(x$ing), 0))
    out(paste(g, "share"), row$share, fmt(r[1], 4))
    out(paste(g, "share_lo"), row$share_lo, fmt(r[2], 4))
    out(paste(g, "share_hi"), row$share_hi, fmt(r[3], 4))
  }
}
