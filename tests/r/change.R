# belong change against R on the program fixture (tests/integration/
# change_fixture.sh; change.sh runs this).
#
#   Rscript change.R PLAN_CSV BELONG_CSV KIND INDICATOR DESIGN MAX_DIFF
#
# PLAN_CSV: the fixture's plan, one row per response with the answers it
# was given (prepost: plan.csv) or one row per retrospective response
# (retro: retro.csv) -- what was sent, not what belong stored or matched:
# the pairs are the plan's (m0, m1: a pair at --max-diff 0, at 1 or more),
# the values are computed here from the answers.  BELONG_CSV: what
# `belong change --format csv` printed; KIND prepost or retro.  Prints one
# line per figure, tab-separated: what it is, belong's value, R's value at
# belong's precision ("NA" for none); suppressed rows are belong's
# decision (change.sh checks them), not compared.
#
# The references:
#   matched    t.test(post, pre, paired = TRUE); t.test(pre), t.test(post)
#              for the means; d_z = mean(d) / sd(d), d_av = mean(d) /
#              ((sd(pre) + sd(post)) / 2); agree: prop.test(correct =
#              FALSE) (Wilson) for each wave, Newcombe's (1998) method 10
#              for paired proportions by hand, McNemar's exact p as
#              binom.test(b, b + c); nps: the Wald interval of each wave,
#              the paired t on the scores
#   unmatched  t.test(post, pre) (Welch); agree: Newcombe's hybrid score
#              interval by hand, prop.test(correct = FALSE)$p.value
#   cluster    svydesign(ids = ~post_event) over the pairs: svymean and
#              confint(df = degf(d)) of pre, post and d = post - pre for
#              the group's subset, p = 2 pt(-|est / se|, degf(d)), agree
#              rates by svyciprop(method = "beta") (Korn-Graubard, as
#              tests/r/design.R); unmatched: svydesign(ids = ~event) over
#              every response, svyglm(y ~ post) for the change.  A group
#              whose pairs are in one cluster gets the srs figures, as
#              belong gives them.
suppressMessages(library(survey))
options(warn = -1)	# "No weights or probabilities supplied": equal weights

args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1], stringsAsFactors = FALSE)
b <- read.csv(args[2], colClasses = "character", na.strings = character(0))
kind <- args[3]
indicator <- args[4]
design <- args[5]
maxdiff <- as.integer(args[6])

fmt <- function(v, d = 2) {
  if (is.null(v) || length(v) == 0 || is.na(v)) return("NA")
  s <- sprintf("%.*f", d, v)
  if (grepl("^-0\\.?0*$", s)) s <- sub("^-", "", s)
  s
}
got <- function(v) if (v == "") "NA" else v
out <- function(what, have, want) cat(sprintf("%s\t%s\t%s\n", what, got(have), want))

index <- function(a, b, c, d) ((a + b + c + d) / 4 - 1) / 4 * 100
value <- function(bel, agree, rec, idx) {
  if (indicator == "belonging") return(idx)
  if (grepl("^agree:", indicator)) return(as.numeric(bel >= 4))
  ifelse(rec >= 9, 100, ifelse(rec <= 6, -100, 0))
}
agree <- grepl("^agree:", indicator)
nps <- grepl("^nps:", indicator)
scale <- if (agree) 100 else 1

# The pairs: pre, post, group (the post response's), post event.
if (kind == "prepost") {
  x$y <- value(x$b, NA, x$rec, index(x$b, x$w, x$v, x$f))
  m <- if (maxdiff == 0) x$m0 == 1 else x$m1 == 1
  pre <- x[m & x$wave == "pre", ]
  post <- x[m & x$wave == "post", ]
  pairs <- merge(pre, post, by = "person", suffixes = c(".pre", ".post"))
  pairs <- data.frame(pre = pairs$y.pre, post = pairs$y.post,
                      grp = pairs$gender.post, cl = pairs$event.post)
} else {
  before <- value(x$bb, NA, NA, index(x$bb, x$wb, x$vb, x$fb))
  now <- value(x$bn, NA, NA, index(x$bn, x$wn, x$vn, x$fn))
  pairs <- data.frame(pre = before, post = now, grp = x$gender, cl = "one")
}
pairs$d <- pairs$post - pairs$pre

wave_srs <- function(y) {
  n <- length(y)
  if (agree) {
    ci <- prop.test(sum(y), n, correct = FALSE)$conf.int
    return(100 * c(mean(y), ci[1], ci[2]))
  }
  if (nps) {
    p <- mean(y == 100); q <- mean(y == -100)
    half <- qnorm(0.975) * sqrt(max(p + q - (p - q)^2, 0) / n)
    return(100 * c(p - q, max(-1, p - q - half), min(1, p - q + half)))
  }
  t <- t.test(y)
  c(mean(y), t$conf.int[1], t$conf.int[2])
}

# Korn-Graubard as svyciprop(method = "beta") computes it (design.R).
kg <- function(s, var, n, df) {
  mm <- svymean(as.formula(paste0("~", var)), s)
  p <- coef(mm)[[1]]
  neff <- if (p > 0 && p < 1) p * (1 - p) / vcov(mm)[1, 1] else n
  neff <- neff * (qt(0.025, n - 1) / qt(0.025, df))^2
  c(p, if (p == 0) 0 else qbeta(0.025, neff * p, neff * (1 - p) + 1),
    if (p == 1) 1 else qbeta(0.975, neff * p + 1, neff * (1 - p)))
}

wave_cluster <- function(dd, s, var, n) {
  if (agree) return(100 * kg(s, var, n, degf(dd)))
  mm <- svymean(as.formula(paste0("~", var)), s)
  ci <- confint(mm, df = degf(dd))
  c(coef(mm)[[1]], ci[1], ci[2])
}

wilson <- function(k, n, z) {
  p <- k / n
  cen <- 2 * n * p + z^2; r <- z * sqrt(z^2 + 4 * n * p * (1 - p))
  c((cen - r) / (2 * (n + z^2)), (cen + r) / (2 * (n + z^2)))
}
newcombe10 <- function(a, b, c, d) {
  z <- qnorm(0.975); n <- a + b + c + d
  p1 <- (a + b) / n; p2 <- (a + c) / n
  w1 <- wilson(a + b, n, z); w2 <- wilson(a + c, n, z)
  A <- (a + b) * (c + d) * (a + c) * (b + d); B <- a * d - b * c
  C <- if (B > n / 2) B - n / 2 else if (B >= 0) 0 else B
  phi <- if (A == 0) 0 else C / sqrt(A)
  th <- p2 - p1
  c(th,
    max(-1, th - sqrt(max(0, (p2 - w2[1])^2 - 2 * phi * (p2 - w2[1]) * (w1[2] - p1)
                      + (w1[2] - p1)^2))),
    min(1, th + sqrt(max(0, (w2[2] - p2)^2 - 2 * phi * (w2[2] - p2) * (p1 - w1[1])
                     + (p1 - w1[1])^2))))
}
newcombe_indep <- function(k1, n1, k2, n2) {
  z <- qnorm(0.975); p1 <- k1 / n1; p2 <- k2 / n2
  w1 <- wilson(k1, n1, z); w2 <- wilson(k2, n2, z); th <- p2 - p1
  c(th, th - sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2),
    th + sqrt((w2[2] - p2)^2 + (p1 - w1[1])^2))
}

compare <- function(what, row, f) {
  for (col in names(f)) {
    d <- if (col %in% c("p", "mcnemar_p")) 4 else if (grepl("^n", col)) 0 else 2
    out(paste(what, col), row[[col]], fmt(f[[col]], d))
  }
}

matched <- function(g) {
  s <- if (g == "all") pairs else pairs[pairs$grp == g, ]
  n <- nrow(s)
  f <- list(n = n, n_pre = n, n_post = n)
  pr <- wave_srs(s$pre); po <- wave_srs(s$post)
  if (agree) {
    a <- sum(s$pre == 1 & s$post == 1); bb <- sum(s$pre == 1 & s$post == 0)
    cc <- sum(s$pre == 0 & s$post == 1); dd <- n - a - bb - cc
    ch <- 100 * newcombe10(a, bb, cc, dd)
    p <- if (bb + cc == 0) 1 else binom.test(bb, bb + cc, 0.5)$p.value
    f$mcnemar_p <- p
  } else {
    t <- t.test(s$post, s$pre, paired = TRUE)
    ch <- c(mean(s$d), t$conf.int[1], t$conf.int[2])
    p <- t$p.value
    f$dz <- mean(s$d) / sd(s$d)
    f$dav <- mean(s$d) / ((sd(s$pre) + sd(s$post)) / 2)
  }
  if (design == "cluster" && length(unique(pairs$cl)) >= 2 &&
      length(unique(s$cl)) >= 2) {
    dd <- svydesign(ids = ~cl, data = pairs)
    sub <- subset(dd, if (g == "all") rep(TRUE, nrow(pairs)) else pairs$grp == g)
    pr <- wave_cluster(dd, sub, "pre", n)
    po <- wave_cluster(dd, sub, "post", n)
    mm <- svymean(~d, sub)
    se <- SE(mm)[[1]]
    est <- coef(mm)[[1]]
    h <- qt(0.975, degf(dd)) * se
    ch <- scale * c(est, est - h, est + h)
    p <- if (se > 1e-9) 2 * pt(-abs(est / se), degf(dd)) else NA
    f$mcnemar_p <- NULL
  }
  f$pre <- pr[1]; f$pre_lo <- pr[2]; f$pre_hi <- pr[3]
  f$post <- po[1]; f$post_lo <- po[2]; f$post_hi <- po[3]
  f$change <- ch[1]; f$lo <- ch[2]; f$hi <- ch[3]; f$p <- p
  f
}

unmatched <- function(g) {
  r <- if (g == "all") x else x[x$gender == g, ]
  a <- r$y[r$wave == "pre"]; bb <- r$y[r$wave == "post"]
  f <- list(n_pre = length(a), n_post = length(bb))
  pr <- wave_srs(a); po <- wave_srs(bb)
  if (agree) {
    ch <- 100 * newcombe_indep(sum(a), length(a), sum(bb), length(bb))
    p <- prop.test(c(sum(bb), sum(a)), c(length(bb), length(a)), correct = FALSE)$p.value
  } else {
    t <- t.test(bb, a)
    ch <- c(mean(bb) - mean(a), t$conf.int[1], t$conf.int[2])
    p <- t$p.value
  }
  if (design == "cluster") {
    x$post <- x$wave == "post"
    d2 <- svydesign(ids = ~event, data = x)
    keep <- if (g == "all") rep(TRUE, nrow(x)) else x$gender == g
    sub <- subset(d2, keep)
    # A wave whose answers all come from one event: srs, as belong.
    if (length(unique(x$event[keep & x$wave == "pre"])) >= 2)
      pr <- wave_cluster(d2, subset(d2, keep & x$wave == "pre"), "y", length(a))
    if (length(unique(x$event[keep & x$wave == "post"])) >= 2)
      po <- wave_cluster(d2, subset(d2, keep & x$wave == "post"), "y", length(bb))
    fit <- svyglm(y ~ post, sub)
    est <- coef(fit)[["postTRUE"]]
    se <- SE(fit)[["postTRUE"]]
    ci <- confint(fit, ddf = degf(d2))["postTRUE", ]
    ch <- scale * c(est, ci[1], ci[2])
    # No spread between the clusters (each wave in one event): no p.
    p <- if (se > 1e-9) 2 * pt(-abs(est / se), degf(d2)) else NA
  }
  f$pre <- pr[1]; f$pre_lo <- pr[2]; f$pre_hi <- pr[3]
  f$post <- po[1]; f$post_lo <- po[2]; f$post_hi <- po[3]
  f$change <- ch[1]; f$lo <- ch[2]; f$hi <- ch[3]; f$p <- p
  f
}

for (i in seq_len(nrow(b))) {
  row <- b[i, ]
  if (row$suppressed == "1") next
  what <- paste(row$comparison, row$group)
  if (row$comparison == "unmatched") compare(what, row, unmatched(row$group))
  else compare(what, row, matched(row$group))
}
