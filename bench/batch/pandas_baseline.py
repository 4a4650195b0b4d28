#!/usr/bin/python3
"""The pandas way of doing what POST /v1/scores/batch?methodology=gaii-2021&rank=batch does, file to file:
   pandas_baseline.py IN.csv OUT.csv
Read the CSV, weighted sums (sub-pillars -> pillars -> index, as gaii-2021's tree), min-max rescale over
the batch, competition rank (ties at 1e-9 share the best rank, as the service's Ranking does), tier,
and write country,year,score,tier,rank,coverage,<pillars>,error (the service's CSV columns)."""
import sys

import numpy as np
import pandas as pd

PILLARS = {
    "implementation": {"talent": 5, "infrastructure": 3, "operatingEnvironment": 2},
    "innovation": {"research": 5, "development": 3},
    "investment": {"governmentStrategy": 1, "commercial": 5},
}
PILLAR_WEIGHTS = {"implementation": 10, "innovation": 8, "investment": 6}


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    frame = pd.read_csv(source, dtype={"country": str})
    out = pd.DataFrame({"country": frame["country"], "year": frame["year"]})
    pillars = {}
    for pillar, leaves in PILLARS.items():
        pillars[pillar] = sum(frame[leaf] * w for leaf, w in leaves.items()) / sum(leaves.values())
    raw = sum(pillars[p] * w for p, w in PILLAR_WEIGHTS.items()) / sum(PILLAR_WEIGHTS.values())
    score = 100 * (raw - raw.min()) / (raw.max() - raw.min())
    out["score"] = score
    out["tier"] = np.select([score >= 70, score >= 50, score >= 30], ["leader", "advanced", "emerging"], "nascent")
    out["rank"] = score.round(9).rank(method="min", ascending=False).astype(np.int64)
    out["coverage"] = 1
    for pillar, values in pillars.items():
        out[pillar] = values
    out["error"] = ""
    out.to_csv(target, index=False)


if __name__ == "__main__":
    main()
