# Writes eight synthetic classification problems from mlbench's generators, none of them in the suite, as CSVs for
# `edge bench learn --data csv:PATH`, in the format of ../shared/data (header f1..fn,label; the label last):
# shapes no table of real data has (spirals, a circle, xor in two dimensions) and Breiman's noisy Gaussian
# problems (ringnorm, twonorm, threenorm, waveform), whose best accuracy is well below 100 %.
#   apt-get install r-base-core r-cran-mlbench
#   Rscript scripts/synthetic_sets.R ../synth && python3 scripts/learning_suite.py --outside ../synth --table synthetic
library(mlbench)
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "."
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
set.seed(1)   # the same rows on every machine with the same R
w <- function(p, name) {
  X <- as.data.frame(p$x); names(X) <- paste0("f", seq_len(ncol(X)))
  X$label <- as.character(p$classes)
  write.csv(X, file.path(dir, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  cat(name, nrow(X), ncol(X) - 1, length(unique(p$classes)), "\n")
}
w(mlbench.spirals(1000, cycles = 1, sd = 0.05), "spirals")
w(mlbench.circle(1000, d = 2), "circle")
w(mlbench.xor(1000, d = 2), "xor")
w(mlbench.2dnormals(1000, cl = 6), "normals6")      # six overlapping Gaussians in the plane
w(mlbench.ringnorm(1000, d = 20), "ringnorm")
w(mlbench.twonorm(1000, d = 20), "twonorm")
w(mlbench.threenorm(1000, d = 20), "threenorm")
w(mlbench.waveform(1000), "waveform")
