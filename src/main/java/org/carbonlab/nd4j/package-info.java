/**
 * ND4J, the lab's second engine, kept out of the launcher's way: {@link org.carbonlab.nd4j.Nd4jRuntime} picks the
 * native build this CPU can run before ND4J loads, and gives child JVMs the class path of ND4J's jars, which
 * {@code target/carbonlab.jar} does not hold.
 */
package org.carbonlab.nd4j;
