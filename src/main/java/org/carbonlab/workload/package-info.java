/**
 * The reference workloads: Fashion-MNIST ({@link org.carbonlab.workload.FashionMnist}), the reference models
 * ({@link org.carbonlab.workload.Models}) and their training through DJL with energy marks on the meter.
 */
package org.carbonlab.workload;
