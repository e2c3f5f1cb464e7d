/**
 * Carbon accounting: energy becomes CO2e as energy x PUE x grid carbon intensity. Intensities come from an
 * embedded, versioned table ({@link org.carbonlab.carbon.IntensityTable}), an hourly series
 * ({@link org.carbonlab.carbon.IntensitySeries}) or the Electricity Maps API
 * ({@link org.carbonlab.carbon.ElectricityMapsClient}); every figure keeps its source. Depends on {@code power}'s
 * value types and on {@code hardware}.
 */
package org.carbonlab.carbon;
