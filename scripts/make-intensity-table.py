#!/usr/bin/env python3
"""Regenerates src/main/resources/org/carbonlab/carbon/carbon-intensity.csv, carbonlab's embedded table of
grid carbon intensity, from the public tables copied into ../shared/reference-data/ (see its README for commits
and licences). Figures carry over unchanged; cloud regions are mapped to the grid they draw from.

Usage: scripts/make-intensity-table.py [REFERENCE_DATA_DIR]
"""
import csv
import json
import re
import sys
from pathlib import Path

VERSION = "carbonlab-intensity-v1 (2026-11-27)"
ref = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference-data")
out = Path("src/main/resources/org/carbonlab/carbon/carbon-intensity.csv")
rows = []


def row(code, alias, kind, name, g, year, grid, source, licence):
    rows.append([code, alias, kind, name, f"{float(g):.4f}".rstrip("0").rstrip("."), str(year), "average",
                 "location-based", grid, source, licence])


# World default: Green Algorithms' WORLD row (IEA Global Energy & CO2 Status Report 2019)
with open(ref / "green-algorithms/CI_aggregated.csv", newline="") as f:
    lines = list(csv.reader(f))[1:]
header, data = lines[0], lines[1:]
ga = {r[0]: dict(zip(header, r)) for r in data}
w = ga["WORLD"]
row("WORLD", "", "world", "World", w["carbonIntensity"], 2019, "", w["source"] + " (" + w["comments"] + ")",
    "CC BY 4.0 (Green Algorithms)")

# Countries: Our World in Data / Ember yearly averages, as carbontracker ships them
with open(ref / "carbontracker/carbon-intensities.csv", newline="") as f:
    for r in csv.DictReader(f):
        a2 = r["alpha-2"].strip()
        if not a2 or a2 == "nan":
            continue
        row(a2, r["Code"].strip(), "country", r["Entity"], r["Carbon intensity of electricity (gCO2/kWh)"],
            r["Year"], "", "Our World in Data / Ember yearly electricity carbon intensity (via carbontracker)",
            "CC BY 4.0 (OWID/Ember)")

# Countries and regions missing from OWID/Ember (e.g. South Korea, Taiwan): Green Algorithms' figure
have = {r[0] for r in rows}
for code, r in ga.items():
    if len(code) == 2 and code not in have and r["Type"] in ("Country", "Region"):
        m = re.search(r"data from (\d{4})", r["source"] + " " + r["comments"])
        row(code, "", "country", r["countryName"] if r["regionName"] == "Any" else r["regionName"],
            r["carbonIntensity"], m.group(1) if m else "", "", r["source"], "CC BY 4.0 (Green Algorithms)")

# US states and Canadian provinces: Green Algorithms (from carbonfootprint.com, March 2022)
for code, r in ga.items():
    if code.startswith("US-") or code.startswith("CA-"):
        year = 2020 if code.startswith("US-") else 2019
        row(code, "", "subnational", r["regionName"] + ", " + r["countryName"], r["carbonIntensity"], year, "",
            r["source"], "CC BY 4.0 (Green Algorithms)")

# Nordic bidding zones: CodeCarbon's static factors from ENTSO-E averages
nordic = json.loads((ref / "codecarbon/nordic_emissions.json").read_text())
for code, r in nordic["data"].items():
    if code == "FI":
        continue  # Finland is a country row already
    row(code, "", "subnational", r["description"], r["emission_factor"], r["year"], "",
        "CodeCarbon nordic_emissions.json: " + nordic["metadata"]["source"], "MIT (CodeCarbon)")

grids = {r[0]: r for r in rows}

# Cloud regions -> the grid they draw from (region locations as the providers publish them)
CLOUD = {
    "aws": {"us-east-1": "US-VA", "us-east-2": "US-OH", "us-west-1": "US-CA", "us-west-2": "US-OR",
            "us-gov-east-1": "US-OH", "us-gov-west-1": "US-OR", "ca-central-1": "CA-QC", "af-south-1": "ZA",
            "ap-east-1": "HK", "ap-south-1": "IN", "ap-northeast-1": "JP", "ap-northeast-2": "KR",
            "ap-northeast-3": "JP", "ap-southeast-1": "SG", "ap-southeast-2": "AU", "cn-north-1": "CN",
            "cn-northwest-1": "CN", "eu-central-1": "DE", "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR",
            "eu-south-1": "IT", "eu-north-1": "SE3", "me-south-1": "BH", "sa-east-1": "BR"},
    "gcp": {"us-central1": "US-IA", "us-east1": "US-SC", "us-east4": "US-VA", "us-west1": "US-OR",
            "us-west2": "US-CA", "us-west3": "US-UT", "us-west4": "US-NV", "asia-east1": "TW", "asia-east2": "HK",
            "asia-northeast1": "JP", "asia-northeast2": "JP", "asia-northeast3": "KR", "asia-south1": "IN",
            "asia-southeast1": "SG", "asia-southeast2": "ID", "australia-southeast1": "AU", "europe-north1": "FI",
            "europe-west1": "BE", "europe-west2": "GB", "europe-west3": "DE", "europe-west4": "NL",
            "europe-west6": "CH", "northamerica-northeast1": "CA-QC", "southamerica-east1": "BR"},
    "azure": {"centralus": "US-IA", "eastus": "US-VA", "eastus2": "US-VA", "eastus3": "US-GA",
              "northcentralus": "US-IL", "southcentralus": "US-TX", "westcentralus": "US-WY", "westus": "US-CA",
              "westus2": "US-WA", "westus3": "US-AZ", "eastasia": "HK", "southeastasia": "SG",
              "northeurope": "IE", "westeurope": "NL", "centralindia": "IN", "southindia": "IN", "westindia": "IN",
              "uksouth": "GB", "ukwest": "GB", "francecentral": "FR", "finlandcentral": "FI",
              "germanywestcentral": "DE", "belgiumcentral": "BE", "swedencentral": "SE2"},
}
for provider, regions in CLOUD.items():
    for region, grid in regions.items():
        g = grids[grid]
        row(provider + ":" + region, "", "cloud", provider + " " + region + " (grid " + grid + ")", g[4], g[5], grid,
            g[9], g[10])

out.parent.mkdir(parents=True, exist_ok=True)
with open(out, "w", newline="") as f:
    f.write("# " + VERSION + "\n")
    f.write("# Grid carbon intensity in gCO2e/kWh: yearly averages, location-based. Built by "
            "scripts/make-intensity-table.py from tables published by carbontracker, Green Algorithms and CodeCarbon "
            "(see each row's source and licence). Cloud regions carry the figure of the grid they are mapped to.\n")
    wr = csv.writer(f, lineterminator="\n")
    wr.writerow(["code", "alias", "kind", "name", "g_per_kwh", "year", "intensity_type", "basis", "grid", "source",
                 "licence"])
    wr.writerows(rows)
print(f"wrote {len(rows)} rows to {out}")

# Past years for what-ifs: OWID/EEA yearly intensity of 30 European countries, 2000-2020 (via CodeCarbon)
a3_to_a2 = {r[1]: r[0] for r in rows if r[2] == "country" and r[1]}
hist_out = out.with_name("carbon-intensity-history.csv")
n = 0
with open(ref / "codecarbon/eu-carbon-intensity-electricity.csv", newline="") as f, \
        open(hist_out, "w", newline="") as h:
    h.write("# " + VERSION + ": past yearly averages, gCO2e/kWh, location-based\n")
    wr = csv.writer(h, lineterminator="\n")
    wr.writerow(["code", "year", "g_per_kwh", "source", "licence"])
    for r in csv.DictReader(f):
        a2 = a3_to_a2.get(r["Code"])
        if a2:
            wr.writerow([a2, r["Year"], r["Carbon intensity of electricity (gCO2/kWh)"],
                         "Our World in Data / EEA yearly electricity carbon intensity (via CodeCarbon)",
                         "CC BY 4.0 (OWID)"])
            n += 1
print(f"wrote {n} rows to {hist_out}")
