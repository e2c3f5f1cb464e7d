/**
 * Statistics of a study (Commons Math): {@link org.carbonlab.stats.Summary} (mean, SD, Student-t 95 % interval)
 * and {@link org.carbonlab.stats.Comparison} (ratio of means with Fieller's interval, Welch's test, repetitions for
 * a 5 % difference). Depends on nothing else of carbonlab's.
 */
package org.carbonlab.stats;
