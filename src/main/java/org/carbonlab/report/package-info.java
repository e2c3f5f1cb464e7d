/** Renders measurements for people (aligned text tables) and for machines (JSON), from one model. */
package org.carbonlab.report;
