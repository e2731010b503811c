# Writes ten more UCI data sets, none of them in the suite, as CSVs for `edge bench learn --data csv:PATH`,
# in the format of ../shared/data (header f1..fn,label; the label last; rows with missing values dropped; factor
# features as their numeric codes), from two Debian packages:
#   apt-get install r-base-core r-cran-mlbench r-cran-kernlab
#   Rscript scripts/uci_sets.R ../uci && python3 scripts/learning_suite.py --outside ../uci --table uci
library(mlbench); library(kernlab)
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "."
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
w <- function(df, label, name) {
  y <- df[[label]]; X <- df[, setdiff(names(df), label), drop = FALSE]
  X <- as.data.frame(lapply(X, function(c) if (is.factor(c)) as.numeric(as.character(c)) else as.numeric(c)))
  keep <- complete.cases(X); X <- X[keep, , drop = FALSE]; y <- y[keep]
  names(X) <- paste0("f", seq_len(ncol(X)))
  X$label <- as.character(y)
  write.csv(X, file.path(dir, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  cat(name, nrow(X), ncol(X) - 1, length(unique(y)), "\n")
}
data(LetterRecognition); w(LetterRecognition, "lettr", "letter")            # 26 classes: output weights beyond ±8 at H=32
data(Satellite); w(Satellite, "classes", "satellite")
data(Sonar); w(Sonar, "Class", "sonar")
data(Ionosphere); w(Ionosphere, "Class", "ionosphere")                       # a constant feature (V2)
data(BreastCancer); w(BreastCancer[, -1], "Class", "breastcancer")           # the Id column dropped
data(musk); w(musk, "Class", "musk")
data(Zoo); Zoo[] <- lapply(Zoo, function(c) if (is.logical(c)) as.numeric(c) else c); w(Zoo, "type", "zoo")
data(Soybean); w(Soybean, "Class", "soybean")                                # 15 classes left, the smallest of 20 rows
data(HouseVotes84)
HouseVotes84[-1] <- lapply(HouseVotes84[-1], function(c) as.numeric(c == "y")); w(HouseVotes84, "Class", "votes")
data(ticdata)                                                                # 6 % positives; factor features as their level codes
ticdata[-86] <- lapply(ticdata[-86], function(c) if (is.factor(c)) as.numeric(c) else c); w(ticdata, "CARAVAN", "ticdata")
