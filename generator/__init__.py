"""KPI handbook generator: catalog.yaml in, a Material for MkDocs site with calculators out."""

__version__ = "0.1.0"
