/**
 * Statistics of a study (Commons Math): {@link org.carbonlab.stats.Summary} (mean, SD, Student-t 95 % interval),
 * {@link org.carbonlab.stats.Comparison} (a variant against the baseline: the paired interval of per-block log ratios
 * or differences that decides, Fieller's unpaired interval beside it), {@link org.carbonlab.stats.StoppingRule} (the
 * two-stage rule of adaptive studies), {@link org.carbonlab.stats.Certificate} (a design's coverage by simulation),
 * {@link org.carbonlab.stats.Outliers} and {@link org.carbonlab.stats.VarianceBudget}. Depends on nothing else of
 * carbonlab's; {@code docs/statistics.md} gives the methods and what simulation showed.
 */
package org.carbonlab.stats;
