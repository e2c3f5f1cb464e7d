/**
 * A run's files as typed values, the contract between the stage that writes them and every stage that reads
 * them: {@link org.carbonlab.results.RunManifest} ({@code manifest.json}), {@link org.carbonlab.results.TrialRecord}
 * and {@link org.carbonlab.results.TrialOutcome} (one line of {@code trials.jsonl} each), read and appended by
 * {@link org.carbonlab.results.RunFiles} with the one JSON setting ({@link org.carbonlab.results.Json}). Older runs
 * read with the members added since them absent or filled with the value they used; {@code experiment} writes,
 * {@code report} reads, neither knows the other.
 */
package org.carbonlab.results;
