package org.carbonlab.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One submission of a run's trials to Slurm, as the manifest records it: who submitted what, with which
 * {@code sbatch} arguments, and the job ids Slurm gave. A resumed run adds a submission.
 *
 * @param submittedUtc when
 * @param host         the host that submitted
 * @param command      the carbonlab command line that submitted
 * @param arrays       one job array per placement
 * @param reportJobId  the dependent job that writes the report when the arrays are done
 */
public record SlurmSubmission(@JsonProperty("submitted_utc") String submittedUtc, String host, String command,
                              List<Array> arrays, @JsonProperty("report_job_id") String reportJobId) {

    /**
     * One job array.
     *
     * @param jobId  the array's job id
     * @param trials the trial ids it runs (the array's task ids are the trials' indices)
     * @param sbatch the {@code sbatch} arguments it was submitted with
     */
    public record Array(@JsonProperty("job_id") String jobId, List<String> trials, List<String> sbatch) {
    }

    /** Every job id of this submission, the arrays' and the report job's. */
    public List<String> jobIds() {
        List<String> ids = new java.util.ArrayList<>(arrays.stream().map(Array::jobId).toList());
        if (reportJobId != null) {
            ids.add(reportJobId);
        }
        return ids;
    }
}
