/**
 * A bundle of runs that standard tools validate and anyone can re-derive ({@code carbonlab publish}, {@code verify}):
 * checksums, Table Schemas, an RO-Crate and a citation, every run's summaries re-derived from its raw files by
 * {@code report.study}.
 */
package org.carbonlab.report.bundle;
