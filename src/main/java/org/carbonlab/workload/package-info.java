/**
 * The reference workloads: Fashion-MNIST ({@link org.carbonlab.workload.FashionMnist}), the reference models
 * ({@link org.carbonlab.workload.Models}), the engine-neutral {@link org.carbonlab.workload.EpochLoop} and each
 * engine's session in it (DJL's {@link org.carbonlab.workload.Training}, ND4J's
 * {@link org.carbonlab.workload.Nd4jTraining}), with energy marks on the meter.
 */
package org.carbonlab.workload;
