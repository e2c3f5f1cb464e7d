/** Small helpers shared by the stages: reading the embedded data tables. */
package org.carbonlab.util;
