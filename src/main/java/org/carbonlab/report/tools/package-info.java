/**
 * The reports beside a study's: JMH results, the precision roofline, a metered command's or a training's
 * measurement, the sensors, the same study on two machines ({@code compare}) and the CO2e ledger; they draw with
 * {@code report.study}'s charts and page.
 */
package org.carbonlab.report.tools;
