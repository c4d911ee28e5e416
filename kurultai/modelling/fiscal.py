"""A small Kazakhstan tax-benefit microsimulation, vectorised with numpy.

Every parameter is dated and cited (``PARAMETERS``; sources in shared/data/law-tax-2026.md,
all secondary, as that file says). A reform is a set of parameter overrides. Households are
synthetic: per region, a number proportional to the registry's population, each with a
size, a number of earners and children, and monthly wages drawn from a lognormal
distribution fitted to the national median and mean wage and scaled by the region's wage
level where it is known. Every distribution assumption is a named constant here and is
listed on the page.

What is modelled, per month, in KZT:
- employee: pension contribution OPV 10% (cap 50 MZP), health insurance VOSMS 2% (cap 20 MZP),
  income tax IPN 10%, 15% on the part of annual taxable income above 8,500 MRP, after the
  basic deduction of 30 MRP/month and the OPV and VOSMS paid;
- employer: social tax 6% (base at least 14 MRP), social contributions SO 5% (base 1 to 7 MZP),
  OOSMS 3% (cap 40 MZP), OPVR 3.5% (cap 50 MZP; employees born in 1975 or later: a share);
- benefits: the large-family benefit (4 or more children), and targeted social assistance
  (ASP) topping per-capita income up to a poverty line (assumed 70% of the subsistence
  minimum, the floor the rule sets, as regional medians are not in the data).

A reform may also carry named formula changes (``FORMULAS``), the same ones the OpenFisca
country package defines (``kurultai.modelling.openfisca_kz``). That package is the model the
CLI, the pages and the API run; this numpy core is kept as a fast cross-check and baseline:
the tests require both to give identical results on the same households.

Pure: no Django; numpy only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SOURCE_FILE = "shared/data/law-tax-2026.md"


@dataclass(frozen=True, slots=True)
class Parameter:
    value: float
    valid_from: date
    source: str  # row of the sourced table, and what it says
    assumption: bool = False  # a value not found in the sources, chosen by us


def _p(value: float, row: str, *, assumption: bool = False, valid_from: date = date(2026, 1, 1)) -> Parameter:
    return Parameter(value=value, valid_from=valid_from, source=f"{SOURCE_FILE} row {row}", assumption=assumption)


PARAMETERS: Mapping[str, Parameter] = {
    "mrp": _p(4325, "2b (Law on the republican budget 2026-2028)"),
    "mzp": _p(85_000, "2c"),
    "subsistence_minimum": _p(50_851, "2d"),
    "ipn.rate": _p(0.10, "1a (Tax Code of 18 July 2025 No. 214-VIII, art. 363 as cited)"),
    "ipn.rate_high": _p(0.15, "1a"),
    "ipn.threshold_mrp_year": _p(8500, "1a-1b"),
    "ipn.basic_deduction_mrp": _p(30, "1g (art. 403, 437 as cited)"),
    "opv.rate": _p(0.10, "3a"),
    "opv.cap_mzp": _p(50, "3a"),
    "vosms.rate": _p(0.02, "3f (OSMS Law art. 28 p. 5-2 as cited)"),
    "vosms.cap_mzp": _p(20, "3f"),
    "social_tax.rate": _p(0.06, "3c"),
    "social_tax.min_base_mrp": _p(14, "3c"),
    "so.rate": _p(0.05, "3d"),
    "so.cap_mzp": _p(7, "3d"),
    "oosms.rate": _p(0.03, "3e (OSMS Law art. 27 p. 2-2 as cited)"),
    "oosms.cap_mzp": _p(40, "3e"),
    "opvr.rate": _p(0.035, "3b"),
    "opvr.cap_mzp": _p(50, "3b"),
    "opvr.share_born_1975_or_later": _p(0.75, "3b (share of employees: our assumption)", assumption=True),
    "large_family.mrp_4": _p(16.03, "5d"),
    "large_family.mrp_5": _p(20.04, "5d"),
    "large_family.mrp_6": _p(24.05, "5d"),
    "large_family.mrp_7": _p(28.06, "5d"),
    "large_family.mrp_per_child_8": _p(4, "5d"),
    "asp.poverty_line_share": _p(
        0.70, "5e (floor of 70% of the subsistence minimum; regional medians: not in the data)", assumption=True
    ),
}

# Distribution assumptions for the synthetic population (shown on the page).
MEDIAN_WAGE = 317_512  # law-tax-2026.md row 6b (BNS wage survey 2025)
MEAN_WAGE = 410_965  # row 6b
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6, 7)
HOUSEHOLD_SIZE_SHARES = (0.17, 0.18, 0.19, 0.20, 0.14, 0.08, 0.04)  # mean ~3.4 (row 6f); shape assumed
EMPLOYMENT_RATE = 0.62  # adults in paid employment: assumption
CHILD_SHARE = 0.45  # share of household members beyond the first two who are children: assumption
# Regional wage level, average wage Q3 2025 / national 412.6 thousand (row 6c); others 1.
NATIONAL_WAGE_Q3_2025 = 412.6
REGION_WAGE_Q3_2025 = {
    "KZ-23": 556.1,
    "KZ-62": 550.9,
    "KZ-47": 550.9,
    "KZ-71": 521.2,
    "KZ-75": 510.0,
    "KZ-79": 310.6,
    "KZ-59": 304.1,
    "KZ-31": 300.1,
    "KZ-61": 284.3,
}


# Named formula changes a reform can carry (also in openfisca_kz/variables/reforms.py).
FORMULAS: Mapping[str, str] = {
    "ipn_flat": "IPN at the single basic rate on all taxable income (no higher band)",
    "asp_excludes_large_family": "ASP's means test leaves the large-family benefit out of income",
}


class FiscalError(ValueError):
    """A reform or population the model cannot use; the message is one sentence."""


def values(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Parameter values, with a reform's overrides (unknown names are refused)."""
    out = {name: p.value for name, p in PARAMETERS.items()}
    for name, value in (overrides or {}).items():
        if name not in out:
            raise FiscalError(f"Unknown parameter {name!r}.")
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise FiscalError(f"The parameter {name} must be a number of at least 0, not {value!r}.")
        out[name] = float(value)
    return out


# --- the population -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    population: int


@dataclass(frozen=True)
class Households:
    region: IntArray  # index into ``regions``
    size: IntArray
    children: IntArray
    earners: IntArray
    wage: FloatArray  # monthly gross wage of each earner slot, shape (n, max earners); 0 when none
    weight: FloatArray  # households in the country each one stands for
    regions: tuple[Region, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.size)


def wage_level(code: str) -> float:
    return REGION_WAGE_Q3_2025.get(code, NATIONAL_WAGE_Q3_2025) / NATIONAL_WAGE_Q3_2025


def synthesise(regions: Sequence[Region], n: int, *, seed: int = 2026) -> Households:
    """``n`` synthetic households spread over regions in proportion to their population."""
    if n <= 0:
        raise FiscalError("The number of households must be positive.")
    usable = [r for r in regions if r.population > 0]
    if not usable:
        raise FiscalError("No region has a population.")
    rng = np.random.default_rng(seed)
    population = np.array([r.population for r in usable], dtype=np.float64)
    region = rng.choice(len(usable), size=n, p=population / population.sum()).astype(np.int64)
    size = rng.choice(np.array(HOUSEHOLD_SIZES), size=n, p=np.array(HOUSEHOLD_SIZE_SHARES)).astype(np.int64)
    extra = np.maximum(size - 2, 0)
    children = rng.binomial(extra, CHILD_SHARE).astype(np.int64)
    adults = size - children
    earners = rng.binomial(adults, EMPLOYMENT_RATE).astype(np.int64)
    slots = int(adults.max())
    sigma = float(np.sqrt(2 * np.log(MEAN_WAGE / MEDIAN_WAGE)))
    levels = np.array([wage_level(r.code) for r in usable])
    raw = MEDIAN_WAGE * np.exp(sigma * rng.standard_normal((n, slots))) * levels[region][:, None]
    wage = np.where(np.arange(slots)[None, :] < earners[:, None], raw, 0.0)
    mean_size = float(np.dot(HOUSEHOLD_SIZES, HOUSEHOLD_SIZE_SHARES))
    households_total = population.sum() / mean_size
    weight = np.full(n, households_total / n)
    return Households(
        region=region,
        size=size,
        children=children,
        earners=earners,
        wage=wage,
        weight=weight,
        regions=tuple(usable),
    )


# --- the rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    gross: FloatArray  # household gross wages per month
    ipn: FloatArray
    employee_contributions: FloatArray  # OPV + VOSMS
    employer_contributions: FloatArray  # social tax, SO, OOSMS, OPVR (budget and funds)
    benefits: FloatArray
    disposable: FloatArray  # gross - IPN - employee contributions + benefits


def compute(households: Households, params: Mapping[str, float], formulas: Sequence[str] = ()) -> Outcome:
    p = params
    mrp, mzp = p["mrp"], p["mzp"]
    w = households.wage
    employed = w > 0
    opv = p["opv.rate"] * np.minimum(w, p["opv.cap_mzp"] * mzp)
    vosms = p["vosms.rate"] * np.minimum(w, p["vosms.cap_mzp"] * mzp)
    taxable = np.maximum(w - opv - vosms - p["ipn.basic_deduction_mrp"] * mrp, 0.0)
    threshold = p["ipn.threshold_mrp_year"] * mrp / 12  # the annual threshold, spread evenly
    if "ipn_flat" in formulas:
        ipn = p["ipn.rate"] * taxable
    else:
        ipn = p["ipn.rate"] * np.minimum(taxable, threshold) + p["ipn.rate_high"] * np.maximum(taxable - threshold, 0.0)
    social_tax = p["social_tax.rate"] * np.maximum(w, p["social_tax.min_base_mrp"] * mrp) * employed
    so = p["so.rate"] * np.clip(w, mzp, p["so.cap_mzp"] * mzp) * employed
    oosms = p["oosms.rate"] * np.minimum(w, p["oosms.cap_mzp"] * mzp)
    opvr = p["opvr.rate"] * p["opvr.share_born_1975_or_later"] * np.minimum(w, p["opvr.cap_mzp"] * mzp)
    gross = w.sum(axis=1)
    ipn_h = ipn.sum(axis=1)
    employee = (opv + vosms).sum(axis=1)
    employer = (social_tax + so + oosms + opvr).sum(axis=1)
    kids = households.children
    large = np.select(
        [kids == 4, kids == 5, kids == 6, kids == 7, kids >= 8],
        [
            p["large_family.mrp_4"] * mrp,
            p["large_family.mrp_5"] * mrp,
            p["large_family.mrp_6"] * mrp,
            p["large_family.mrp_7"] * mrp,
            p["large_family.mrp_per_child_8"] * mrp * kids,
        ],
        0.0,
    )
    before_asp = gross - ipn_h - employee + large
    line = p["asp.poverty_line_share"] * p["subsistence_minimum"]
    tested = before_asp - large if "asp_excludes_large_family" in formulas else before_asp
    asp = np.maximum(line - tested / households.size, 0.0) * households.size
    benefits = large + asp
    return Outcome(
        gross=gross,
        ipn=ipn_h,
        employee_contributions=employee,
        employer_contributions=employer,
        benefits=benefits,
        disposable=before_asp + asp,
    )


# --- comparing the current law and a reform ---------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupEffect:
    label: str
    households: float  # weighted
    mean_change: float  # KZT per household per month
    winners: float  # share of households gaining more than 1 KZT
    losers: float


@dataclass(frozen=True)
class Comparison:
    households: int
    budget_effect: float  # KZT per year: (reform revenue - benefits) - (current ...); > 0 gains the budget
    revenue_current: float
    revenue_reform: float
    deciles: list[GroupEffect]
    regions: list[GroupEffect]
    typical: list[tuple[str, float, float]]  # label, disposable now, under the reform


def _groups(
    keys: IntArray, count: int, change: FloatArray, weight: FloatArray, labels: Sequence[str]
) -> list[GroupEffect]:
    w_sum = np.bincount(keys, weights=weight, minlength=count)
    c_sum = np.bincount(keys, weights=weight * change, minlength=count)
    win = np.bincount(keys, weights=weight * (change > 1), minlength=count)
    lose = np.bincount(keys, weights=weight * (change < -1), minlength=count)
    safe = np.where(w_sum > 0, w_sum, 1.0)
    return [
        GroupEffect(
            label=labels[i],
            households=float(w_sum[i]),
            mean_change=float(c_sum[i] / safe[i]),
            winners=float(win[i] / safe[i]),
            losers=float(lose[i] / safe[i]),
        )
        for i in range(count)
    ]


def _net_revenue(o: Outcome, weight: FloatArray) -> float:
    monthly = o.ipn + o.employee_contributions + o.employer_contributions - o.benefits
    return float(np.dot(monthly, weight) * 12)


Engine = Callable[[Households, Mapping[str, float], Sequence[str]], Outcome]


def numpy_engine(households: Households, overrides: Mapping[str, float], formulas: Sequence[str]) -> Outcome:
    return compute(households, values(overrides), formulas)


def compare(
    households: Households,
    reform: Mapping[str, float],
    formulas: Sequence[str] = (),
    *,
    engine: Engine = numpy_engine,
) -> Comparison:
    """The current law against the reform: budget, deciles of equivalised income, regions.

    ``engine`` computes the outcome of a set of parameter overrides and formula changes: this
    numpy core by default, or the OpenFisca country package (``openfisca_kz.simulation.engine``).
    """
    now = engine(households, {}, ())
    new = engine(households, reform, formulas)
    change = new.disposable - now.disposable
    equivalised = now.disposable / np.sqrt(households.size)
    order = np.argsort(equivalised, kind="stable")
    cum = np.cumsum(households.weight[order])
    decile = np.empty(len(households), dtype=np.int64)
    decile[order] = np.minimum((10 * cum / cum[-1] - 1e-9).astype(np.int64), 9)
    revenue_now = _net_revenue(now, households.weight)
    revenue_new = _net_revenue(new, households.weight)
    typical = []
    for label, mask in (
        ("one person, employed", (households.size == 1) & (households.earners == 1)),
        ("couple, two earners, two children", (households.size == 4) & (households.earners == 2)),
        ("large family, 4+ children", households.children >= 4),
    ):
        idx = np.flatnonzero(mask)
        if len(idx):
            pick = idx[np.argsort(now.disposable[idx])[len(idx) // 2]]
            typical.append((label, float(now.disposable[pick]), float(new.disposable[pick])))
    return Comparison(
        households=len(households),
        budget_effect=revenue_new - revenue_now,
        revenue_current=revenue_now,
        revenue_reform=revenue_new,
        deciles=_groups(decile, 10, change, households.weight, [str(i + 1) for i in range(10)]),
        regions=_groups(
            households.region,
            len(households.regions),
            change,
            households.weight,
            [r.name for r in households.regions],
        ),
        typical=typical,
    )


def with_weights(households: Households, weight: FloatArray) -> Households:
    return replace(households, weight=weight)


@dataclass(frozen=True, slots=True)
class Reform:
    name: str
    parameters: dict[str, float]
    formulas: tuple[str, ...] = ()


def parse_reform(data: object) -> Reform:
    """A reform from its YAML/JSON form: ``{"name": ..., "parameters": {name: value}, "formulas": [name]}``."""
    if not isinstance(data, dict):
        raise FiscalError("A reform must be a mapping with name and parameters.")
    name = data.get("name", "")
    parameters = data.get("parameters", {})
    formulas = data.get("formulas", [])
    if not isinstance(name, str):
        raise FiscalError("The reform's name must be text.")
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, dict):
        raise FiscalError("The reform's 'parameters' must be a mapping of names to values.")
    if formulas is None:
        formulas = []
    if not isinstance(formulas, list) or not all(isinstance(f, str) for f in formulas):
        raise FiscalError("The reform's 'formulas' must be a list of formula names.")
    for formula in formulas:
        if formula not in FORMULAS:
            raise FiscalError(f"Unknown formula {formula!r}; known: {', '.join(sorted(FORMULAS))}.")
    if not parameters and not formulas:
        raise FiscalError("A reform must change at least one parameter under 'parameters' or one formula.")
    values(parameters)  # refuses unknown names and bad values
    return Reform(
        name=name or "reform",
        parameters={str(k): float(v) for k, v in parameters.items()},
        formulas=tuple(dict.fromkeys(formulas)),
    )


def comparison_document(reform: Reform, result: Comparison) -> dict[str, object]:
    """The JSON form of a comparison (the CLI's --json and the API)."""

    def group(g: GroupEffect) -> dict[str, object]:
        return {
            "label": g.label,
            "households": round(g.households),
            "mean_change_kzt_month": round(g.mean_change, 2),
            "winners": round(g.winners, 6),
            "losers": round(g.losers, 6),
        }

    document: dict[str, object] = {
        "reform": reform.name,
        "parameters": reform.parameters,
        "households_simulated": result.households,
        "budget_effect_kzt_year": round(result.budget_effect),
        "net_revenue_current_kzt_year": round(result.revenue_current),
        "net_revenue_reform_kzt_year": round(result.revenue_reform),
        "deciles": [group(g) for g in result.deciles],
        "regions": [group(g) for g in result.regions],
        "typical_households": [
            {"household": label, "disposable_now": round(a, 2), "disposable_reform": round(b, 2)}
            for label, a, b in result.typical
        ],
    }
    if reform.formulas:  # only then, so parameter-only documents keep their shape
        document["formulas"] = list(reform.formulas)
    return document
