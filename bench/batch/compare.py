#!/usr/bin/python3
"""Checks that answers to the same batch agree: compare.py REFERENCE.csv OTHER.csv...
Same rows in the same order, same countries, years and tiers, scores and pillars within 1e-9, same ranks.
Prints one line per file; exits 1 when any differs."""
import sys

import numpy as np
import pandas as pd

NUMBERS = ["score", "coverage", "implementation", "innovation", "investment"]


def main() -> int:
    reference = pd.read_csv(sys.argv[1], dtype={"country": str}, keep_default_na=False, na_values=[""])
    failed = False
    for path in sys.argv[2:]:
        other = pd.read_csv(path, dtype={"country": str}, keep_default_na=False, na_values=[""])
        problems = []
        if len(other) != len(reference):
            problems.append(f"{len(other)} rows, expected {len(reference)}")
        else:
            for column in ["country", "year", "tier"]:
                if not (other[column].astype(str).values == reference[column].astype(str).values).all():
                    problems.append(f"{column} differs")
            worst = max(float(np.nanmax(np.abs(other[c].values - reference[c].values))) for c in NUMBERS)
            if not worst <= 1e-9:
                problems.append(f"numbers differ by up to {worst:g}")
            ranks = int((other["rank"].values != reference["rank"].values).sum())
            if ranks:
                problems.append(f"{ranks} ranks differ")
            if other["error"].notna().any():
                problems.append(f"{int(other['error'].notna().sum())} rows have errors")
        print(f"  {path}: {'agrees' if not problems else '; '.join(problems)}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
