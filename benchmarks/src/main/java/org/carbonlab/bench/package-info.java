/** JMH benchmarks of carbonlab's own costs and of training steps; built with {@code mvn -Pbenchmarks package}. */
package org.carbonlab.bench;
