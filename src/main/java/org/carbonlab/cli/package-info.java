/** The {@code carbonlab} command line (picocli). Parses arguments and wires the stages together; no logic of its own. */
package org.carbonlab.cli;
