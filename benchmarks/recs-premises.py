#!/usr/bin/env python3
"""Issue 18, part 2: the 5,686 RECS 2015 homes as an analyst's files for `cohorts evaluate`.

Writes PREMISES (premise_id, region and the home's attributes, no billing fields: no account,
meter, tariff or time zone) and USAGE (each home's 2015 kWh over the year). Region is the
Building America climate region. Extra columns are attributes a utility or a survey knows of a
home — its location's heating and cooling degree days, the census division, urbanicity, tenure,
household income (the band's midpoint in thousands), the kind of air conditioning, whether it uses natural gas. Consumption and
bill columns (KWH, DOLLAREL, BTUNG, DOLLARNG, TOTALDOL) and the survey weight are left out: they
are what is predicted, or say it.

Usage: benchmarks/recs-premises.py RECS_CSV PREMISES_OUT USAGE_OUT
"""
import csv
import sys

FUEL = {
    "Electricity": "electricity", "Natural gas from underground pipes": "natural_gas", "Propane (bottled gas)": "propane",
    "Fuel oil/kerosene": "fuel_oil", "Wood (cordwood or pellets)": "wood", "Do not use space heating": "none",
}
HOME = {
    "Single-family detached": "single_family_detached", "Single-family attached": "single_family_attached",
    "Apartment: 2-4 Units": "apartment_2_4_units", "Apartment: 5 or more units": "apartment_5plus_units", "Mobile home": "mobile_home",
}


def income(band):
    """A household income band as its midpoint in thousands of dollars (the top band at 160): an ordered number, as an analyst would code it."""
    if band.startswith("Less than"):
        return "10"
    if band.endswith("or more"):
        return "160"
    low, high = [int(x.strip().replace("$", "").replace(",", "")) for x in band.replace(" to ", " - ").split(" - ")]
    return str(round((low + high + 1) / 2000))


def year(made):
    return "1940" if made == "Before 1950" else "2012" if made == "2010-2015" else str(int(made[:4]) + 5)


def main(source, premises_out, usage_out):
    with open(source, newline="", encoding="utf-8") as f, open(premises_out, "w", newline="", encoding="utf-8") as p, \
            open(usage_out, "w", newline="", encoding="utf-8") as u:
        premises = csv.writer(p, lineterminator="\n")
        usage = csv.writer(u, lineterminator="\n")
        premises.writerow(["premise_id", "region", "floor_area_sqft", "occupants", "heating_fuel", "home_type", "year_built", "has_ac",
                           "hdd65", "cdd65", "division", "iecc_zone", "urbanicity", "renter", "income_k", "aircon", "use_ng"])
        usage.writerow(["premise_id", "period_start", "period_end", "quantity", "unit"])
        for row in csv.DictReader(f):
            home = "R" + row["DOEID"]
            premises.writerow([home, row["ClimateRegion_BA"].replace("/", "-").replace(" ", "-"), int(float(row["TOTSQFT_EN"])), row["NHSLDMEM"],
                               FUEL.get(row["FUELHEAT_label"], "other"), HOME.get(row["HousingUnitType"], "mobile_home"), year(row["YearMade"]),
                               row["have_ac"].lower(), row["HDD65"], row["CDD65"], row["Division"], row["ClimateRegion_IECC"], row["Urbanicity"],
                               row["renter"].lower(), income(row["income"]), row["aircon"], row["use_ng"].lower()])
            usage.writerow([home, "2015-01-01", "2016-01-01", row["KWH"], "kWh"])


if __name__ == "__main__":
    main(*sys.argv[1:4])
