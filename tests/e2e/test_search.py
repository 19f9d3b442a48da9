"""Material's search, as the browser queries it: every KPI by name and abbreviation, and the
page a reader expects first for what marketers type."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import search_finds, search_results, watch_search


def _queries(catalog) -> list[tuple[str, str]]:
    pairs = []
    for kpi in catalog.kpis.values():
        pairs += [(kpi.name.nl, kpi.id), (kpi.name.en, kpi.id)]
        if kpi.abbr:
            pairs.append((kpi.abbr, kpi.id))
    return pairs


def test_every_kpi_name_and_abbreviation_finds_its_page(
    page: Page, base_url: str, real_catalog
) -> None:
    page.goto(base_url + "/")
    page.locator("input.md-search__input").click()
    missing = [
        query for query, kpi_id in _queries(real_catalog) if not search_finds(page, query, kpi_id)
    ]
    assert missing == []


#: (what a reader types, the page they expect, the rank it must have at least) on the Dutch site.
#: Abbreviations, plurals, the last part of a compound, concepts, and words still being typed.
QUERIES_NL = [
    ("vanity", "guide/vanity-metrics/", 1),
    ("vanity metrics", "guide/vanity-metrics/", 1),
    ("ijdelheidsmetrics", "guide/vanity-metrics/", 1),
    ("CLV", "kpi/clv/", 1),
    ("LTV", "kpi/clv/", 1),
    ("klantwaarde", "kpi/clv/", 1),
    ("marge", "kpi/gross_margin_pct/", 3),
    ("winstmarge", "kpi/profit_margin_per_customer/", 1),
    ("retentie", "kpi/customer_retention_rate/", 3),
    ("retentie", "goals/retain_customers/", 3),
    ("klanten behouden", "goals/retain_customers/", 1),
    ("loyaliteit", "goals/retain_customers/", 3),
    ("conversies", "kpi/conversion_rate/", 1),
    ("conversie", "kpi/conversion_rate/", 1),
    ("conv", "kpi/conversion_rate/", 3),
    ("churn", "kpi/churn_rate/", 1),
    ("klantverloop", "kpi/churn_rate/", 1),
    ("opzeggers", "kpi/churn_rate/", 1),
    ("CAC", "kpi/cac/", 1),
    ("klantacquisitiekosten", "kpi/cac/", 1),
    ("ROAS", "kpi/roas/", 1),
    ("CTR", "kpi/ctr/", 1),
    ("CPL", "kpi/cost_per_lead/", 1),
    ("kosten per lead", "kpi/cost_per_lead/", 1),
    ("NPS", "kpi/nps/", 1),
    ("ROI", "kpi/marketing_roi/", 3),
    ("leads", "goals/quality_leads/", 3),
    ("aantal leads", "kpi/lead_volume/", 1),
    ("SMART", "guide/marketing-goals/", 1),
    ("SMART-doelen", "guide/marketing-goals/", 1),
    ("merkbekendheid", "goals/brand_awareness/", 1),
    ("websiteverkeer", "goals/website_traffic/", 3),
    ("omzet", "kpi/revenue/", 1),
    ("marktaandeel", "kpi/market_share/", 1),
    ("bounce", "kpi/bounce_rate/", 1),
    ("bestelwaarde", "kpi/aov/", 1),
    ("klanttevredenheid", "kpi/customer_satisfaction/", 1),
    ("upsell", "goals/upsell_cross_sell/", 3),
    ("bijverkoop", "goals/upsell_cross_sell/", 3),
    ("lancering", "goals/launch_product/", 1),
    ("afkortingen", "guide/glossary/", 1),
    ("wat is een kpi", "guide/what-is-a-kpi/", 1),
    ("leading lagging", "guide/what-is-a-kpi/", 1),
]

#: The same on the English site.
QUERIES_EN = [
    ("vanity", "guide/vanity-metrics/", 1),
    ("vanity metrics", "guide/vanity-metrics/", 1),
    ("vanity metric", "guide/vanity-metrics/", 1),
    ("CLV", "kpi/clv/", 1),
    ("LTV", "kpi/clv/", 1),
    ("lifetime value", "kpi/clv/", 1),
    ("margin", "kpi/gross_margin_pct/", 3),
    ("profit margin", "kpi/profit_margin_per_customer/", 1),
    ("retention", "kpi/customer_retention_rate/", 3),
    ("retention", "goals/retain_customers/", 3),
    ("retain customers", "goals/retain_customers/", 1),
    ("loyalty", "goals/retain_customers/", 3),
    ("conversions", "kpi/conversion_rate/", 1),
    ("conversion", "kpi/conversion_rate/", 3),
    ("conv", "kpi/conversion_rate/", 3),
    ("churn", "kpi/churn_rate/", 1),
    ("attrition", "kpi/churn_rate/", 1),
    ("cancellations", "kpi/churn_rate/", 1),
    ("CAC", "kpi/cac/", 1),
    ("ROAS", "kpi/roas/", 1),
    ("CTR", "kpi/ctr/", 1),
    ("CPL", "kpi/cost_per_lead/", 1),
    ("cost per lead", "kpi/cost_per_lead/", 1),
    ("NPS", "kpi/nps/", 1),
    ("ROI", "kpi/marketing_roi/", 3),
    ("leads", "goals/quality_leads/", 3),
    ("number of leads", "kpi/lead_volume/", 1),
    ("SMART", "guide/marketing-goals/", 1),
    ("SMART goals", "guide/marketing-goals/", 1),
    ("brand awareness", "goals/brand_awareness/", 3),
    ("website traffic", "goals/website_traffic/", 3),
    ("revenue", "kpi/revenue/", 1),
    ("market share", "kpi/market_share/", 1),
    ("bounce", "kpi/bounce_rate/", 1),
    ("order value", "kpi/aov/", 1),
    ("customer satisfaction", "kpi/customer_satisfaction/", 1),
    ("upsell", "goals/upsell_cross_sell/", 3),
    ("cross-selling", "goals/upsell_cross_sell/", 3),
    ("launch", "goals/launch_product/", 1),
    ("abbreviations", "guide/glossary/", 1),
    ("what is a kpi", "guide/what-is-a-kpi/", 1),
    ("leading lagging", "guide/what-is-a-kpi/", 1),
]


@pytest.mark.parametrize(("lang", "queries"), [("nl", QUERIES_NL), ("en", QUERIES_EN)])
def test_readers_find_the_page_they_expect_at_the_top(
    page: Page, base_url: str, lang: str, queries: list[tuple[str, str, int]]
) -> None:
    site = f"{base_url}/" if lang == "nl" else f"{base_url}/en/"
    watch_search(page)
    page.goto(site)
    page.locator("input.md-search__input").click()
    misses = []
    for query, expected, top in queries:
        found = search_results(page, query, site)
        rank = found.index(expected) + 1 if expected in found else None
        if rank is None or rank > top:
            misses.append(f"{query!r}: {expected} ranks {rank}, not in the top {top}: {found[:3]}")
    assert misses == []
