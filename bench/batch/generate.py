#!/usr/bin/python3
"""Writes a synthetic batch for gaii-2021 (the seven Tortoise 2021 sub-pillars on 0-100, two decimals):
   generate.py ROWS OUT.csv [SEED]
Countries are drawn from real ISO codes, so every row scores; the numbers are random, not anyone's data."""
import sys

import numpy as np
import pandas as pd

CODES = ("USA CHN GBR CAN ISR SGP KOR NLD DEU FRA JPN FIN SWE CHE AUS IRL DNK LUX NOR ESP AUT BEL ITA NZL "
         "ISL IND EST RUS POL SVN PRT CZE MLT ARE HUN LTU QAT SAU TWN BRA LVA MEX MYS SVK CHL IDN GRC TUR "
         "COL URY VNM ARG EGY ZAF NGA KEN PAK BGD PHL").split()
LEAVES = ["talent", "infrastructure", "operatingEnvironment", "research", "development", "governmentStrategy", "commercial"]


def main() -> None:
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 2021)
    frame = pd.DataFrame({"country": rng.choice(CODES, rows), "year": rng.integers(2015, 2025, rows)})
    for leaf in LEAVES:
        frame[leaf] = np.round(rng.uniform(0, 100, rows), 2)
    frame.to_csv(out, index=False, float_format="%.2f")


if __name__ == "__main__":
    main()
