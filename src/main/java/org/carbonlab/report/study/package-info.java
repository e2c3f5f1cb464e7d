/**
 * Renders results for people and for machines from one model each: a study's run is read through
 * {@code results} into one {@link org.carbonlab.report.study.StudyTable}, which the Markdown, CSV, JSON, CodeCarbon
 * CSV,
 * chart and HTML renderers only format (numbers through {@code util.Numbers}); measurements, trainings, JMH runs,
 * rooflines, comparisons of runs and the ledger likewise.
 */
package org.carbonlab.report.study;
